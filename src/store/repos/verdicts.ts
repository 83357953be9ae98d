import type { Kysely } from 'kysely';
import type { Evidence } from '../../model/evidence.js';
import { needsReview } from '../../model/flags.js';
import { type Permission, USES, type Use, type UseMap } from '../../model/uses.js';
import type { Verdict } from '../../model/verdict.js';
import type { Database, VerdictTable } from '../schema.js';
import { evidenceOfVerdict } from './evidence.js';
import { type FetchInfo, getFetch } from './fetches.js';

export type VerdictRow = Omit<VerdictTable, 'id'> & { id: number };

/** Evidence below this confidence that decides a use sends the verdict to the review queue. */
export const LOW_CONFIDENCE = 0.6;

/** Column that holds each use's permission (`ai-train` → `use_ai_train`). */
export const USE_COLUMNS = {
  search: 'use_search',
  'ai-train': 'use_ai_train',
  'ai-input': 'use_ai_input',
  tdm: 'use_tdm',
  redistribution: 'use_redistribution',
  commercial: 'use_commercial',
  derivatives: 'use_derivatives',
} as const satisfies Record<Use, keyof VerdictTable>;

export interface VerdictKey {
  fetchId: number;
  profile: string;
  agent: string;
  rulesVersion: string;
  siteKey: string;
}

export function siteKey(snapshotIds: readonly number[]): string {
  return [...snapshotIds].sort((a, b) => a - b).join(',');
}

/** The verdict already stored for exactly this fetch, profile, agent, rules version and site snapshots. */
export async function findVerdict(db: Kysely<Database>, key: VerdictKey): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('verdicts')
    .select('id')
    .where('fetch_id', '=', key.fetchId)
    .where('profile', '=', key.profile)
    .where('agent', '=', key.agent)
    .where('rules_version', '=', key.rulesVersion)
    .where('site_key', '=', key.siteKey)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Lowest confidence among the evidence that decided some use; null when no evidence decided anything. */
export function decisiveConfidence(verdict: Verdict): { decisive: Set<string>; min: number | null } {
  const decisive = new Set<string>();
  for (const ids of Object.values(verdict.decidedBy)) for (const id of ids ?? []) decisive.add(id);
  let min: number | null = null;
  for (const e of verdict.evidence) if (decisive.has(e.id) && (min === null || e.confidence < min)) min = e.confidence;
  return { decisive, min };
}

export function isFlagged(verdict: Verdict, minConfidence: number | null): boolean {
  return (
    verdict.exclude.training ||
    verdict.exclude.redistribution ||
    verdict.conflicts.length > 0 ||
    (minConfidence !== null && minConfidence < LOW_CONFIDENCE) ||
    needsReview(verdict.flags)
  );
}

export function verdictRow(
  verdict: Verdict,
  key: VerdictKey,
  where: { url: string; origin: string; domain: string },
  decidedAt: string,
): Omit<VerdictTable, 'id'> {
  const { min } = decisiveConfidence(verdict);
  const { evidence: _evidence, ...rest } = verdict;
  const row: Omit<VerdictTable, 'id'> = {
    fetch_id: key.fetchId,
    url: where.url,
    origin: where.origin,
    domain: where.domain,
    profile: key.profile,
    agent: key.agent,
    rules_version: key.rulesVersion,
    site_key: key.siteKey,
    decided_at: decidedAt,
    language: verdict.language,
    use_search: verdict.uses.search,
    use_ai_train: verdict.uses['ai-train'],
    use_ai_input: verdict.uses['ai-input'],
    use_tdm: verdict.uses.tdm,
    use_redistribution: verdict.uses.redistribution,
    use_commercial: verdict.uses.commercial,
    use_derivatives: verdict.uses.derivatives,
    exclude_training: verdict.exclude.training ? 1 : 0,
    exclude_redistribution: verdict.exclude.redistribution ? 1 : 0,
    reservation: verdict.reservation ? 1 : 0,
    machine_readable_reservation: verdict.machineReadableReservation ? 1 : 0,
    has_conflicts: verdict.conflicts.length > 0 ? 1 : 0,
    flagged: isFlagged(verdict, min) ? 1 : 0,
    min_confidence: min,
    evidence_count: verdict.evidence.length,
    verdict_json: JSON.stringify(rest),
  };
  return row;
}

