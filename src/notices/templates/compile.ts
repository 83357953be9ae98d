import { normalize, tokenize } from '../normalize/index.js';
import type { NoticeRule } from './rule.js';

/** Word → small integer, shared by all rules of a matcher. Query words not in it cannot match anything. */
export class Vocabulary {
  constructor(private readonly ids = new Map<string, number>()) {}

  /** The word → id table, for the compiled rules artefact (src/resources/artefact.ts). */
  toState(): Map<string, number> {
    return this.ids;
  }

  /** Id of a rule word (assigned on first sight). */
  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(word, id);
    }
    return id;
  }

  /** Id of a query word, -1 when no rule has it. */
  lookup(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Word pairs are keyed by one safe integer: id1 * SPAN + id2 (vocabularies stay far below 2^26 words). */
const SPAN = 2 ** 26;

export function pairKey(a: number, b: number): number {
  return a * SPAN + b;
}

/** A rule ready for matching: word ids, the multiset of its word pairs, required phrases as id runs. */
export interface CompiledRule {
  rule: NoticeRule;
  index: number;
  /** Word ids of the rule text, in order. */
  ids: Int32Array;
  /** True where the word belongs to a [[placeholder]] (variable text). */
  variable: Uint8Array;
  /** Word-pair key → how often it occurs (pairs touching a placeholder are left out). */
  pairs: Map<number, number>;
  /** Word-pair key → positions of its first word in the rule (for the order check). */
  pairPositions: Map<number, number[]>;
  /** Number of word pairs counted in `pairs` (with repetitions). */
  pairCount: number;
  /** Word id → count, placeholders left out (for the word-set Dice). */
  words: Map<number, number>;
  wordCount: number;
  /** Each required phrase as a run of word ids. */
  required: Int32Array[];
  /** Query words a match may hold in place of the placeholders beyond the example values. */
  slack: number;
  /** Normalised words joined by one space: the exact-hash key. */
  canonical: string;
  /** Length of the rule text in characters (for prefilter reach). */
  chars: number;
}

/** Rules compiled against one vocabulary: what a TemplateMatcher is built from (plain data, serialisable). */
export interface CompiledTemplates {
  vocabulary: Map<string, number>;
  rules: CompiledRule[];
}

export function compileTemplates(rules: readonly NoticeRule[]): CompiledTemplates {
  const vocab = new Vocabulary();
  return { rules: rules.map((r, i) => compileRule(r, i, vocab)), vocabulary: vocab.toState() };
}

/** Character ranges of the markers inside `rule.text` (the body with markers removed). */
function markerRanges(rule: NoticeRule): { required: Array<[number, number]>; variable: Array<[number, number]> } {
  const required: Array<[number, number]> = [];
  const variable: Array<[number, number]> = [];
  const re = /\{\{([\s\S]*?)\}\}|\[\[([\s\S]*?)\]\]/g;
  // Offsets are computed on the template with markers removed, then shifted by the leading trim of `text`.
  let removed = 0;
  const untrimmed = rule.template.replace(/\{\{([\s\S]*?)\}\}|\[\[([\s\S]*?)\]\]/g, (_, a, b) => a ?? b);
  const lead = untrimmed.length - untrimmed.trimStart().length;
  for (let m = re.exec(rule.template); m !== null; m = re.exec(rule.template)) {
    const inner = (m[1] ?? m[2])!;
    const start = m.index - removed - lead;
    (m[1] !== undefined ? required : variable).push([start, start + inner.length]);
    removed += 4;
  }
  return { required, variable };
}

export function compileRule(rule: NoticeRule, index: number, vocab: Vocabulary): CompiledRule {
  const n = normalize(rule.text);
  const t = tokenize(n.text);
  const count = t.values.length;
  const ids = new Int32Array(count);
  const variable = new Uint8Array(count);
  const origStart = new Int32Array(count);
  const origEnd = new Int32Array(count);
  const ranges = markerRanges(rule);
  for (let i = 0; i < count; i++) {
    ids[i] = vocab.add(t.values[i]!);
    origStart[i] = n.map[t.starts[i]!]!;
    origEnd[i] = n.mapEnd[t.ends[i]! - 1]!;
    if (ranges.variable.some(([a, b]) => origStart[i]! >= a && origEnd[i]! <= b)) variable[i] = 1;
  }
  const pairs = new Map<number, number>();
  const pairPositions = new Map<number, number[]>();
  let pairCount = 0;
  for (let i = 0; i + 1 < count; i++) {
    if (variable[i] || variable[i + 1]) continue;
    const key = pairKey(ids[i]!, ids[i + 1]!);
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    const pos = pairPositions.get(key);
    if (pos) pos.push(i);
    else pairPositions.set(key, [i]);
    pairCount++;
  }
  const words = new Map<number, number>();
  let wordCount = 0;
  for (let i = 0; i < count; i++) {
    if (variable[i]) continue;
    words.set(ids[i]!, (words.get(ids[i]!) ?? 0) + 1);
    wordCount++;
  }
  const required = ranges.required.map(([a, b]) => {
    const run: number[] = [];
    for (let i = 0; i < count; i++) if (origStart[i]! >= a && origEnd[i]! <= b) run.push(ids[i]!);
    return Int32Array.from(run);
  });
  let variableWords = 0;
  for (let i = 0; i < count; i++) variableWords += variable[i]!;
  const slack = variableWords + 4 * ranges.variable.length;
  return {
    rule,
    index,
    ids,
    variable,
    pairs,
    pairPositions,
    pairCount,
    words,
    wordCount,
    required,
    slack,
    canonical: t.values.join(' '),
    chars: rule.text.length,
  };
}
