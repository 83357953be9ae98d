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
  /**
   * The body's SHA-256 and UTF-8 length when they were computed elsewhere (the service's check workers):
   * the writer then does not convert and hash the body again.
   */
  bodyDigest?: BodyDigest;
}

export interface BodyDigest {
  sha256: string;
  bytes: number;
}

/**
 * SHA-256 and length of the body's UTF-8 bytes. A string is hashed as it is (crypto encodes it as UTF-8,
 * lone surrogates as U+FFFD like Buffer.from): converting a 150 KB page to a Buffer first doubled the cost.
 */
export function bodyDigest(body: string | Uint8Array): BodyDigest {
  if (typeof body === 'string') return { sha256: sha256Hex(body), bytes: Buffer.byteLength(body, 'utf8') };
  return { sha256: sha256Hex(body), bytes: body.byteLength };
}

export function bodyBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function headersJson(headers: readonly HeaderLine[]): string {
  return JSON.stringify(headers.map((h) => [h.name, h.value]));
}

/** What a fetch row is made of and compared by, computed once per input. */
export interface FetchFacts {
  url: string;
  size: number;
  bodySha: string;
  headersJson: string;
  headersSha: string;
  status: number | null;
  fetchedAt: string;
  excerptJson: string | null;
}

export function fetchFacts(input: FetchInput, now: string): FetchFacts {
  const digest = input.bodyDigest ?? bodyDigest(input.body);
  const hJson = headersJson(input.headers);
  return {
    url: input.url.toString(),
    size: digest.bytes,
    bodySha: digest.sha256,
    headersJson: hJson,
    headersSha: sha256Hex(hJson),
    status: input.status ?? null,
    fetchedAt: input.fetchedAt ?? now,
    excerptJson: input.textExcerpt ? JSON.stringify(input.textExcerpt) : null,
  };
}

/** The columns of a URL's latest fetch that decide whether a new observation re-uses it. */
export interface LatestFetch {
  id: number;
  url: string;
  body_sha256: string;
  headers_sha256: string;
  status: number | null;
  last_seen_at: string;
  seen_count: number;
  text_excerpt_json: string | null;
  has_body: number;
}

/** Same body, headers and status: the observation re-uses the fetch row. */
export function sameFetch(latest: LatestFetch | undefined, f: FetchFacts): latest is LatestFetch {
  return (
    latest !== undefined &&
    latest.body_sha256 === f.bodySha &&
    latest.headers_sha256 === f.headersSha &&
    latest.status === f.status
  );
}

/** The latest fetch of each URL (one statement per 500 URLs). */
export async function latestFetches(trx: Kysely<Database>, urls: readonly string[]): Promise<Map<string, LatestFetch>> {
  const out = new Map<string, LatestFetch>();
  for (let i = 0; i < urls.length; i += 500) {
    const rows = await trx
      .selectFrom('fetches')
      .select([
        'id',
        'url',
        'body_sha256',
        'headers_sha256',
        'status',
        'last_seen_at',
        'seen_count',
        'text_excerpt_json',
      ])
      .select((eb) => eb('body_gzip', 'is not', null).as('has_body'))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('fetches')
          .select((e) => e.fn.max('id').as('id'))
          .where('url', 'in', urls.slice(i, i + 500))
          .groupBy('url'),
      )
      .execute();
    for (const r of rows) out.set(r.url, r as LatestFetch);
  }
  return out;
}

/** A new fetch row for an observation that does not re-use the latest one. */
export function newFetchRow(f: FetchFacts, input: FetchInput, now: string): Omit<FetchTable, 'id'> {
  return {
    url: f.url,
    origin: originOfUrl(input.url),
    domain: domainOfUrl(input.url),
    fetched_at: f.fetchedAt,
    last_seen_at: f.fetchedAt,
    seen_count: 1,
    status: f.status,
    headers_json: f.headersJson,
    headers_sha256: f.headersSha,
    body_sha256: f.bodySha,
    size: f.size,
    content_type: input.headers.find((h) => h.name === 'content-type')?.value ?? null,
    title: input.title ? input.title.slice(0, 1000) : null,
    body_gzip: input.storeBody ? gzipSync(bodyBytes(input.body)) : null,
    text_excerpt_json: f.excerptJson,
    created_at: now,
  };
}

/** Bumps a re-used fetch: seen once more; a body or excerpt not kept the first time is filled in. */
async function touchFetch(trx: Kysely<Database>, latest: LatestFetch, f: FetchFacts, input: FetchInput): Promise<void> {
  const update: Updateable<FetchTable> = {
    last_seen_at: laterIso(f.fetchedAt, latest.last_seen_at),
    seen_count: latest.seen_count + 1,
  };
  if (input.storeBody && !latest.has_body) update.body_gzip = gzipSync(bodyBytes(input.body));
  if (f.excerptJson && !latest.text_excerpt_json) update.text_excerpt_json = f.excerptJson;
  await trx.updateTable('fetches').set(update).where('id', '=', latest.id).execute();
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
  const f = fetchFacts(input, now);
  const latest = (await latestFetches(trx, [f.url])).get(f.url);
  if (sameFetch(latest, f)) {
    await touchFetch(trx, latest, f, input);
    return { id: latest.id, created: false };
  }
  const row = await trx
    .insertInto('fetches')
    .values(newFetchRow(f, input, now))
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
