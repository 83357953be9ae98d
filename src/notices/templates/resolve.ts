import { normalize, tokenize } from '../normalize/index.js';
import { SpanIndex } from '../spanIndex.js';
import type { TemplateAnalysis, TemplateMatch } from './match.js';
import { charDice } from './stages/similarity.js';

function overlap(a: TemplateMatch, b: TemplateMatch): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function length(m: TemplateMatch): number {
  return Math.max(1, m.end - m.start);
}

/** Matches that share more than half of the shorter one's characters describe the same text. */
function sameSpan(a: TemplateMatch, b: TemplateMatch): boolean {
  return overlap(a, b) > 0.5 * Math.min(length(a), length(b));
}

function words(text: string): string {
  return tokenize(normalize(text).text).values.join(' ');
}

/**
 * Character Dice of the matched words against the rule's words (peers.md lesson 4: string similarity only
 * for tie-breaks). The matcher passes a cheaper version that reuses words it already has.
 */
export function tieBreak(m: TemplateMatch): number {
  return charDice(words(m.matchedText), words(m.rule.text));
}

/**
 * Turn raw stage output into the answer:
 * 1. false-positive rules win their span: any other match sharing most of it is suppressed;
 * 2. on the same span the stronger match wins (relevance × score × coverage; on a tie, the character-Dice
 *    tie-break, then the longer match), so a short "All rights reserved" inside a matched
 *    reservation is not reported twice, and two versions of one notice yield one match.
 */
export function resolveMatches(
  raw: TemplateMatch[],
  similarity: (m: TemplateMatch) => number = tieBreak,
): Omit<TemplateAnalysis, 'trace'> {
  const falsePositives = dedupe(raw.filter((m) => m.rule.kind === 'false-positive'));
  const fpIndex = new SpanIndex<TemplateMatch>();
  for (const fp of falsePositives) fpIndex.add(fp);
  const suppressed: TemplateMatch[] = [];
  const positives: TemplateMatch[] = [];
  for (const m of raw) {
    if (m.rule.kind === 'false-positive') continue;
    if (fpIndex.some(m.start, m.end, (fp) => sameSpan(fp, m))) suppressed.push(m);
    else positives.push(m);
  }
  const strength = (m: TemplateMatch) => m.rule.relevance * m.score * m.coverage;
  const ties = new Map<TemplateMatch, number>();
  const tie = (m: TemplateMatch) => {
    let t = ties.get(m);
    if (t === undefined) {
      t = similarity(m);
      ties.set(m, t);
    }
    return t;
  };
  positives.sort((a, b) => {
    const d = strength(b) - strength(a);
    if (d !== 0) return d;
    if (sameSpan(a, b)) {
      const t = tie(b) - tie(a);
      if (t !== 0) return t;
    }
    return length(b) - length(a) || a.start - b.start || a.rule.id.localeCompare(b.rule.id);
  });
  const matches = firstOfEachSpan(positives);
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  return { matches, falsePositives, suppressed };
}

/** In the given order, each match unless an earlier kept one describes the same span. */
function firstOfEachSpan(ordered: readonly TemplateMatch[]): TemplateMatch[] {
  const kept: TemplateMatch[] = [];
  const index = new SpanIndex<TemplateMatch>();
  for (const m of ordered)
    if (!index.some(m.start, m.end, (a) => sameSpan(a, m))) {
      kept.push(m);
      index.add(m);
    }
  return kept;
}

function dedupe(ms: TemplateMatch[]): TemplateMatch[] {
  return firstOfEachSpan([...ms].sort((a, b) => length(b) - length(a))).sort((a, b) => a.start - b.start);
}
