import type { Engine } from '../engine/engine.js';
import { isRestrictive } from '../model/lattice.js';
import type { UseMap } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';
import type { Store } from '../store/open.js';
import { cachedEvaluations, type SiteEvaluation, stateKey, storeEvaluations } from '../store/repos/siteEvaluations.js';
import { type SnapshotRow, type StoredSiteFiles, siteFilesFromSnapshots } from '../store/repos/sites.js';

/** Flag code of a check stopped by its time limit (src/detect/clock.ts); such answers are not kept. */
const STOPPED = 'check_budget_exceeded';

export interface SiteScope {
  agent?: string;
  profile?: string;
}

/** Runs the site-level evaluation of one set of site files (the service: on a check worker). */
export type SiteCheck = (origin: string, site: StoredSiteFiles, scope: SiteScope) => Promise<Verdict>;

export interface SiteStatesDeps {
  store: Store;
  /** For the profile id and rules version that key the stored evaluations. */
  engine: Engine;
  check: SiteCheck;
  /** Evaluations run at once (the number of check workers). */
  parallel: number;
}

/** The engine on the calling thread (CLI, tests, `--check-workers 0`). */
export function inlineSiteCheck(engine: Engine): SiteCheck {
  return async (origin, site, scope) =>
    engine.check(
      { url: `${origin}/`, body: '', kind: 'text' },
      { site: site.site, agent: scope.agent, profile: scope.profile },
    );
}

/** The files in force after each snapshot of `history` (oldest first): one state per snapshot. */
export function statesOf(history: readonly SnapshotRow[]): SnapshotRow[][] {
  const state = new Map<string, SnapshotRow>();
  return history.map((row) => {
    state.set(`${row.kind}|${row.url}`, row);
    return [...state.values()];
  });
}

/**
 * Site-level permissions of each state: the engine run on an empty page at the origin root with those
 * files as its site, keeping only site evidence (whatever the engine reads from robots.txt, tdmrep.json,
 * RSL or ai.txt shows up unchanged). Each state is evaluated once per agent, profile and rules version and
 * stored (site_evaluations); later calls read it.
 */
export async function evaluateSiteStates(
  deps: SiteStatesDeps,
  origin: string,
  states: readonly SnapshotRow[][],
  scope: SiteScope,
): Promise<SiteEvaluation[]> {
  const key = {
    agent: scope.agent?.toLowerCase() ?? '',
    profile: deps.engine.profile(scope.profile).id,
    rulesVersion: deps.engine.resources.rulesVersion,
  };
  const keys = states.map((rows) => stateKey(rows.map((r) => r.id)));
  const known = await cachedEvaluations(deps.store.db, [...new Set(keys)], key);
  const missing = new Map<string, SnapshotRow[]>();
  keys.forEach((k, i) => {
    if (!known.has(k)) missing.set(k, states[i]!);
  });
  const fresh = new Map<string, SiteEvaluation>();
  const stopped = new Map<string, SiteEvaluation>();
  const todo = [...missing];
  const window = Math.max(1, deps.parallel);
  for (let i = 0; i < todo.length; i += window)
    await Promise.all(
      todo.slice(i, i + window).map(async ([k, rows]) => {
        const v = await deps.check(origin, siteFilesFromSnapshots(origin, rows), scope);
        const evaluation = { uses: v.uses, evidence: v.evidence.filter((e) => e.source === 'site') };
        // An evaluation stopped at the time limit is answered, never kept.
        (v.flags.some((f) => f.code === STOPPED) ? stopped : fresh).set(k, evaluation);
      }),
    );
  await storeEvaluations(deps.store, fresh, key);
  return keys.map((k) => known.get(k) ?? fresh.get(k) ?? stopped.get(k)!);
}

export interface SitePeriod {
  from: string;
  until: string | null;
  uses: UseMap;
  snapshotIds: number[];
  evidenceIds: string[];
}

export interface SiteTimeline {
  periods: SitePeriod[];
  /** Since when the site's files have kept reserving AI training (null: they do not now). */
  reservesAiTrainSince: string | null;
}

/** One period per change of the site-level permissions, from the evaluations of `statesOf(history)`. */
export function timelineOf(
  history: readonly SnapshotRow[],
  states: readonly SnapshotRow[][],
  evaluations: readonly SiteEvaluation[],
): SiteTimeline {
  const periods: SitePeriod[] = [];
  history.forEach((row, i) => {
    const ev = evaluations[i]!;
    const prev = periods[periods.length - 1];
    if (prev && JSON.stringify(prev.uses) === JSON.stringify(ev.uses)) return;
    if (prev) prev.until = row.fetched_at;
    periods.push({
      from: row.fetched_at,
      until: null,
      uses: ev.uses,
      snapshotIds: states[i]!.map((r) => r.id).sort((a, b) => a - b),
      evidenceIds: ev.evidence.map((e) => e.id),
    });
  });
  let since: string | null = null;
  for (let i = periods.length - 1; i >= 0 && isRestrictive(periods[i]!.uses['ai-train']); i--) since = periods[i]!.from;
  return { periods, reservesAiTrainSince: since };
}

/** What a site's own files allowed over time (`history` oldest first). */
export async function siteTimeline(
  deps: SiteStatesDeps,
  origin: string,
  history: readonly SnapshotRow[],
  scope: SiteScope,
): Promise<SiteTimeline> {
  const states = statesOf(history);
  return timelineOf(history, states, await evaluateSiteStates(deps, origin, states, scope));
}
