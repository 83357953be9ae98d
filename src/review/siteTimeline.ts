import type { Engine } from '../engine/engine.js';
import { isRestrictive } from '../model/lattice.js';
import type { UseMap } from '../model/uses.js';
import { type SnapshotRow, siteContextFromSnapshots } from '../store/repos/sites.js';

export interface SitePeriod {
  from: string;
  until: string | null;
  uses: UseMap;
  snapshotIds: number[];
}

/**
 * What a site's own files (robots.txt, tdmrep.json, RSL, ai.txt) allowed over time: the snapshot history
 * replayed in fetch order through the engine's site evaluation (an empty page at the origin root), one
 * period per change. The same replay as GET /v1/sites/{origin}, kept here for the dashboard, which has
 * no API key to call it with. `history` must be oldest first.
 */
export function siteTimeline(
  engine: Engine,
  origin: string,
  history: readonly SnapshotRow[],
  profile?: string,
): { periods: SitePeriod[]; reservesAiTrainSince: string | null } {
  const state = new Map<string, SnapshotRow>();
  const periods: SitePeriod[] = [];
  for (const row of history) {
    state.set(`${row.kind}|${row.url}`, row);
    const rows = [...state.values()];
    const site = siteContextFromSnapshots(origin, rows);
    let uses: UseMap;
    try {
      uses = engine.check(
        { url: `${origin}/`, body: '', kind: 'text' },
        { site: site.site, rslDocuments: site.rslDocuments, profile },
      ).uses;
    } catch {
      continue;
    }
    const prev = periods[periods.length - 1];
    if (prev && JSON.stringify(prev.uses) === JSON.stringify(uses)) continue;
    if (prev) prev.until = row.fetched_at;
    periods.push({ from: row.fetched_at, until: null, uses, snapshotIds: rows.map((r) => r.id).sort((a, b) => a - b) });
  }
  let since: string | null = null;
  for (let i = periods.length - 1; i >= 0 && isRestrictive(periods[i]!.uses['ai-train']); i--) since = periods[i]!.from;
  return { periods, reservesAiTrainSince: since };
}
