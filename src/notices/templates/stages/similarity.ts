import { stringSimilarity } from 'string-similarity-js';
import type { CompiledRule } from '../compile.js';

/**
 * Character-bigram Dice exactly as the `string-similarity` package computes it (whitespace removed,
 * case-sensitive), on the maintained `string-similarity-js`; see docs/reference/stack.md §2 for the equivalence check.
 * Used only where word statistics are too thin: short phrases and tie-breaks (peers.md lesson 4).
 */
export function charDice(a: string, b: string): number {
  const x = a.replace(/\s+/g, '');
  const y = b.replace(/\s+/g, '');
  return x === y ? 1 : stringSimilarity(x, y, 2, true);
}

export interface SimilarityHit {
  rule: CompiledRule;
  start: number;
  end: number;
  similarity: number;
}

/** A short phrase written slightly differently ("toate drepturile sunt rezervate", "all right reserved"). */
export const SHORT_SIMILARITY_MIN = 0.85;

/**
 * Stage `5-similarity`: near-miss short phrases. Short rules are indexed by their first two words; a
 * query word that is one of them opens windows of the rule's length ±1 word, which must contain every
 * required phrase and reach character Dice ≥ SHORT_SIMILARITY_MIN.
 */
export class ShortSimilarity {
  private readonly byLead = new Map<number, CompiledRule[]>();

  constructor(rules: readonly CompiledRule[]) {
    for (const r of rules) {
      if (r.ids.length < 2) continue;
      for (const w of new Set([r.ids[0]!, r.ids[1]!])) {
        const list = this.byLead.get(w);
        if (list) list.push(r);
        else this.byLead.set(w, [r]);
      }
    }
  }

  find(
    ids: Int32Array,
    words: readonly string[],
    from: number,
    to: number,
    taken: (rule: CompiledRule, start: number, end: number) => boolean,
  ): SimilarityHit[] {
    const out: SimilarityHit[] = [];
    // Window key: rule, start and length offset (-1..+1 word) packed in one number.
    const done = new Set<number>();
    const span = to - from + 2;
    for (let i = from; i < to; i++) {
      const rules = this.byLead.get(ids[i]!);
      if (!rules) continue;
      for (const r of rules) {
        const n = r.ids.length;
        let best: SimilarityHit | undefined;
        for (const start of [i, i - 1]) {
          if (start < from) continue;
          for (let len = Math.max(2, n - 1); len <= n + 1; len++) {
            const end = start + len;
            const key = (r.index * span + (start - from)) * 4 + (len - n + 1);
            if (end > to || done.has(key)) continue;
            done.add(key);
            if (taken(r, start, end)) continue;
            if (!r.required.every((run) => hasRun(ids, start, end, run))) continue;
            const s = charDice(words.slice(start, end).join(' '), r.canonical);
            if (s >= SHORT_SIMILARITY_MIN && (!best || s > best.similarity))
              best = { rule: r, start, end, similarity: s };
          }
        }
        if (best) out.push(best);
      }
    }
    return out;
  }
}

function hasRun(ids: Int32Array, start: number, end: number, run: Int32Array): boolean {
  outer: for (let i = start; i + run.length <= end; i++) {
    for (let j = 0; j < run.length; j++) if (ids[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
