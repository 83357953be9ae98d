import { type Kysely, sql } from 'kysely';
import { conclusionHash, rowToConclusion } from '../review/db/conclusions.js';
import { reviewDb } from '../review/db/schema.js';
import { type AuditRow, auditEntryHash } from '../store/repos/audit.js';
import type { Database } from '../store/schema.js';
import {
  CHECKPOINT_ACTION,
  EMPTY_LEDGER,
  extendMark,
  LEDGER_TABLES,
  type LedgerState,
  parseCheckpoint,
} from './ledger.js';

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
  kind: 'chain' | 'tail' | 'anchor' | 'record' | 'ledger';
  reason: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** Hash of the last entry: note it down to detect later truncation (`--anchor`). */
  head: string | null;
  /** The first problem found (verification of the chain stops there). */
  problem: AuditProblem | null;
  /** Ledger checkpoints checked, and rows stored after the last one (not sealed yet). */
  ledger: { checkpoints: number; uncovered: Record<string, number> };
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
  options: { anchor?: string; anchors?: readonly string[] } = {},
): Promise<AuditVerifyResult> {
  const wanted = [...(options.anchor ? [options.anchor] : []), ...(options.anchors ?? [])];
  const seen = new Set<string>();
  const checkpoints: { id: number; state: LedgerState }[] = [];
  let ledger: AuditVerifyResult['ledger'] = { checkpoints: 0, uncovered: {} };
  let prev: string | null = null;
  let entries = 0;
  let lastId = 0;
  const conclusionHashes = new Map<string, string>();
  const revokedConclusions = new Set<string>();
  const keys = new Map<number, KeyFacts>();
  const fail = (problem: AuditProblem): AuditVerifyResult => ({ ok: false, entries, head: prev, problem, ledger });

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
      if (wanted.includes(row.hash)) seen.add(row.hash);
      if (row.action === CHECKPOINT_ACTION) checkpoints.push({ id: row.id, state: parseCheckpoint(row.details_json) });
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
  const missing = wanted.find((a) => !seen.has(a));
  if (missing)
    return fail({
      id: lastId,
      kind: 'anchor',
      reason: `the anchor ${missing} is not in the chain (the log was truncated or replaced)`,
    });

  const record = await verifyRecords(db, conclusionHashes, revokedConclusions, keys);
  if (record) return fail(record);
  const sealed = await verifyLedger(db, checkpoints);
  ledger = sealed.ledger;
  if (sealed.problem) return fail(sealed.problem);
  return { ok: true, entries, head: prev, problem: null, ledger };
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

/**
 * Recomputes each ledger table's rolling hash (src/audit/ledger.ts) in one pass and compares it at every
 * checkpoint: a different count means rows were deleted or inserted in that range, the same count with a
 * different hash means a row was edited.
 */
async function verifyLedger(
  db: Kysely<Database>,
  checkpoints: readonly { id: number; state: LedgerState }[],
): Promise<{ problem: AuditProblem | null; ledger: AuditVerifyResult['ledger'] }> {
  const uncovered: Record<string, number> = {};
  for (const table of LEDGER_TABLES) {
    let mark = EMPTY_LEDGER[table];
    for (const cp of checkpoints) {
      const want = cp.state[table];
      const from = mark.toId;
      mark = await extendMark(db, table, mark, want.toId);
      if (mark.count !== want.count || mark.sha256 !== want.sha256) {
        const what =
          mark.count < want.count
            ? `${want.count - mark.count} row(s) deleted`
            : mark.count > want.count
              ? `${mark.count - want.count} row(s) inserted`
              : 'a row edited';
        return {
          problem: {
            id: cp.id,
            kind: 'ledger',
            reason: `${table} rows #${from + 1}–#${want.toId} differ from checkpoint entry #${cp.id}: ${what}`,
          },
          ledger: { checkpoints: checkpoints.length, uncovered },
        };
      }
      mark = want;
    }
    const rest = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '>', mark.toId)
      .executeTakeFirst();
    uncovered[table] = Number(rest?.n ?? 0);
  }
  return { problem: null, ledger: { checkpoints: checkpoints.length, uncovered } };
}
