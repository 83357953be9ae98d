import { type Kysely, sql } from 'kysely';
import { type AuditRow, auditEntryHash } from '../store/repos/audit.js';
import { conclusionHash, rowToConclusion } from '../store/review/conclusions.js';
import { reviewDb } from '../store/review/schema.js';
import type { Database } from '../store/schema.js';

/**
 * Verifies the store's audit log (src/store/repos/audit.ts: `hash = sha256(prev_hash + "\n" + canonical
 * entry)`, the first entry with prev_hash NULL) and cross-checks the records it vouches for:
 *
 * 1. the chain: each row's hash recomputed from its stored columns, each prev_hash equal to the previous
 *    row's hash (an edited, removed or reordered entry breaks it from there on);
 * 2. the tail: SQLite's AUTOINCREMENT high-water mark must equal the last id (entries deleted from the
 *    end leave no broken link, but they leave this gap), and an `anchor` hash an auditor noted earlier
 *    must still be in the chain;
 * 3. the records: every conclusion row must hash to what its `conclusion.create` entry recorded, every
 *    revocation must have its entry, and every API key's role, label and revocation must match its
 *    `key.create` / `key.revoke` entries (a role edited in place is caught).
 *
 * Reads in pages, so a log of millions of entries is verified in constant memory.
 */
export interface AuditProblem {
  /** Audit entry id (or 0 when the problem is a record with no entry). */
  id: number;
  kind: 'chain' | 'tail' | 'anchor' | 'record';
  reason: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** Hash of the last entry: note it down to detect later truncation (`--anchor`). */
  head: string | null;
  /** The first problem found (verification of the chain stops there). */
  problem: AuditProblem | null;
}

const PAGE = 2000;

interface KeyFacts {
  role: unknown;
  label: unknown;
  prefix: unknown;
  revoked: boolean;
}

export async function verifyAuditLog(
  db: Kysely<Database>,
  options: { anchor?: string } = {},
): Promise<AuditVerifyResult> {
  let prev: string | null = null;
  let entries = 0;
  let lastId = 0;
  let anchorSeen = !options.anchor;
  const conclusionHashes = new Map<string, string>();
  const revokedConclusions = new Set<string>();
  const keys = new Map<number, KeyFacts>();
  const fail = (problem: AuditProblem): AuditVerifyResult => ({ ok: false, entries, head: prev, problem });

  while (true) {
    const rows: AuditRow[] = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      entries++;
      if (row.prev_hash !== prev)
        return fail({
          id: row.id,
          kind: 'chain',
          reason:
            prev === null
              ? 'the first entry must have no prev_hash'
              : 'prev_hash does not match the previous entry (an entry was removed, inserted or reordered)',
        });
      if (auditEntryHash(row.prev_hash, row) !== row.hash)
        return fail({ id: row.id, kind: 'chain', reason: 'content does not match its hash (the entry was edited)' });
      prev = row.hash;
      lastId = row.id;
      if (row.hash === options.anchor) anchorSeen = true;
      collect(row, conclusionHashes, revokedConclusions, keys);
    }
    if (rows.length < PAGE) break;
  }

  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'audit_log'`
    .execute(db)
    .then((r) => r.rows[0]?.seq ?? 0)
    .catch(() => lastId);
  if (Number(seq) > lastId)
    return fail({
      id: lastId,
      kind: 'tail',
      reason: `entries after #${lastId} were deleted (ids were issued up to #${seq})`,
    });
  if (!anchorSeen)
    return fail({
      id: lastId,
      kind: 'anchor',
      reason: `the anchor ${options.anchor} is not in the chain (the log was truncated or replaced)`,
    });

  const record = await verifyRecords(db, conclusionHashes, revokedConclusions, keys);
  if (record) return fail(record);
  return { ok: true, entries, head: prev, problem: null };
}

function collect(
  row: AuditRow,
  conclusionHashes: Map<string, string>,
  revoked: Set<string>,
  keys: Map<number, KeyFacts>,
): void {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details_json) as Record<string, unknown>;
  } catch {
    return;
  }
  const id = row.subject.replace(/^[a-z]+:/, '');
  if (row.action === 'conclusion.create' && typeof details.content_sha256 === 'string')
    conclusionHashes.set(id, details.content_sha256);
  else if (row.action === 'conclusion.revoke') revoked.add(id);
  else if (row.action === 'key.create')
    keys.set(Number(id), { role: details.role, label: details.label, prefix: details.prefix, revoked: false });
  else if (row.action === 'key.revoke') {
    const k = keys.get(Number(id));
    if (k) k.revoked = true;
  }
}

async function verifyRecords(
  db: Kysely<Database>,
  conclusionHashes: Map<string, string>,
  revoked: Set<string>,
  keys: Map<number, KeyFacts>,
): Promise<AuditProblem | null> {
  const rdb = reviewDb(db);
  let after = '';
  while (true) {
    const rows = await rdb
      .selectFrom('conclusions')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const audited = conclusionHashes.get(row.id);
      if (!audited) return { id: 0, kind: 'record', reason: `conclusion ${row.id} has no audit entry` };
      const actual = conclusionHash(rowToConclusion(row));
      if (actual !== audited || row.content_sha256 !== audited)
        return {
          id: 0,
          kind: 'record',
          reason: `conclusion ${row.id} differs from what the audit log recorded (edited)`,
        };
      if (row.revoked_at && !revoked.has(row.id))
        return { id: 0, kind: 'record', reason: `conclusion ${row.id} is revoked without an audit entry` };
      if (!row.revoked_at && revoked.has(row.id))
        return { id: 0, kind: 'record', reason: `conclusion ${row.id} was revoked per the audit log but is active` };
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  const keyRows = await db.selectFrom('api_keys').select(['id', 'role', 'label', 'key_prefix', 'revoked_at']).execute();
  for (const k of keyRows) {
    const audited = keys.get(k.id);
    if (!audited) return { id: 0, kind: 'record', reason: `API key ${k.id} has no key.create audit entry` };
    if (audited.role !== k.role || audited.label !== k.label || audited.prefix !== k.key_prefix)
      return {
        id: 0,
        kind: 'record',
        reason: `API key ${k.id} differs from its key.create entry (role "${k.role}", audited "${String(audited.role)}")`,
      };
    if (Boolean(k.revoked_at) !== audited.revoked)
      return { id: 0, kind: 'record', reason: `API key ${k.id} revocation does not match the audit log` };
  }
  return null;
}
