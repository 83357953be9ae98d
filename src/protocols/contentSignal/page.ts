import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { parseContentSignal } from './parse.js';

/**
 * `Content-Signal` as an HTTP response header: observed (Cloudflare "Markdown for Agents" emits a permissive
 * `ai-train=yes, search=yes, ai-input=yes`), not normative. Recorded with lower confidence and flagged as a
 * possible CDN default, so a publisher's own restrictive signal elsewhere still wins (P4, P9).
 */
export const contentSignalHeaderDetector: PageDetector = {
  name: 'content-signal-header',
  detect(ctx: PageContext): DetectorResult {
    const evidence = [];
    const flags: Flag[] = [];
    for (const h of ctx.headers) {
      if (h.name !== 'content-signal') continue;
      const parsed = parseContentSignal(h.value, 'Content-Signal header');
      flags.push(...parsed.flags);
      const e = makeEvidence({
        signal: 'content-signal-header',
        protocol: 'content-signal',
        source: 'page',
        location: { kind: 'header', name: 'Content-Signal', line: h.line },
        excerpt: `Content-Signal: ${h.value}`,
        idContent: h.value,
        effects: parsed.effects,
        conditions: parsed.conditions.length > 0 ? parsed.conditions : undefined,
        confidence: 0.6,
        machineReadable: true,
        reservation: Object.values(parsed.effects).some((p) => p === 'denied'),
        details: { values: parsed.values, cdnDefault: 'possible' },
      });
      flags.push(
        flag(
          'content_signal_header_possible_cdn_default',
          'Content-Signal header (non-normative; often a CDN default)',
          e.id,
        ),
      );
      evidence.push(e);
    }
    return result(evidence, flags);
  },
};
