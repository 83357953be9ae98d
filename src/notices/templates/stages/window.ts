import { type CompiledRule, pairKey } from '../compile.js';

/** The best alignment of one rule inside a run of query words, with the figures the guards need. */
export interface WindowAlignment {
  /** Query word range [start, end). */
  start: number;
  end: number;
  /** Word-pair Sørensen–Dice of window vs rule (multiset, placeholder slack applied): the score. */
  dice: number;
  /** Share of the rule's word pairs found in the window (multiset): ScanCode's rule coverage. */
  coverage: number;
  /** Word (unigram) multiset Dice: licensee's first test. */
  wordDice: number;
  /** Share of matched pairs that appear in the rule's order (longest increasing run / matched). */
  order: number;
  /** Every {{required phrase}} occurs word for word inside the window. */
  required: boolean;
}

/** Stop considering hits further apart than this (in words): a notice is one piece of text. */
function maxGap(rule: CompiledRule): number {
  return Math.max(8, Math.ceil(rule.ids.length * 0.25)) + rule.slack;
}

function dice(intersection: number, windowPairs: number, rule: CompiledRule): number {
  const effective = Math.max(intersection, windowPairs - rule.slack);
  const denominator = effective + rule.pairCount;
  return denominator === 0 ? 0 : (2 * intersection) / denominator;
}

/**
 * Choose the hit range [a, b] maximising Dice. Exact O(k²) over hit pairs for short notices; above
 * EXACT_BOUNDS_HITS hits, askalono's bounds optimisation: alternate full scans of the end for the current
 * start, then of the start for that end (three rounds, O(k) each). Groups are already split at gaps, so
 * what is left to trim are stray hits at the edges, which the alternating scans find.
 */
const EXACT_BOUNDS_HITS = 120;

function optimiseBounds(hitPos: number[], prefix: Int32Array, rule: CompiledRule): [number, number] {
  const k = hitPos.length;
  const score = (a: number, b: number) => dice(prefix[b + 1]! - prefix[a]!, hitPos[b]! - hitPos[a]! + 1, rule);
  if (k <= EXACT_BOUNDS_HITS) {
    let best: [number, number] = [0, k - 1];
    let bestScore = -1;
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const s = score(a, b);
        if (s > bestScore) {
          bestScore = s;
          best = [a, b];
        }
      }
    }
    return best;
  }
  let a = 0;
  let b = k - 1;
  for (let pass = 0; pass < 3; pass++) {
    let bestB = b;
    for (let j = a; j < k; j++) if (score(a, j) > score(a, bestB)) bestB = j;
    b = bestB;
    let bestA = a;
    for (let j = 0; j <= b; j++) if (score(j, b) > score(bestA, b)) bestA = j;
    a = bestA;
  }
  return [a, b];
}

/** Longest strictly increasing subsequence length (patience sorting). */
function lisLength(seq: number[]): number {
  const tails: number[] = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

function containsRun(ids: Int32Array, start: number, end: number, run: Int32Array): boolean {
  const n = run.length;
  if (n === 0) return true;
  outer: for (let i = start; i + n <= end; i++) {
    for (let j = 0; j < n; j++) if (ids[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** Exact figures for query words [start, end) against the rule. */
export function measureWindow(rule: CompiledRule, ids: Int32Array, start: number, end: number): WindowAlignment {
  const used = new Map<number, number>();
  const nextOccurrence = new Map<number, number>();
  const rulePositions: number[] = [];
  let intersection = 0;
  for (let i = start; i + 1 < end; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    if (a < 0 || b < 0) continue;
    const key = pairKey(a, b);
    const budget = rule.pairs.get(key);
    if (budget === undefined) continue;
    const u = used.get(key) ?? 0;
    if (u >= budget) continue;
    used.set(key, u + 1);
    intersection++;
    const positions = rule.pairPositions.get(key)!;
    const occ = nextOccurrence.get(key) ?? 0;
    nextOccurrence.set(key, occ + 1);
    rulePositions.push(positions[Math.min(occ, positions.length - 1)]!);
  }
  const windowPairs = Math.max(0, end - start - 1);
  const wordsUsed = new Map<number, number>();
  let wordHits = 0;
  for (let i = start; i < end; i++) {
    const w = ids[i]!;
    const budget = rule.words.get(w);
    if (budget === undefined) continue;
    const u = wordsUsed.get(w) ?? 0;
    if (u < budget) {
      wordsUsed.set(w, u + 1);
      wordHits++;
    }
  }
  const windowWords = Math.max(wordHits, end - start - rule.slack);
  return {
    start,
    end,
    dice: dice(intersection, windowPairs, rule),
    coverage: rule.pairCount === 0 ? 0 : intersection / rule.pairCount,
    wordDice: (2 * wordHits) / (windowWords + rule.wordCount),
    order: intersection === 0 ? 0 : lisLength(rulePositions) / intersection,
    required: rule.required.every((run) => containsRun(ids, start, end, run)),
  };
}

/**
 * Stage `4-window`: find where `rule` sits inside query words [from, to). Word pairs of the query that the
 * rule has are "hits"; hits are grouped where they are no further apart than a notice can be; in each group
 * the bounds maximising Dice are chosen, then measured exactly. Returns the best group's alignment.
 */
export function alignRule(
  rule: CompiledRule,
  ids: Int32Array,
  from: number,
  to: number,
  minHits: number,
): WindowAlignment | undefined {
  const hitPos: number[] = [];
  for (let i = from; i + 1 < to; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    if (a >= 0 && b >= 0 && rule.pairs.has(pairKey(a, b))) hitPos.push(i);
  }
  if (hitPos.length < minHits) return undefined;
  const gap = maxGap(rule);
  let best: WindowAlignment | undefined;
  let groupStart = 0;
  for (let j = 1; j <= hitPos.length; j++) {
    if (j < hitPos.length && hitPos[j]! - hitPos[j - 1]! <= gap) continue;
    const group = hitPos.slice(groupStart, j);
    groupStart = j;
    if (group.length < minHits) continue;
    // Prefix counts of hits within each pair's budget (left to right): an O(1) estimate of the intersection.
    const prefix = new Int32Array(group.length + 1);
    const used = new Map<number, number>();
    for (let h = 0; h < group.length; h++) {
      const i = group[h]!;
      const key = pairKey(ids[i]!, ids[i + 1]!);
      const u = used.get(key) ?? 0;
      const counts = u < rule.pairs.get(key)! ? 1 : 0;
      used.set(key, u + counts);
      prefix[h + 1] = prefix[h]! + counts;
    }
    const [a, b] = optimiseBounds(group, prefix, rule);
    const m = measureWindow(rule, ids, group[a]!, group[b]! + 2);
    if (!best || m.dice > best.dice) best = m;
  }
  return best;
}
