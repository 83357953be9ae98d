import { result } from '../../detect/page.js';
import type { SiteDetector } from '../../detect/site.js';
import { makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { longestMatch, recordsFor, scopedRecordEvidence } from '../robots/extensions.js';
import { inManagedBlock } from '../robots/records.js';
import type { RobotsSite } from '../robots/robotsFile.js';
import { parseContentSignal } from './parse.js';

/**
 * Cloudflare Content Signals in robots.txt (`Content-Signal: [path] search=yes, ai-train=no, use=reference`;
 * docs/reference/signals.md §3). Scoped to the user-agent group that applies to the evaluating crawler (its own group, else
 * `*`; no inheritance); among the group's lines the longest matching path wins, equal paths all count and
 * combine restrictively. The policy comment block alone is no signal (test/fixtures/vectors/site-vectors.yaml #38). Lines inside a
 * `# BEGIN Cloudflare Managed content` block are the CDN's default: kept, flagged `content_signal_cdn_default`
 * (P9), slightly lower confidence.
 */
export const robotsContentSignalDetector: SiteDetector<RobotsSite> = {
  name: 'robots-content-signal',
  detect(ctx) {
    const robots = ctx.site.robots;
    if (robots?.availability !== 'ok') return result();
    const flags: Flag[] = [];
    const anywhere = robots.records.groups.some((g) => g.extensions.some((x) => x.key === 'content-signal'));
    if (!anywhere) {
      if (robots.records.contentSignalsPolicyText)
        flags.push(
          flag(
            'content_signal_comment_only',
            'robots.txt carries the Content Signals Policy text but no Content-Signal line: no signal (comments are not a reservation)',
          ),
        );
      return result([], flags);
    }
    const named = ctx.agent ? robots.hasOwnGroup(ctx.agent) : false;
    const { winners } = longestMatch(recordsFor(robots, ctx.agent, 'content-signal'), ctx.path);
    const evidence = winners.map((w) => {
      const parsed = parseContentSignal(w.value, `robots.txt line ${w.record.line}`);
      flags.push(...parsed.flags);
      const managed = inManagedBlock(robots.records, w.record.line);
      const e = makeEvidence({
        signal: 'robots-content-signal',
        protocol: 'content-signal',
        source: 'site',
        ...scopedRecordEvidence(w),
        effects: parsed.effects,
        conditions: parsed.conditions.length > 0 ? parsed.conditions : undefined,
        confidence: managed ? 0.9 : 1,
        machineReadable: true,
        reservation: Object.values(parsed.effects).some((p) => p === 'denied' || p === 'conditional'),
        ...(named && ctx.agent ? { agents: [ctx.agent] } : {}),
        details: {
          values: parsed.values,
          path: w.path,
          ...(managed ? { cdnDefault: `${managed.vendor}-managed` } : {}),
          ...(robots.fetchedAt ? { fetchedAt: robots.fetchedAt } : {}),
        },
      });
      if (managed)
        flags.push(
          flag(
            'content_signal_cdn_default',
            `Content-Signal on robots.txt line ${w.record.line} sits in a Cloudflare managed block (CDN default)`,
            e.id,
          ),
        );
      return e;
    });
    return result(evidence, flags);
  },
};
