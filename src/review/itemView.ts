import type { Conclusion } from '../model/conclusion.js';
import type { Verdict } from '../model/verdict.js';
import { type SnapshotRow, snapshotHistory, snapshotsByIds } from '../store/repos/sites.js';
import { getVerdict, type StoredVerdict, verdictHistory } from '../store/repos/verdicts.js';
import { conclusionsForHost } from './db/conclusions.js';
import { getItem, type ReviewItemRow } from './db/queue.js';
import { isActive, scopeMatches, scopeSpecificity } from './scope.js';
import type { Review } from './service.js';
import { type SiteTimeline, siteTimeline } from './siteStates.js';

export type ConclusionState = 'in force' | 'outranked' | 'revoked' | 'expired';

/** Everything the item page (and GET /v1/review/items/{id}) shows about one queue item. */
export interface ItemView {
  item: ReviewItemRow;
  /** The stored (detected) verdict with its evidence and fetch. */
  stored: StoredVerdict;
  /** What callers are told now: the detected verdict with the conclusion in force laid over it. */
  effective: Verdict;
  /** Every conclusion ever made whose scope covers this URL, newest first, with its state now. */
  conclusions: { conclusion: Conclusion; state: ConclusionState }[];
  /** The site files the verdict used. */
  snapshots: SnapshotRow[];
  urlHistory: Awaited<ReturnType<typeof verdictHistory>>;
  /** The origin's site files, oldest fetch first (bodies included). */
  siteHistory: SnapshotRow[];
  /** What those files allowed over time. */
  siteTimeline: SiteTimeline;
}

export async function loadItemView(review: Review, id: number, now = new Date()): Promise<ItemView | null> {
  const db = review.store.db;
  const item = await getItem(db, id);
  if (!item) return null;
  const stored = await getVerdict(db, item.verdict_id);
  if (!stored) return null;
  const effective = await review.conclude(stored.verdict, now);
  const host = new URL(item.url).hostname;
  const all = (await conclusionsForHost(db, host)).filter((c) => scopeMatches(c.scope, item.url));
  const inForce = effective.concluded?.conclusionId;
  const conclusions = all
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || scopeSpecificity(b.scope) - scopeSpecificity(a.scope))
    .map((c) => {
      let state: ConclusionState;
      if (c.id === inForce) state = 'in force';
      else if (c.revokedAt) state = 'revoked';
      else if (!isActive(c, now)) state = 'expired';
      else state = 'outranked';
      return { conclusion: c, state };
    });
  const [snapshots, urlHistory, siteHistory] = await Promise.all([
    snapshotsByIds(db, stored.siteSnapshotIds),
    verdictHistory(db, item.url, { profile: item.profile, limit: 50 }),
    snapshotHistory(db, item.origin, { limit: 100 }),
  ]);
  const timeline = await siteTimeline(review.siteStates, item.origin, siteHistory, { profile: item.profile });
  return { item, stored, effective, conclusions, snapshots, urlHistory, siteHistory, siteTimeline: timeline };
}
