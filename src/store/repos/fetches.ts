import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely, Updateable } from 'kysely';
import type { HeaderLine } from '../../model/headers.js';
import { isoNow, laterIso, sha256Hex } from '../hash.js';
import { domainOfUrl, originOfUrl } from '../origin.js';
import type { Database, FetchTable } from '../schema.js';

export type FetchRow = Omit<FetchTable, 'id'> & { id: number };

/** A text evidence in its surroundings: the matched words and visible text either side. */
export interface EvidenceContext {
  evidenceId: string;
  /** Offset of `match` in the page's visible text (the engine's `page.text`). */
  start: number;
  before: string;
  match: string;
  after: string;
}

/** What is kept of a page's visible text by default (no `--store-bodies`). */
export interface TextExcerpt {
  /** The first characters of the visible text. */
  lead: string;
  contexts: EvidenceContext[];
}

export interface FetchInput {
  url: URL;
  /** ISO time of the crawl; defaults to now. */
  fetchedAt?: string;
  status?: number | null;
  headers: readonly HeaderLine[];
  body: string | Uint8Array;
  title?: string | null;
  textExcerpt?: TextExcerpt | null;
  /** Keep the body (gzip) — the service's `--store-bodies`. */
  storeBody?: boolean;
}

export function bodyBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function headersJson(headers: readonly HeaderLine[]): string {
  return JSON.stringify(headers.map((h) => [h.name, h.value]));
}

/**
 * Records one observation of a page. When the URL's latest fetch has the same body, headers and status,
 * that row is re-used (`last_seen_at` and `seen_count` bumped); otherwise a new row starts, so changed
 * content shows up as history and returning to old content is a new observation too.
 */
export async function recordFetch(
  trx: Kysely<Database>,
  input: FetchInput,
  now: string = isoNow(),
): Promise<{ id: number; created: boolean }> {
  const url = input.url.toString();
  const bytes = bodyBytes(input.body);
  const bodySha = sha256Hex(bytes);
  const hJson = headersJson(input.headers);
  const headersSha = sha256Hex(hJson);
  const status = input.status ?? null;
  const fetchedAt = input.fetchedAt ?? now;
  const excerptJson = input.textExcerpt ? JSON.stringify(input.textExcerpt) : null;
  const latest = await trx
    .selectFrom('fetches')
    .select(['id', 'body_sha256', 'headers_sha256', 'status', 'last_seen_at', 'seen_count', 'text_excerpt_json'])
    .select((eb) => eb('body_gzip', 'is not', null).as('has_body'))
    .where('url', '=', url)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest && latest.body_sha256 === bodySha && latest.headers_sha256 === headersSha && latest.status === status) {
    const update: Updateable<FetchTable> = {
      last_seen_at: laterIso(fetchedAt, latest.last_seen_at),
      seen_count: latest.seen_count + 1,
    };
    // A body or excerpt that was not kept the first time is filled in, never replaced.
    if (input.storeBody && !latest.has_body) update.body_gzip = gzipSync(bytes);
    if (excerptJson && !latest.text_excerpt_json) update.text_excerpt_json = excerptJson;
    await trx.updateTable('fetches').set(update).where('id', '=', latest.id).execute();
    return { id: latest.id, created: false };
  }
  const row = await trx
    .insertInto('fetches')
    .values({
      url,
      origin: originOfUrl(input.url),
      domain: domainOfUrl(input.url),
      fetched_at: fetchedAt,
      last_seen_at: fetchedAt,
      seen_count: 1,
      status,
      headers_json: hJson,
      headers_sha256: headersSha,
      body_sha256: bodySha,
      size: bytes.byteLength,
      content_type: input.headers.find((h) => h.name === 'content-type')?.value ?? null,
      title: input.title ? input.title.slice(0, 1000) : null,
      body_gzip: input.storeBody ? gzipSync(bytes) : null,
      text_excerpt_json: excerptJson,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

export interface FetchInfo {
  id: number;
  url: string;
  origin: string;
  domain: string;
  fetchedAt: string;
  lastSeenAt: string;
  seenCount: number;
  status: number | null;
  headers: [string, string][];
  bodySha256: string;
  size: number;
  contentType: string | null;
  title: string | null;
  bodyStored: boolean;
  textExcerpt: TextExcerpt | null;
}

export function toFetchInfo(row: FetchRow): FetchInfo {
  return {
    id: row.id,
    url: row.url,
    origin: row.origin,
    domain: row.domain,
    fetchedAt: row.fetched_at,
    lastSeenAt: row.last_seen_at,
    seenCount: row.seen_count,
    status: row.status,
    headers: JSON.parse(row.headers_json) as [string, string][],
    bodySha256: row.body_sha256,
    size: row.size,
    contentType: row.content_type,
    title: row.title,
    bodyStored: row.body_gzip !== null,
    textExcerpt: row.text_excerpt_json ? (JSON.parse(row.text_excerpt_json) as TextExcerpt) : null,
  };
}

export async function getFetch(db: Kysely<Database>, id: number): Promise<FetchInfo | null> {
  const row = await db.selectFrom('fetches').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toFetchInfo(row) : null;
}

/** The stored body of a fetch (only with `--store-bodies`), or null. */
export async function getFetchBody(db: Kysely<Database>, id: number): Promise<Buffer | null> {
  const row = await db.selectFrom('fetches').select('body_gzip').where('id', '=', id).executeTakeFirst();
  return row?.body_gzip ? gunzipSync(row.body_gzip) : null;
}
