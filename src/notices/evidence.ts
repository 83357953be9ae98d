import type { Condition } from '../model/conditions.js';
import { type Evidence, type Location, makeEvidence } from '../model/evidence.js';
import { isRestrictive } from '../model/lattice.js';
import { type Effects, RESERVATION_USES } from '../model/uses.js';
import type { Notice } from './clauses/index.js';
import type { LexiconChoice } from './language.js';
import type { TemplateMatch } from './templates/index.js';

/** Evidence below this confidence is not emitted: say nothing rather than guess. */
export const MIN_CONFIDENCE = 0.5;

export interface Placement {
  location: Location;
  source: 'page' | 'site';
  /** Added to the confidence (negative where the place makes a notice less likely to be the publisher's). */
  confidenceAdjust: number;
  /** Maps an offset of the analysed text to an offset in the document (for clause offsets in details). */
  toSource: (offset: number) => number;
  details?: Record<string, unknown>;
}

function restrictsAi(effects: Effects): boolean {
  return RESERVATION_USES.some((u) => isRestrictive(effects[u] ?? 'unknown'));
}

function clamp(x: number): number {
  return Math.round(Math.max(0, Math.min(0.99, x)) * 100) / 100;
}

export function templateEvidence(
  m: TemplateMatch,
  where: Placement,
  rulesVersion: string,
  /** The matched text as written, when the analysed text had markers blanked. */
  shown: string = m.matchedText,
): Evidence | null {
  const confidence = clamp(m.confidence + where.confidenceAdjust);
  if (confidence < MIN_CONFIDENCE) return null;
  const conditions: Condition[] = m.rule.conditions;
  return makeEvidence({
    signal: 'notice-text',
    protocol: 'notice',
    source: where.source,
    location: where.location,
    excerpt: shown,
    effects: { ...m.rule.effects },
    conditions: conditions.length > 0 ? conditions : undefined,
    exceptions: m.rule.exceptions.length > 0 ? [...m.rule.exceptions] : undefined,
    confidence,
    machineReadable: false,
    reservation: restrictsAi(m.rule.effects),
    stage: `template:${m.stage}`,
    ruleId: m.rule.id,
    rulesVersion,
    details: {
      kind: m.rule.kind,
      language: m.rule.language,
      score: Math.round(m.score * 1000) / 1000,
      coverage: Math.round(m.coverage * 1000) / 1000,
      ...(m.rule.publisher ? { publisher: m.rule.publisher } : {}),
      ...where.details,
    },
  });
}

export function clauseEvidence(
  n: Notice,
  text: string,
  language: LexiconChoice,
  where: Placement,
  rulesVersion: string,
): Evidence | null {
  const confidence = clamp(n.confidence + where.confidenceAdjust);
  if (confidence < MIN_CONFIDENCE) return null;
  const cues = [...new Set(n.clauses.flatMap((c) => c.cues))];
  const origins: Record<string, string[]> = {};
  for (const [use, idx] of Object.entries(n.decidedBy)) {
    const set = new Set<string>();
    for (const i of idx ?? []) {
      const c = n.clauses[i]!;
      const e = c.effects[use as keyof typeof c.effects] ?? c.grants[use as keyof typeof c.grants];
      if (e) set.add(e.origin);
    }
    origins[use] = [...set];
  }
  return makeEvidence({
    signal: 'notice-text',
    protocol: 'notice',
    source: where.source,
    location: where.location,
    excerpt: text.slice(n.start, n.end),
    effects: { ...n.effects },
    conditions: n.conditions.length > 0 ? n.conditions : undefined,
    exceptions: n.exceptions.length > 0 ? n.exceptions : undefined,
    confidence,
    machineReadable: false,
    reservation: n.reservation,
    stage: 'clause',
    rulesVersion,
    details: {
      kind: n.kind,
      language: language.language,
      lexicons: language.lexicons.map((l) => l.lang),
      ...(language.fallback ? { languageFallback: true } : {}),
      cues,
      origins,
      clauses: n.clauses.map((c) => ({
        start: where.toSource(c.start),
        end: where.toSource(c.end - 1) + 1,
        modality: c.modality,
        concepts: c.concepts,
        effects: Object.fromEntries(Object.entries(c.effects).map(([u, e]) => [u, e!.permission])),
        ...(Object.keys(c.grants).length > 0
          ? { carvedOut: Object.fromEntries(Object.entries(c.grants).map(([u, e]) => [u, e!.permission])) }
          : {}),
        cues: c.cues,
      })),
      ...where.details,
    },
  });
}
