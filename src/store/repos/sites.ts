import type { Kysely } from 'kysely';
import type { SiteInput } from '../../model/siteInput.js';
import { isoNow, laterIso, sha256Hex } from '../hash.js';
import type { Database, SiteFileKind, SiteSnapshotTable } from '../schema.js';

export type SnapshotRow = Omit<SiteSnapshotTable, 'id'> & { id: number };

export interface SnapshotInput {
  origin: string;
  kind: SiteFileKind;
  /** Where the file was fetched from; defaults to the well-known location for the kind. */
  url?: string;
  body: string;
  /** HTTP status of the fetch (robots.txt: 4xx = no restrictions, 5xx = everything disallowed). */
  status?: number;
  fetchedAt?: string;
  source: 'upload' | 'inline';
}

/** Where a site file lives by convention (RSL documents have no fixed place: their URL is given). */
export function defaultSiteFileUrl(origin: string, kind: Exclude<SiteFileKind, 'rsl'>): string {
  switch (kind) {
    case 'robots.txt':
      return `${origin}/robots.txt`;
    case 'tdmrep.json':
      return `${origin}/.well-known/tdmrep.json`;
    case 'ai.txt':
      return `${origin}/ai.txt`;
  }
}

async function latestOf(
  db: Kysely<Database>,
  origin: string,
  kind: SiteFileKind,
  url: string,
): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom('site_snapshots')
    .selectAll()
    .where('origin', '=', origin)
    .where('kind', '=', kind)
    .where('url', '=', url)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Records a site file. The same body and status as the latest snapshot of that file only bumps
 * `last_seen_at` (no duplicate); anything else is a new snapshot, so the history shows every change.
 */
export async function recordSnapshot(
  trx: Kysely<Database>,
  input: SnapshotInput,
  now: string = isoNow(),
): Promise<{ id: number; created: boolean }> {
  if (input.kind === 'rsl' && !input.url) throw new Error('an RSL snapshot needs its url');
  const url = input.url ?? defaultSiteFileUrl(input.origin, input.kind as Exclude<SiteFileKind, 'rsl'>);
  const status = input.status ?? 200;
  const fetchedAt = input.fetchedAt ?? now;
  const sha256 = sha256Hex(input.body);
  const latest = await latestOf(trx, input.origin, input.kind, url);
  if (latest && latest.sha256 === sha256 && latest.status === status) {
    await trx
      .updateTable('site_snapshots')
      .set({
        last_seen_at: laterIso(fetchedAt, latest.last_seen_at),
        seen_count: latest.seen_count + 1,
      })
      .where('id', '=', latest.id)
      .execute();
    return { id: latest.id, created: false };
  }
  const row = await trx
    .insertInto('site_snapshots')
    .values({
      origin: input.origin,
      kind: input.kind,
      url,
      status,
      body: input.body,
      sha256,
      size: Buffer.byteLength(input.body),
      fetched_at: fetchedAt,
      last_seen_at: fetchedAt,
      seen_count: 1,
      source: input.source,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** The snapshot in force for every site file of an origin (latest fetch time per kind + url). */
export async function latestSnapshots(db: Kysely<Database>, origin: string): Promise<SnapshotRow[]> {
  return db
    .selectFrom('site_snapshots as s')
    .selectAll('s')
    .where('s.origin', '=', origin)
    .where(({ eb, selectFrom }) =>
      eb(
        's.id',
        '=',
        selectFrom('site_snapshots as t')
          .select('t.id')
          .whereRef('t.origin', '=', 's.origin')
          .whereRef('t.kind', '=', 's.kind')
          .whereRef('t.url', '=', 's.url')
          .orderBy('t.fetched_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(1),
      ),
    )
    .orderBy('s.kind')
    .orderBy('s.url')
    .execute();
}

/** Every snapshot of an origin, oldest fetch first (at most `limit`, the most recent ones). */
export async function snapshotHistory(
  db: Kysely<Database>,
  origin: string,
  options: { limit?: number } = {},
): Promise<SnapshotRow[]> {
  const rows = await db
    .selectFrom('site_snapshots')
    .selectAll()
    .where('origin', '=', origin)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 500)
    .execute();
  return rows.reverse();
}

export async function snapshotsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<SnapshotRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('site_snapshots').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export interface StoredSiteFiles {
  /** The files as the engine takes them (RSL documents in `site.rsl`). */
  site: SiteInput;
  snapshotIds: number[];
}

/**
 * The engine's view of a set of snapshots (one per kind + url). RSL documents that were not fetched
 * successfully (status ≠ 2xx) carry no licence and are left out.
 */
export function siteFilesFromSnapshots(origin: string, rows: readonly SnapshotRow[]): StoredSiteFiles {
  const site: SiteInput = { origin };
  const rslDocuments = new Map<string, string>();
  for (const r of rows) {
    const file = { body: r.body, status: r.status, fetchedAt: r.fetched_at };
    if (r.kind === 'robots.txt') site.robotsTxt = file;
    else if (r.kind === 'tdmrep.json') site.tdmrepJson = file;
    else if (r.kind === 'ai.txt') site.aiTxt = file;
    else if (r.kind === 'rsl' && r.status >= 200 && r.status < 300) rslDocuments.set(r.url, r.body);
  }
  if (rslDocuments.size > 0) site.rsl = Object.fromEntries(rslDocuments);
  return { site, snapshotIds: rows.map((r) => r.id).sort((a, b) => a - b) };
}
