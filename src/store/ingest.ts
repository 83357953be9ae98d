import type { Kysely } from 'kysely';
import type { Verdict } from '../model/verdict.js';
import { isoNow } from './hash.js';
import type { Store } from './open.js';
import { domainOfUrl, originOfUrl } from './origin.js';
import { storeEvidence } from './repos/evidence.js';
import { type FetchInput, recordFetch } from './repos/fetches.js';
import { recordSnapshot, type SnapshotInput } from './repos/sites.js';
import { decisiveConfidence, findVerdict, siteKey, verdictRow } from './repos/verdicts.js';
import type { Database } from './schema.js';

export interface IngestInput {
  fetch: FetchInput;
  verdict: Verdict;
  /** Crawler token the verdict was computed for. */
  agent?: string | null;
  /** Ids of the stored site snapshots the verdict used (see `recordSnapshot`). */
  snapshotIds?: readonly number[];
}

export interface IngestResult {
  fetchId: number;
  verdictId: number;
  /** False when the URL's latest fetch had the same body, headers and status. */
  fetchCreated: boolean;
  /** False when that fetch already had a verdict with the same profile, agent, rules and site snapshots. */
  verdictCreated: boolean;
}

/**
 * Stores one checked page inside an open write transaction: fetch, evidence, verdict and their links,
 * and moves the URL's latest-verdict pointer. Idempotent: re-ingesting the same page with the same site
 * snapshots returns the existing ids and writes nothing but `last_seen_at`.
 */
export async function ingestInTransaction(
  trx: Kysely<Database>,
  input: IngestInput,
  now: string = isoNow(),
): Promise<IngestResult> {
  const { verdict } = input;
  const url = input.fetch.url.toString();
  const fetch = await recordFetch(trx, input.fetch, now);
  const key = {
    fetchId: fetch.id,
    profile: verdict.profile,
    agent: (input.agent ?? '').toLowerCase(),
    rulesVersion: verdict.rulesVersion,
    siteKey: siteKey(input.snapshotIds ?? []),
  };
  const existing = fetch.created ? undefined : await findVerdict(trx, key);
  let verdictId: number;
  if (existing) {
    verdictId = existing.id;
  } else {
    const where = { url, origin: originOfUrl(input.fetch.url), domain: domainOfUrl(input.fetch.url) };
    const row = await trx
      .insertInto('verdicts')
      .values(verdictRow(verdict, key, where, now))
      .returning('id')
      .executeTakeFirstOrThrow();
    verdictId = row.id;
    const rowIds = await storeEvidence(trx, verdict.evidence, verdict.rulesVersion, now);
    if (rowIds.length > 0) {
      const { decisive } = decisiveConfidence(verdict);
      const links = verdict.evidence.map((e, i) => ({
        verdict_id: verdictId,
        position: i,
        evidence_row_id: rowIds[i]!,
        signal: e.signal,
        decisive: decisive.has(e.id) ? 1 : 0,
      }));
      for (let i = 0; i < links.length; i += 500)
        await trx
          .insertInto('verdict_evidence')
          .values(links.slice(i, i + 500))
          .execute();
    }
    const snapshots = [...new Set(input.snapshotIds ?? [])];
    if (snapshots.length > 0)
      await trx
        .insertInto('verdict_site_snapshots')
        .values(snapshots.map((id) => ({ verdict_id: verdictId, snapshot_id: id })))
        .execute();
  }
  const decidedAt = existing
    ? ((await trx.selectFrom('verdicts').select('decided_at').where('id', '=', verdictId).executeTakeFirst())
        ?.decided_at ?? now)
    : now;
  await trx
    .insertInto('latest_verdicts')
    .values({ url, profile: verdict.profile, verdict_id: verdictId, decided_at: decidedAt })
    .onConflict((oc) =>
      oc
        .columns(['url', 'profile'])
        .doUpdateSet({ verdict_id: verdictId, decided_at: decidedAt })
        .where('latest_verdicts.verdict_id', '!=', verdictId),
    )
    .execute();
  return { fetchId: fetch.id, verdictId, fetchCreated: fetch.created, verdictCreated: !existing };
}

/** Stores one checked page in its own transaction. Usable without HTTP (batch `--store`). */
export async function ingest(store: Store, input: IngestInput): Promise<IngestResult> {
  return store.write((trx) => ingestInTransaction(trx, input));
}

/** Records site files in one transaction; returns snapshot ids in input order. */
export async function recordSnapshots(
  store: Store,
  inputs: readonly SnapshotInput[],
): Promise<{ id: number; created: boolean }[]> {
  if (inputs.length === 0) return [];
  return store.write(async (trx) => {
    const now = isoNow();
    const out: { id: number; created: boolean }[] = [];
    for (const s of inputs) out.push(await recordSnapshot(trx, s, now));
    return out;
  });
}
