import { type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { USES, type Use } from '../../model/uses.js';
import { LOW_CONFIDENCE } from '../../store/repos/verdicts.js';
import type { Database } from '../../store/schema.js';
import { permissionCode, signalBit, useShift } from '../queueCodes.js';
import type { QueueFilter, QueueQuery, QueueSort } from '../queueFilter.js';
import { hostCondition } from '../sync.js';
import { ReviewInputError } from '../validate.js';
import { type ReviewDatabase, type ReviewItemTable, reviewDb } from './schema.js';

export type ReviewItemRow = Omit<ReviewItemTable, 'id'> & { id: number };

type ItemQuery<O> = SelectQueryBuilder<ReviewDatabase, 'review_items', O>;
type Eb = ExpressionBuilder<ReviewDatabase, 'review_items'>;

/** Sort keys per order, in ORDER BY sequence; the last is always the item id (unique). Each has an index (migration 070). */
const SORTS: Record<QueueSort, { cols: (keyof ReviewItemTable)[]; dir: 'asc' | 'desc' }> = {
  priority: { cols: ['priority', 'decided_at', 'id'], dir: 'desc' },
  newest: { cols: ['decided_at', 'id'], dir: 'desc' },
  oldest: { cols: ['decided_at', 'id'], dir: 'asc' },
  confidence: { cols: ['confidence_key', 'id'], dir: 'asc' },
  domain: { cols: ['host_rev', 'id'], dir: 'asc' },
};

/** The effective permission of `use` in `uses_code` (2 bits per use). */
function useBits(u: Use) {
  return sql<number>`((uses_code >> ${sql.lit(useShift(u))}) & 3)`;
}

/**
 * WHERE conditions for a filter; `publisherDomains` is the resolved domain list of `filter.publisher`.
 * Every condition but the URL prefix reads columns of the review_items_queue index, so counting is an
 * index-only scan and a page needs table rows only for what it shows.
 *
 * Date and confidence conditions are written `+col`, and for a page (`ordered`) the host condition too:
 * that keeps SQLite from choosing their own indexes (a range of 30,000 rows then sorted, measured at
 * 260 ms) over walking the sort order's index and stopping after one page (measured at 10 ms).
 */
export function applyFilter<O>(
  q: ItemQuery<O>,
  f: QueueFilter,
  publisherDomains?: readonly string[],
  ordered = false,
): ItemQuery<O> {
  // Counts too read the date and confidence through the covering queue index (a scan of its entries beats
  // a date range over the table at any size); a host range stays indexable for counts (small sites).
  const col = (name: 'decided_at' | 'confidence_key') => sql.raw(`+${name}`);
  const hostOptions = { useIndex: !ordered };
  q = q.where('profile', '=', f.profile);
  if (f.scope === 'flagged') q = q.where('flagged', '=', 1);
  if (f.use && f.outcome) q = q.where(sql<boolean>`${useBits(f.use)} = ${sql.lit(permissionCode(f.outcome))}`);
  else if (f.outcome) {
    const code = permissionCode(f.outcome);
    q = q.where(
      sql<boolean>`(${sql.join(
        USES.map((u) => sql`${useBits(u)} = ${sql.lit(code)}`),
        sql` or `,
      )})`,
    );
  } else if (f.use) q = q.where(sql<boolean>`${useBits(f.use)} >= ${sql.lit(permissionCode('conditional'))}`);
  if (f.exclude === 'training') q = q.where('exclude_training', '=', 1);
  else if (f.exclude === 'redistribution') q = q.where('exclude_redistribution', '=', 1);
  else if (f.exclude === 'any')
    q = q.where((eb: Eb) => eb.or([eb('exclude_training', '=', 1), eb('exclude_redistribution', '=', 1)]));
  else if (f.exclude === 'none') q = q.where('exclude_training', '=', 0).where('exclude_redistribution', '=', 0);
  if (f.signal) q = q.where(sql<boolean>`(signals & ${sql.lit(signalBit(f.signal))}) != 0`);
  if (f.language === 'none') q = q.where('language', 'is', null);
  else if (f.language) q = q.where('language', '=', f.language);
  if (f.domain) q = q.where(hostCondition([f.domain], hostOptions));
  if (publisherDomains) q = q.where(hostCondition(publisherDomains, hostOptions));
  if (f.confidenceBelow !== undefined) q = q.where(sql<boolean>`${col('confidence_key')} < ${f.confidenceBelow}`);
  if (f.conflicts !== undefined) q = q.where('has_conflicts', '=', f.conflicts ? 1 : 0);
  if (f.status === 'open') q = q.where('status', '=', 'open');
  else if (f.status === 'concluded') q = q.where('status', '!=', 'open');
  else if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where(sql<boolean>`${col('decided_at')} >= ${f.from}`);
  if (f.to) q = q.where(sql<boolean>`${col('decided_at')} <= ${f.to}`);
  if (f.urlPrefix) {
    const p = f.urlPrefix;
    q = q.where(sql<boolean>`substr(url, 1, ${p.length}) = ${p}`);
  }
  return q;
}

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: QueueSort): CursorValue[] {
  const n = SORTS[sort].cols.length;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ReviewInputError('cursor', 'is not a cursor this server issued');
  }
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'string' || typeof x === 'number'))
    throw new ReviewInputError('cursor', 'does not fit this sort order (start again from the first page)');
  return v as CursorValue[];
}

