import { type CompiledRule, pairKey } from '../compile.js';

/** A rule worth aligning, and where in the query its index keys were seen. */
export interface Candidate {
  rule: CompiledRule;
  /** Share of the rule's indexed keys present in the query (0..1). */
  containment: number;
  /** Query word positions of the first and last key hit. */
  first: number;
  last: number;
}

export interface CandidateIndexOptions {
  /** A word pair found in more rules than this is "junk" (ScanCode's term): not used as an index key. */
  maxPostings?: number;
  /** Every rule keeps at least this many keys (its rarest pairs), even when they are all common. */
  minKeysPerRule?: number;
}

/**
 * Stage `3-candidates`: an inverted index from word pairs to rules. Only selective pairs are keys (pairs in
 * at most `maxPostings` rules), so a query touches short posting lists and retrieval cost does not grow
 * with the number of rules; a rule made only of common pairs keeps its rarest ones. Candidates are ranked
 * by containment (share of the rule's keys seen), the alignment stage verifies the best few.
 */
export class CandidateIndex {
  private readonly postings = new Map<number, Int32Array>();
  private readonly keyCount: Int32Array;
  private readonly rules: CompiledRule[];
  // Scratch arrays reused by every query (reset through `touched`), so retrieval allocates little.
  private readonly hits: Int32Array;
  private readonly first: Int32Array;
  private readonly last: Int32Array;

  constructor(rules: CompiledRule[], options: CandidateIndexOptions = {}) {
    this.rules = rules;
    const n = rules.length === 0 ? 0 : Math.max(...rules.map((r) => r.index)) + 1;
    this.keyCount = new Int32Array(n);
    this.hits = new Int32Array(n);
    this.first = new Int32Array(n);
    this.last = new Int32Array(n);
    const maxPostings = options.maxPostings ?? Math.max(32, Math.ceil(rules.length * 0.005));
    const minKeys = options.minKeysPerRule ?? 8;
    const df = new Map<number, number>();
    for (const r of rules) for (const key of r.pairs.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    const lists = new Map<number, number[]>();
    for (const r of rules) {
      const keys = [...r.pairs.keys()].sort((a, b) => df.get(a)! - df.get(b)! || a - b);
      let chosen = keys.filter((k) => df.get(k)! <= maxPostings);
      if (chosen.length < minKeys) chosen = keys.slice(0, Math.min(minKeys, keys.length));
      this.keyCount[r.index] = chosen.length;
      for (const k of chosen) {
        const list = lists.get(k);
        if (list) list.push(r.index);
        else lists.set(k, [r.index]);
      }
    }
    for (const [k, list] of lists) this.postings.set(k, Int32Array.from(list));
  }

  get keys(): number {
    return this.postings.size;
  }

  /**
   * Rules whose indexed keys occur in query words [from, to), containment ≥ `minContainment`, best first.
   */
  retrieve(ids: Int32Array, from: number, to: number, minContainment: number, byIndex: CompiledRule[]): Candidate[] {
    const touched: number[] = [];
    const seen = new Set<number>();
    for (let i = from; i + 1 < to; i++) {
      const a = ids[i]!;
      const b = ids[i + 1]!;
      if (a < 0 || b < 0) continue;
      const key = pairKey(a, b);
      const list = this.postings.get(key);
      if (list === undefined || seen.has(key)) continue;
      seen.add(key);
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!;
        if (this.hits[r] === 0) {
          touched.push(r);
          this.first[r] = i;
        }
        this.hits[r]!++;
        this.last[r] = i;
      }
    }
    const out: Candidate[] = [];
    for (const r of touched) {
      const containment = this.hits[r]! / this.keyCount[r]!;
      if (containment >= minContainment) {
        out.push({ rule: byIndex[r]!, containment, first: this.first[r]!, last: this.last[r]! });
      }
      this.hits[r] = 0;
    }
    out.sort((x, y) => y.containment - x.containment || x.rule.index - y.rule.index);
    return out;
  }

  /** Number of rules in the index. */
  get size(): number {
    return this.rules.length;
  }
}
