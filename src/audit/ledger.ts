import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../store/hash.js';
import type { Store } from '../store/open.js';
import { appendAudit } from '../store/repos/audit.js';
import type { Database } from '../store/schema.js';

/**
 * The ledger: the stored findings auditors rely on — verdict rows (with their evidence links and site
 * snapshot links) and evidence rows — sealed into the audit chain by checkpoints. A checkpoint is an
 * audit entry `ledger.checkpoint` whose details hold, per table, the last row id it covers, the row count
 * and a rolling hash: h(n) = sha256(h(n-1) + "\n" + canonical JSON of row n), continued from the previous
 * checkpoint, so each checkpoint only hashes the rows added since the last one.
 *
 * `audit verify` recomputes the rolling hashes and compares them at every checkpoint: an edited row
 * changes the hash, a deleted or inserted one also the count. Rows newer than the last checkpoint are not
 * covered yet (reported, and sealed by the next checkpoint: the service makes one periodically and on
 * stop, `clearance audit checkpoint` on demand). The audit log's head after a checkpoint is the anchor
 * to keep elsewhere; see anchors.ts.
 */
export const CHECKPOINT_ACTION = 'ledger.checkpoint';

export const LEDGER_TABLES = ['verdicts', 'evidence'] as const;
export type LedgerTable = (typeof LEDGER_TABLES)[number];

export interface LedgerMark {
  /** Last row id covered (0: none). */
  toId: number;
  count: number;
  /** Rolling hash after that row ('' before the first row). */
  sha256: string;
}

export type LedgerState = Record<LedgerTable, LedgerMark>;

export const EMPTY_LEDGER: LedgerState = {
  verdicts: { toId: 0, count: 0, sha256: '' },
  evidence: { toId: 0, count: 0, sha256: '' },
};

const PAGE = 1000;

export function rollHash(prev: string, row: unknown): string {
  return createHash('sha256').update(prev).update('\n').update(canonicalJson(row)).digest('hex');
}

/** Rows of one ledger table with id > `afterId`, in id order, as the records that are hashed. */
export async function* ledgerRows(
  db: Kysely<Database>,
  table: LedgerTable,
  afterId: number,
  upToId = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<{ id: number; record: unknown }> {
  let last = afterId;
  for (;;) {
    const rows = (await db
      .selectFrom(table)
      .selectAll()
      .where('id', '>', last)
      .where('id', '<=', upToId)
      .orderBy('id')
      .limit(PAGE)
      .execute()) as { id: number }[];
    if (rows.length === 0) return;
    const links = table === 'verdicts' ? await verdictLinks(db, rows[0]!.id, rows.at(-1)!.id) : null;
    for (const row of rows) yield { id: row.id, record: links ? { row, ...links(row.id) } : { row } };
    last = rows.at(-1)!.id;
    if (rows.length < PAGE) return;
  }
}

/** A verdict's evidence links (in position order) and site snapshot ids: part of what is sealed. */
async function verdictLinks(db: Kysely<Database>, from: number, to: number) {
  const evBy = groupBy(await linkRows(db, 'verdict_evidence', 'position', from, to), (r) => r.verdict_id);
  const snapBy = groupBy(await linkRows(db, 'verdict_site_snapshots', 'snapshot_id', from, to), (r) => r.verdict_id);
  return (id: number) => ({
    evidence: evBy.get(id) ?? [],
    snapshots: (snapBy.get(id) ?? []).map((s) => s.snapshot_id),
  });
}

type LinkRow = { verdict_id: number } & Record<string, unknown>;

/** Rows of a verdict link table for verdicts `from`..`to`, in verdict order then `order`. */
function linkRows(
  db: Kysely<Database>,
  table: 'verdict_evidence' | 'verdict_site_snapshots',
  order: 'position' | 'snapshot_id',
  from: number,
  to: number,
): Promise<LinkRow[]> {
  return db
    .selectFrom(table)
    .selectAll()
    .where('verdict_id', '>=', from)
    .where('verdict_id', '<=', to)
    .orderBy('verdict_id')
    .orderBy(order as 'verdict_id')
    .execute() as Promise<LinkRow[]>;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Extends a mark over the rows after it (up to `upToId`). */
export async function extendMark(
  db: Kysely<Database>,
  table: LedgerTable,
  mark: LedgerMark,
  upToId?: number,
): Promise<LedgerMark> {
  let { toId, count, sha256 } = mark;
  for await (const r of ledgerRows(db, table, mark.toId, upToId)) {
    sha256 = rollHash(sha256, r.record);
    toId = r.id;
    count++;
  }
  return { toId, count, sha256 };
}

/** The ledger state of the last checkpoint in the audit log (the empty state when there is none). */
export async function lastCheckpoint(db: Kysely<Database>): Promise<{ entryId: number; state: LedgerState }> {
  const row = await db
    .selectFrom('audit_log')
    .select(['id', 'details_json'])
    .where('action', '=', CHECKPOINT_ACTION)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { entryId: 0, state: EMPTY_LEDGER };
  return { entryId: row.id, state: parseCheckpoint(row.details_json) };
}

export function parseCheckpoint(detailsJson: string): LedgerState {
  const d = JSON.parse(detailsJson) as Partial<Record<LedgerTable, LedgerMark>>;
  const mark = (m: LedgerMark | undefined): LedgerMark => ({
    toId: Number(m?.toId ?? 0),
    count: Number(m?.count ?? 0),
    sha256: String(m?.sha256 ?? ''),
  });
  return { verdicts: mark(d.verdicts), evidence: mark(d.evidence) };
}

export interface CheckpointResult {
  /** The checkpoint entry (a new one, or the last one when nothing was added since). */
  entryId: number;
  created: boolean;
  state: LedgerState;
  /** The audit log's head hash after the checkpoint: the anchor to keep elsewhere. */
  anchor: string;
}

/**
 * Seals the rows added since the last checkpoint. Hashing runs outside the write lock (the tables are
 * append-only, so covered rows cannot change under it); the append checks that no other checkpoint came
 * in between and otherwise starts again.
 */
export async function checkpointLedger(store: Store, actor: string): Promise<CheckpointResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await lastCheckpoint(store.db);
    const state = {} as LedgerState;
    for (const t of LEDGER_TABLES) state[t] = await extendMark(store.db, t, last.state[t]);
    const unchanged = LEDGER_TABLES.every((t) => state[t].toId === last.state[t].toId);
    const result = await store.write(async (trx) => {
      const now = await lastCheckpoint(trx);
      if (now.entryId !== last.entryId) return null;
      const head = await trx
        .selectFrom('audit_log')
        .select(['id', 'hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (unchanged && head) return { entryId: last.entryId, created: false, state, anchor: head.hash };
      const entry = await appendAudit(trx, {
        actor,
        action: CHECKPOINT_ACTION,
        subject: 'ledger',
        details: { verdicts: state.verdicts, evidence: state.evidence },
      });
      return { entryId: entry.id, created: true, state, anchor: entry.hash };
    });
    if (result) return result;
  }
  throw new Error('could not write a ledger checkpoint: other checkpoints kept coming in between');
}