function cursorOf(row: ReviewItemRow, sort: QueueSort): string {
  return encodeCursor(SORTS[sort].cols.map((c) => row[c as keyof ReviewItemRow] as CursorValue));
}

/** Row-value comparison `(a, b, id) < (?, ?, ?)`: one index range seek in SQLite (≥ 3.15) and PostgreSQL. */
function after(sort: QueueSort, values: CursorValue[]): RawBuilder<boolean> {
  const { cols, dir } = SORTS[sort];
  const op = dir === 'desc' ? sql.raw('<') : sql.raw('>');
  return sql<boolean>`(${sql.join(cols.map((c) => sql.ref(c)))}) ${op} (${sql.join(values)})`;
}

export interface QueuePage {
  items: ReviewItemRow[];
  /** Cursor for the next page, or null on the last page. */
  next: string | null;
}

export async function queuePage(
  db: Kysely<Database>,
  query: QueueQuery,
  publisherDomains?: readonly string[],
): Promise<QueuePage> {
  const { cols, dir } = SORTS[query.sort];
  let q = applyFilter(reviewDb(db).selectFrom('review_items').selectAll(), query.filter, publisherDomains, true);
  if (query.cursor) q = q.where(after(query.sort, decodeCursor(query.cursor, query.sort)));
  for (const c of cols) q = q.orderBy(c, dir);
  const rows = (await q.limit(query.limit + 1).execute()) as ReviewItemRow[];
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  return { items, next: more ? cursorOf(items[items.length - 1]!, query.sort) : null };
}

export interface QueueCounts {
  total: number;
  open: number;
  concluded: number;
  excludeTraining: number;
  excludeRedistribution: number;
  conflicts: number;
  lowConfidence: number;
}

/** Counts over everything the filter matches (not just the page), for the always-visible summary. */
export async function queueCounts(
  db: Kysely<Database>,
  filter: QueueFilter,
  publisherDomains?: readonly string[],
): Promise<QueueCounts> {
  const q = applyFilter(reviewDb(db).selectFrom('review_items'), filter, publisherDomains).select([
    sql<number>`count(*)`.as('total'),
    sql<number>`coalesce(sum(status = 'open'), 0)`.as('open'),
    sql<number>`coalesce(sum(exclude_training), 0)`.as('exclude_training'),
    sql<number>`coalesce(sum(exclude_redistribution), 0)`.as('exclude_redistribution'),
    sql<number>`coalesce(sum(has_conflicts), 0)`.as('conflicts'),
    sql<number>`coalesce(sum(confidence_key < ${sql.lit(LOW_CONFIDENCE)}), 0)`.as('low_confidence'),
  ]);
  const r = await q.executeTakeFirstOrThrow();
  const total = Number(r.total);
  const open = Number(r.open);
  return {
    total,
    open,
    concluded: total - open,
    excludeTraining: Number(r.exclude_training),
    excludeRedistribution: Number(r.exclude_redistribution),
    conflicts: Number(r.conflicts),
    lowConfidence: Number(r.low_confidence),
  };
}

/** Every item id the filter matches, in queue order, at most `max` (bulk actions). */
export async function queueItemIds(
  db: Kysely<Database>,
  filter: QueueFilter,
  max: number,
  publisherDomains?: readonly string[],
): Promise<{ id: number; url: string }[]> {
  let q = applyFilter(reviewDb(db).selectFrom('review_items').select(['id', 'url']), filter, publisherDomains);
  for (const c of SORTS.priority.cols) q = q.orderBy(c, 'desc');
  return q.limit(max).execute();
}

export async function getItem(db: Kysely<Database>, id: number): Promise<ReviewItemRow | undefined> {
  return (await reviewDb(db).selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst()) as
    | ReviewItemRow
    | undefined;
}

export async function getItemsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<ReviewItemRow[]> {
  if (ids.length === 0) return [];
  return (await reviewDb(db)
    .selectFrom('review_items')
    .selectAll()
    .where('id', 'in', ids)
    .execute()) as ReviewItemRow[];
}
