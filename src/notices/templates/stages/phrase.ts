import type { CompiledRule } from '../compile.js';

/** A short rule found word for word: query word range [start, end). */
export interface PhraseHit {
  rule: CompiledRule;
  start: number;
  end: number;
}

/**
 * Stage `2-phrase` (second half; the first half is the trigger prefilter in triggers.ts): short rules
 * ("All rights reserved", "Tous droits réservés") are too short for pair statistics, so they must occur
 * word for word. Indexed by their first word; a [[placeholder]] word matches any one word.
 */
export class PhraseIndex {
  private readonly byFirst = new Map<number, CompiledRule[]>();
  private readonly wildcardFirst: CompiledRule[] = [];

  constructor(rules: readonly CompiledRule[]) {
    for (const r of rules) {
      if (r.ids.length === 0) continue;
      if (r.variable[0]) {
        this.wildcardFirst.push(r);
        continue;
      }
      const first = r.ids[0]!;
      const list = this.byFirst.get(first);
      if (list) list.push(r);
      else this.byFirst.set(first, [r]);
    }
  }

  find(ids: Int32Array, from: number, to: number): PhraseHit[] {
    const out: PhraseHit[] = [];
    for (let i = from; i < to; i++) {
      const list = this.byFirst.get(ids[i]!);
      if (list)
        for (const r of list) if (matchesAt(r, ids, i, to)) out.push({ rule: r, start: i, end: i + r.ids.length });
      for (const r of this.wildcardFirst)
        if (matchesAt(r, ids, i, to)) out.push({ rule: r, start: i, end: i + r.ids.length });
    }
    return out;
  }
}

function matchesAt(r: CompiledRule, ids: Int32Array, at: number, to: number): boolean {
  const n = r.ids.length;
  if (at + n > to) return false;
  for (let j = 0; j < n; j++) {
    if (r.variable[j]) continue;
    if (ids[at + j] !== r.ids[j]) return false;
  }
  return true;
}
