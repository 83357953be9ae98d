import { result } from '../../detect/page.js';
import type { SiteDetector } from '../../detect/site.js';
import { makeEvidence } from '../../model/evidence.js';
import type { Effects } from '../../model/uses.js';
import type { AiTxtSite } from './file.js';
import { evaluateAiTxt } from './file.js';

/**
 * Spawning ai.txt (docs/reference/signals.md §7.1): the rule deciding this page (robots-style, text rules for HTML pages)
 * maps Disallow ⇒ ai-train and tdm denied (Spawning framed it as an Art. 4 reservation), Allow ⇒ allowed.
 */
export const aiTxtDetector: SiteDetector<AiTxtSite> = {
  name: 'ai-txt',
  detect(ctx) {
    const file = ctx.site.aiTxt;
    if (!file) return result();
    const d = evaluateAiTxt(file, ctx.path, ctx.agent, ctx.site.aiTxtMedia);
    if (!d) return result();
    const p = d.allowed ? 'allowed' : 'denied';
    const effects: Effects = { 'ai-train': p, tdm: p };
    const agents = d.group.flatMap((g) => g.agentsRaw);
    return result([
      makeEvidence({
        signal: 'ai-txt',
        protocol: 'ai-txt',
        source: 'site',
        location: { kind: 'file', file: 'ai.txt', line: d.rule.line, group: agents, path: d.rule.pattern },
        excerpt: `User-Agent: ${agents.join(', ')}\n${d.rule.raw.trim()}`,
        idContent: `${d.rule.pattern}|${p}|${d.mediaType}`,
        effects,
        confidence: 0.9,
        machineReadable: true,
        reservation: !d.allowed,
        ...(d.named && ctx.agent ? { agents: [ctx.agent] } : {}),
        details: {
          mediaType: d.mediaType,
          rule: d.rule.raw.trim(),
          ...(file.fetchedAt ? { fetchedAt: file.fetchedAt } : {}),
        },
      }),
    ]);
  },
};
