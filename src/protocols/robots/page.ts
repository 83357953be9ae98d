import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { interpretRules, parseRuleList, parseXRobotsTagLine, type ScopedDirectives } from './directives.js';

function evidenceFor(
  ctx: PageContext,
  scoped: ScopedDirectives,
  signal: 'robots-meta' | 'x-robots-tag',
  location: Parameters<typeof makeEvidence>[0]['location'],
  raw: string,
  flags: Flag[],
) {
  const meaning = interpretRules(scoped.rules, ctx.now);
  for (const u of meaning.unknown) flags.push(flag('robots_unknown_rule', `${signal}: "${u}"`));
  const e = makeEvidence({
    signal,
    protocol: 'robots-meta',
    source: 'page',
    location,
    excerpt: raw,
    idContent: `${scoped.agent ?? '*'}|${scoped.rules.map((r) => `${r.name}:${r.value ?? ''}`).join(',')}`,
    effects: meaning.effects,
    conditions: meaning.conditions.length > 0 ? meaning.conditions : undefined,
    confidence: meaning.reservation ? 0.95 : 1,
    machineReadable: true,
    reservation: meaning.reservation,
    agents: scoped.agent ? [scoped.agent] : undefined,
    details: {
      rules: scoped.rules.map((r) => (r.value !== undefined ? `${r.name}:${r.value}` : r.name)),
      ...(meaning.notes.length > 0 ? { notes: meaning.notes } : {}),
    },
  });
  if (scoped.agent)
    flags.push(flag('scoped_rule', `${scoped.agent}: ${scoped.rules.map((r) => r.name).join(', ')}`, e.id));
  return e;
}

/**
 * `<meta name="robots">` and `<meta name="<crawler token>">`: names and values are case-insensitive; a
 * meta is robots-scoped when its name is `robots` or a crawler token from the agent registry.
 */
export const robotsMetaDetector: PageDetector = {
  name: 'robots-meta',
  detect(ctx: PageContext): DetectorResult {
    const flags: Flag[] = [];
    const evidence = [];
    for (const m of ctx.page.metas) {
      if (!m.name || m.content === undefined) continue;
      const name = m.name.trim().toLowerCase();
      const agent = name === 'robots' ? null : ctx.resources.agents.has(name) ? name : undefined;
      if (agent === undefined) continue;
      const rules = parseRuleList(m.content);
      if (rules.length === 0) continue;
      const location = {
        kind: 'element' as const,
        element: 'meta',
        attribute: `name=${name}`,
        start: m.start,
        end: m.end,
        region: 'head',
      };
      evidence.push(
        evidenceFor(ctx, { agent, rules }, 'robots-meta', location, ctx.page.source.slice(m.start, m.end), flags),
      );
    }
    return result(evidence, flags);
  },
};

/** `X-Robots-Tag` header lines, with per-agent scoping inside a line (docs/reference/signals.md §5.1). */
export const xRobotsTagDetector: PageDetector = {
  name: 'x-robots-tag',
  detect(ctx: PageContext): DetectorResult {
    const flags: Flag[] = [];
    const evidence = [];
    for (const h of ctx.headers) {
      if (h.name !== 'x-robots-tag') continue;
      for (const scoped of parseXRobotsTagLine(h.value)) {
        evidence.push(
          evidenceFor(
            ctx,
            scoped,
            'x-robots-tag',
            { kind: 'header', name: 'X-Robots-Tag', line: h.line },
            `X-Robots-Tag: ${h.value}`,
            flags,
          ),
        );
      }
    }
    return result(evidence, flags);
  },
};
