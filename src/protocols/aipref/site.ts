import { result } from '../../detect/page.js';
import type { SiteDetector } from '../../detect/site.js';
import { makeEvidence } from '../../model/evidence.js';
import type { Flag } from '../../model/flags.js';
import { longestMatch, recordsFor, scopedRecordEvidence } from '../robots/extensions.js';
import type { RobotsSite } from '../robots/robotsFile.js';
import { parseAipref } from './parse.js';

/**
 * IETF aipref `Content-Usage` rules in robots.txt (draft-ietf-aipref-attach-05 §3): inside the user-agent
 * group that applies, the longest matching path wins; lines with the same path all count and the combiner
 * takes the most restrictive (vocab §5.1, unlike Allow/Disallow ties); a path the crawler may not fetch
 * carries no preference at all ("no preferences are implied for resources that are disallowed") — such a
 * line is still recorded, with no effects.
 */
export const robotsContentUsageDetector: SiteDetector<RobotsSite> = {
  name: 'robots-content-usage',
  detect(ctx) {
    const robots = ctx.site.robots;
    if (robots?.availability !== 'ok') return result();
    const records = recordsFor(robots, ctx.agent, 'content-usage');
    if (records.length === 0) return result();
    const flags: Flag[] = [];
    const named = ctx.agent ? robots.hasOwnGroup(ctx.agent) : false;
    const fetch = robots.mayFetch(ctx.path, ctx.agent);
    const { winners } = longestMatch(records, ctx.path);
    const evidence = winners.map((w) => {
      const parsed = parseAipref(w.value, `robots.txt line ${w.record.line}`);
      flags.push(...parsed.flags);
      const effects = { ...parsed.legacyEffects, ...parsed.effects };
      const legacyOnly = Object.keys(parsed.effects).length === 0 && Object.keys(parsed.legacyEffects).length > 0;
      const applies = parsed.ok && fetch.allowed;
      return makeEvidence({
        signal: 'robots-content-usage',
        protocol: 'aipref',
        source: 'site',
        ...scopedRecordEvidence(w),
        effects: applies ? effects : {},
        confidence: legacyOnly ? 0.6 : 1,
        machineReadable: true,
        reservation: applies && Object.values(effects).some((p) => p === 'denied'),
        ...(named && ctx.agent ? { agents: [ctx.agent] } : {}),
        details: {
          labels: parsed.labels,
          parsed: parsed.ok,
          path: w.path,
          ...(legacyOnly ? { legacy: true } : {}),
          ...(fetch.allowed
            ? {}
            : { notApplied: `the path may not be crawled (${fetch.reason}); no preferences apply (aipref attach §3)` }),
          ...(robots.fetchedAt ? { fetchedAt: robots.fetchedAt } : {}),
        },
      });
    });
    return result(evidence, flags);
  },
};
