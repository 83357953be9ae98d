import type { Insertable, Kysely } from 'kysely';
import { isoNow } from './hash.js';
import { type IngestInput, type IngestResult, ingestInTransaction } from './ingest.js';
import type { Store } from './open.js';
import { domainOfUrl, originOfUrl } from './origin.js';
import { storeEvidence } from './repos/evidence.js';
import { type FetchFacts, fetchFacts, latestFetches, newFetchRow, sameFetch } from './repos/fetches.js';
import { decisiveConfidence, siteKey, verdictRow } from './repos/verdicts.js';
import type { Database } from './schema.js';

/** Rows per multi-row statement: ~25 columns × 200 stays far below SQLite's bound-parameter limit. */
const ROWS = 200;

/**
 * Stores many checked pages in one transaction, all or nothing (one commit instead of one per page).
 * Pages whose URL was seen before with the same content re-use their fetch and go one by one (they may
 * already have their verdict); all the others — the usual case for a crawl — are written with one
 * multi-row statement per table: fetches, verdicts, evidence, their links, site-snapshot links and the
 * latest-verdict pointers. A batch that names one URL twice is stored one page at a time, so the second
 * sees the first. The stored rows are the same as `ingest` page by page would write.
 */
export async function ingestMany(store: Store, inputs: readonly IngestInput[]): Promise<IngestResult[]> {
  if (inputs.length === 0) return [];
  try {
    return await store.write((trx) => ingestManyInTransaction(trx, inputs, isoNow()));
  } catch {
    // A multi-row statement cannot say which page failed (everything was rolled back): store the pages one
    // by one, which names the failing one (and is rolled back again), or succeeds after a passing failure.
    return store.write((trx) => oneByOne(trx, inputs, isoNow()));
  }
}

async function ingestManyInTransaction(
  trx: Kysely<Database>,
  inputs: readonly IngestInput[],
  now: string,
): Promise<IngestResult[]> {
  const facts = inputs.map((i) => fetchFacts(i.fetch, now));
  const urls = facts.map((f) => f.url);
  if (new Set(urls).size !== urls.length) return oneByOne(trx, inputs, now);
  const latest = await latestFetches(trx, urls);
  const results: IngestResult[] = new Array(inputs.length);
  const fresh: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (sameFetch(latest.get(urls[i]!), facts[i]!)) results[i] = await ingestInTransaction(trx, inputs[i]!, now);
    else fresh.push(i);
  }
  for (let k = 0; k < fresh.length; k += ROWS) {
    const part = fresh.slice(k, k + ROWS);
    const stored = await insertNewPages(
      trx,
      part.map((i) => inputs[i]!),
      part.map((i) => facts[i]!),
      now,
    );
    part.forEach((i, j) => {
      results[i] = stored[j]!;
    });
  }
  return results;
}

async function oneByOne(trx: Kysely<Database>, inputs: readonly IngestInput[], now: string): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for (const input of inputs) {
    try {
      out.push(await ingestInTransaction(trx, input, now));
    } catch (e) {
      throw new Error(`storing ${input.fetch.url.toString()} failed: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}

/** New fetches with their new verdicts (at most ROWS pages, distinct URLs), one statement per table. */
async function insertNewPages(
  trx: Kysely<Database>,
  inputs: readonly IngestInput[],
  facts: readonly FetchFacts[],
  now: string,
): Promise<IngestResult[]> {
  const fetchRows = await trx
    .insertInto('fetches')
    .values(inputs.map((input, i) => newFetchRow(facts[i]!, input.fetch, now)))
    .returning(['id', 'url'])
    .execute();
  const fetchIdOf = new Map(fetchRows.map((r) => [r.url, r.id]));
  const fetchIds = facts.map((f) => fetchIdOf.get(f.url)!);
  const verdictRows = await trx
    .insertInto('verdicts')
    .values(
      inputs.map((input, i) =>
        verdictRow(
          input.verdict,
          {
            fetchId: fetchIds[i]!,
            profile: input.verdict.profile,
            agent: (input.agent ?? '').toLowerCase(),
            rulesVersion: input.verdict.rulesVersion,
            siteKey: siteKey(input.snapshotIds ?? []),
          },
          { url: facts[i]!.url, origin: originOfUrl(input.fetch.url), domain: domainOfUrl(input.fetch.url) },
          now,
        ),
      ),
    )
    .returning(['id', 'fetch_id'])
    .execute();
  const verdictIdOf = new Map(verdictRows.map((r) => [r.fetch_id, r.id]));
  const verdictIds = fetchIds.map((id) => verdictIdOf.get(id)!);
  await linkEvidence(trx, inputs, verdictIds, now);
  const snapshotLinks = inputs.flatMap((input, i) =>
    [...new Set(input.snapshotIds ?? [])].map((id) => ({ verdict_id: verdictIds[i]!, snapshot_id: id })),
  );
  if (snapshotLinks.length > 0) await insertChunked(trx, 'verdict_site_snapshots', snapshotLinks);
  await trx
    .insertInto('latest_verdicts')
    .values(
      inputs.map((input, i) => ({
        url: facts[i]!.url,
        profile: input.verdict.profile,
        verdict_id: verdictIds[i]!,
        decided_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['url', 'profile'])
        .doUpdateSet((eb) => ({ verdict_id: eb.ref('excluded.verdict_id'), decided_at: eb.ref('excluded.decided_at') }))
        .whereRef('latest_verdicts.verdict_id', '!=', 'excluded.verdict_id'),
    )
    .execute();
  return inputs.map((_, i) => ({
    fetchId: fetchIds[i]!,
    verdictId: verdictIds[i]!,
    fetchCreated: true,
    verdictCreated: true,
  }));
}

/** Every verdict's evidence (stored once per content) and its ordered links, in one pass per rules version. */
async function linkEvidence(
  trx: Kysely<Database>,
  inputs: readonly IngestInput[],
  verdictIds: readonly number[],
  now: string,
): Promise<void> {
  const byVersion = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const list = byVersion.get(input.verdict.rulesVersion);
    if (list) list.push(i);
    else byVersion.set(input.verdict.rulesVersion, [i]);
  });
  const links: { verdict_id: number; position: number; evidence_row_id: number; signal: string; decisive: number }[] =
    [];
  for (const [version, members] of byVersion) {
    const items = members.flatMap((i) => inputs[i]!.verdict.evidence);
    const rowIds = await storeEvidence(trx, items, version, now);
    let at = 0;
    for (const i of members) {
      const { verdict } = inputs[i]!;
      const { decisive } = decisiveConfidence(verdict);
      verdict.evidence.forEach((e, position) => {
        links.push({
          verdict_id: verdictIds[i]!,
          position,
          evidence_row_id: rowIds[at++]!,
          signal: e.signal,
          decisive: decisive.has(e.id) ? 1 : 0,
        });
      });
    }
  }
  if (links.length > 0) await insertChunked(trx, 'verdict_evidence', links);
}

async function insertChunked<T extends 'verdict_evidence' | 'verdict_site_snapshots'>(
  trx: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + 500) as Insertable<Database[T]>[])
      .execute();
}
