import type { CompiledRule } from '../compile.js';

/**
 * Stage `1-exact-hash`: the whole input, normalised to its words, equals a rule's words. A hash-table
 * lookup (the canonical word string is the key), tried first because a notice saved on its own — a
 * footer string, a robots.txt comment block, a .txt file — is the common case and needs no alignment.
 */
export class ExactIndex {
  private readonly byCanonical = new Map<string, CompiledRule[]>();

  constructor(rules: readonly CompiledRule[]) {
    for (const r of rules) {
      const list = this.byCanonical.get(r.canonical);
      if (list) list.push(r);
      else this.byCanonical.set(r.canonical, [r]);
    }
  }

  lookup(words: readonly string[]): CompiledRule[] {
    if (words.length === 0) return [];
    return this.byCanonical.get(words.join(' ')) ?? [];
  }
}
