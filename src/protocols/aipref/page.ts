import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { makeEvidence } from '../../model/evidence.js';
import type { Flag } from '../../model/flags.js';
import { parseAipref } from './parse.js';

/**
 * IETF aipref `Content-Usage` response header. Several field lines are one field (RFC 9110 comma join),
 * parsed as one Dictionary, so a later line can flip an earlier one (flagged as a duplicate key).
 */
export const contentUsageDetector: PageDetector = {
  name: 'content-usage-header',
  detect(ctx: PageContext): DetectorResult {
    const lines = ctx.headers.filter((h) => h.name === 'content-usage');
    if (lines.length === 0) return result();
    const joined = lines.map((l) => l.value).join(', ');
    const parsed = parseAipref(joined, 'Content-Usage header');
    const flags: Flag[] = [...parsed.flags];
    const effects = { ...parsed.legacyEffects, ...parsed.effects };
    const legacyOnly = Object.keys(parsed.effects).length === 0 && Object.keys(parsed.legacyEffects).length > 0;
    const restricts = Object.values(effects).some((p) => p === 'denied');
    const e = makeEvidence({
      signal: 'content-usage-header',
      protocol: 'aipref',
      source: 'page',
      location: { kind: 'header', name: 'Content-Usage', line: lines[0]!.line },
      excerpt: lines.map((l) => `Content-Usage: ${l.value}`).join('\n'),
      idContent: joined,
      effects: parsed.ok ? effects : {},
      confidence: !parsed.ok ? 1 : legacyOnly ? 0.6 : 1,
      machineReadable: true,
      reservation: restricts,
      details: { labels: parsed.labels, parsed: parsed.ok, ...(legacyOnly ? { legacy: true } : {}) },
    });
    return result([e], flags);
  },
};