export function usesOfRow(row: Pick<VerdictTable, (typeof USE_COLUMNS)[Use]>): UseMap {
  const uses = {} as UseMap;
  for (const u of USES) uses[u] = row[USE_COLUMNS[u]] as Permission;
  return uses;
}

export interface VerdictSummary {
  id: number;
  fetchId: number;
  decidedAt: string;
  profile: string;
  agent: string | null;
  rulesVersion: string;
  uses: UseMap;
  exclude: { training: boolean; redistribution: boolean };
  reservation: boolean;
  flagged: boolean;
  minConfidence: number | null;
  evidenceCount: number;
  siteSnapshotIds: number[];
}

function summary(row: VerdictRow): VerdictSummary {
  return {
    id: row.id,
    fetchId: row.fetch_id,
    decidedAt: row.decided_at,
    profile: row.profile,
    agent: row.agent === '' ? null : row.agent,
    rulesVersion: row.rules_version,
    uses: usesOfRow(row),
    exclude: { training: row.exclude_training === 1, redistribution: row.exclude_redistribution === 1 },
    reservation: row.reservation === 1,
    flagged: row.flagged === 1,
    minConfidence: row.min_confidence,
    evidenceCount: row.evidence_count,
    siteSnapshotIds: row.site_key === '' ? [] : row.site_key.split(',').map(Number),
  };
}

export interface StoredVerdict extends VerdictSummary {
  url: string;
  fetch: FetchInfo;
  verdict: Verdict;
}

/** A stored verdict with its evidence (in engine order) and the fetch it judged. */
export async function getVerdict(db: Kysely<Database>, id: number): Promise<StoredVerdict | null> {
  const row = await db.selectFrom('verdicts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [evidence, fetch] = await Promise.all([evidenceOfVerdict(db, id), getFetch(db, row.fetch_id)]);
  if (!fetch) return null;
  const rest = JSON.parse(row.verdict_json) as Omit<Verdict, 'evidence'>;
  const verdict: Verdict = { ...rest, evidence: evidence as Evidence[] };
  return { ...summary(row), url: row.url, fetch, verdict };
}

/** Newest first. `profile` narrows to one profile. */
export async function verdictHistory(
  db: Kysely<Database>,
  url: string,
  options: { profile?: string; limit?: number } = {},
): Promise<(VerdictSummary & { fetchedAt: string; bodySha256: string })[]> {
  let q = db
    .selectFrom('verdicts as v')
    .innerJoin('fetches as f', 'f.id', 'v.fetch_id')
    .selectAll('v')
    .select(['f.fetched_at as fetched_at', 'f.body_sha256 as body_sha256'])
    .where('v.url', '=', url);
  if (options.profile) q = q.where('v.profile', '=', options.profile);
  const rows = await q
    .orderBy('v.decided_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({ ...summary(r), fetchedAt: r.fetched_at, bodySha256: r.body_sha256 }));
}

/** The verdict id the `latest_verdicts` pointer holds for a URL (and profile, if given). */
export async function latestVerdictId(
  db: Kysely<Database>,
  url: string,
  profile?: string,
): Promise<number | undefined> {
  let q = db.selectFrom('latest_verdicts').select('verdict_id').where('url', '=', url);
  if (profile) q = q.where('profile', '=', profile);
  const row = await q.orderBy('decided_at', 'desc').orderBy('verdict_id', 'desc').limit(1).executeTakeFirst();
  return row?.verdict_id;
}
