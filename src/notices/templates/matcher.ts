import { RuleFileError } from '../../rules/validate.js';
import { type NormalizedText, normalize, type Tokens, tokenize, toOriginalRange } from '../normalize/index.js';
import { SpanIndex } from '../spanIndex.js';
import { type CompiledRule, type CompiledTemplates, compileTemplates, pairKey, Vocabulary } from './compile.js';
import type { ClosestRule, TemplateAnalysis, TemplateMatch, TemplateStage, TemplateTrace } from './match.js';
import { resolveMatches } from './resolve.js';
import type { NoticeRule } from './rule.js';
import { CandidateIndex } from './stages/candidates.js';
import { ExactIndex } from './stages/exactHash.js';
import { PhraseIndex } from './stages/phrase.js';
import { charDice, ShortSimilarity } from './stages/similarity.js';
import { alignRule, type WindowAlignment } from './stages/window.js';
import { findTrigger, longestGap, type Triggers, triggerRegex, triggerRegions } from './triggers.js';

/** Rules with fewer words than this are matched word for word (stage 2) or by character Dice (stage 5). */
export const SHORT_RULE_WORDS = 6;

/** Acceptance thresholds of stage 4 (besides each rule's own minimum_coverage and required phrases). */
export const WINDOW_THRESHOLDS = {
  /** Word-pair Dice of the window: extra words inside the notice lower it. */
  dice: 0.6,
  /** licensee's first test: the words themselves (order-free). */
  wordDice: 0.7,
  /** Scrambled-text guard: matched pairs must follow the rule's order. */
  order: 0.85,
} as const;

export interface TemplateMatcherOptions {
  /** Prefilter stems; default: the first word of every required phrase. */
  triggers?: Triggers;
  /** At most this many candidates are aligned per region (best containment first). */
  maxAligned?: number;
  /** Index tuning (see CandidateIndex). */
  maxPostings?: number;
  /** `compileTemplates(rules)` made earlier (read from the rules artefact): the costly part of building. */
  compiled?: CompiledTemplates;
}

interface Region {
  offset: number;
  normalized: NormalizedText;
  tokens: Tokens;
  ids: Int32Array;
}

interface RawMatch {
  rule: CompiledRule;
  region: Region;
  startWord: number;
  endWord: number;
  score: number;
  coverage: number;
  stage: TemplateStage;
}

function defaultTriggers(rules: readonly NoticeRule[]): Triggers {
  const stems = new Set<string>();
  for (const r of rules) {
    for (const p of r.requiredPhrases) {
      const first = tokenize(normalize(p).text).values[0];
      if (first && first.length >= 3) stems.add(first);
    }
  }
  return { byLanguage: { any: [...stems] }, file: '(derived from required phrases)' };
}

/**
 * The known-notice detector: a chain of named stages with early exit.
 *   1-exact-hash  whole (short) input equals a rule after normalisation
 *   2-phrase      trigger-stem prefilter on the raw text (no hit → done), then short rules word for word
 *   3-candidates  inverted index of selective word pairs → candidate rules (cost independent of rule count)
 *   4-window      word-pair Dice alignment with bounds optimisation + order/word guards + required phrases
 *   5-similarity  near-miss short phrases by character Dice; also breaks ties between overlapping matches
 * Below the thresholds it reports nothing; `closest` shows the nearest rules for review.
 */
export class TemplateMatcher {
  readonly rules: readonly NoticeRule[];
  private readonly compiled: CompiledRule[];
  private readonly vocab: Vocabulary;
  private readonly exact: ExactIndex;
  private readonly phrases: PhraseIndex;
  private readonly similar: ShortSimilarity;
  private readonly index: CandidateIndex;
  /** The prefilter scan (public so the regular-expression safety test can analyse it). */
  readonly trigger: RegExp;
  /** Characters around a trigger hit that a notice containing it can span. */
  private readonly reach: number;
  /** Inputs up to this length are tried whole in stage 1. */
  private readonly exactMaxChars: number;
  private readonly maxAligned: number;

  constructor(rules: readonly NoticeRule[], options: TemplateMatcherOptions = {}) {
    this.rules = rules;
    const compiled = options.compiled ?? compileTemplates(rules);
    if (compiled.rules.length !== rules.length || compiled.rules.some((c, i) => c.rule !== rules[i]))
      throw new Error('compiled templates were made from other rules');
    this.compiled = compiled.rules;
    this.vocab = new Vocabulary(compiled.vocabulary);
    const triggers = options.triggers ?? defaultTriggers(rules);
    this.trigger = triggerRegex(triggers);
    let gap = 0;
    let longest = 0;
    for (const c of this.compiled) {
      longest = Math.max(longest, c.chars);
      if (c.rule.kind === 'false-positive') continue;
      if (findTrigger(this.trigger, c.rule.text) === undefined) {
        throw new RuleFileError(
          c.rule.file,
          'text',
          `contains none of the prefilter trigger stems (${triggers.file}); add a stem for this wording`,
        );
      }
      gap = Math.max(gap, longestGap(this.trigger, c.rule.text));
    }
    // Pages inflate text (whitespace, entities, line breaks): allow twice the rule's own gap.
    this.reach = Math.min(20_000, gap * 2 + 64);
    this.exactMaxChars = longest * 3 + 256;
    this.maxAligned = options.maxAligned ?? 12;
    const short = this.compiled.filter((c) => c.ids.length < SHORT_RULE_WORDS);
    const long = this.compiled.filter((c) => c.ids.length >= SHORT_RULE_WORDS);
    this.exact = new ExactIndex(this.compiled);
    this.phrases = new PhraseIndex(short);
    this.similar = new ShortSimilarity(short);
    this.index = new CandidateIndex(
      long,
      options.maxPostings === undefined ? {} : { maxPostings: options.maxPostings },
    );
  }

  /** Accepted matches (reservation, permission, copyright-only), in text order. */
  match(text: string): TemplateMatch[] {
    return this.analyze(text).matches;
  }

  /** Matches plus false-positive spans, suppressed matches and what each stage did. */
  analyze(text: string): TemplateAnalysis {
    const trace: TemplateTrace = { exactTried: false, regions: 0, regionChars: 0, candidates: 0, aligned: 0 };
    let whole: Region | undefined;
    if (text.length <= this.exactMaxChars) {
      trace.exactTried = true;
      whole = this.region(text, 0);
      const hits = this.exact.lookup(whole.tokens.values);
      if (hits.length > 0 && whole.tokens.values.length > 0) {
        const raw = hits.map((rule) => this.raw(rule, whole!, 0, whole!.tokens.values.length, 1, 1, '1-exact-hash'));
        return { ...this.resolve(raw, text), trace };
      }
    }
    // Stage 2, prefilter: a long text is only normalised around trigger hits. A short one is already
    // normalised (stage 1) and is matched whole, so false-positive rules (which need no trigger) still mark
    // their spans for the other detectors.
    let regions: Region[];
    if (whole) {
      regions = [whole];
    } else {
      const spans = triggerRegions(this.trigger, text, this.reach);
      if (spans.length === 0) return { matches: [], falsePositives: [], suppressed: [], trace };
      regions = spans.map(([a, b]) => this.region(text.slice(a, b), a));
    }
    const raw: RawMatch[] = [];
    for (const region of regions) {
      trace.regions++;
      trace.regionChars += region.normalized.original.length;
      this.matchRegion(region, raw, trace);
    }
    return { ...this.resolve(raw, text), trace };
  }

  /**
   * The rules nearest to `text` with their scores, whether or not they match: for reviewing a notice the
   * matcher stays silent about. Retrieval is the same inverted index, with a low bar.
   */
  closest(text: string, n = 5): ClosestRule[] {
    const region = this.region(text, 0);
    const words = region.tokens.values.length;
    const out: ClosestRule[] = [];
    for (const cand of this.index.retrieve(region.ids, 0, words, 0.05, this.compiled).slice(0, Math.max(n * 4, 20))) {
      const a = alignRule(cand.rule, region.ids, 0, words, 1);
      if (!a) continue;
      out.push({ ruleId: cand.rule.rule.id, score: a.dice, coverage: a.coverage, failed: this.failures(cand.rule, a) });
    }
    for (const hit of this.similar.find(region.ids, region.tokens.values, 0, words, () => false)) {
      out.push({ ruleId: hit.rule.rule.id, score: hit.similarity, coverage: 1, failed: [] });
    }
    for (const hit of this.phrases.find(region.ids, 0, words)) {
      out.push({ ruleId: hit.rule.rule.id, score: 1, coverage: 1, failed: [] });
    }
    const best = new Map<string, ClosestRule>();
    for (const c of out) {
      const prev = best.get(c.ruleId);
      if (!prev || c.score > prev.score) best.set(c.ruleId, c);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.ruleId.localeCompare(b.ruleId)).slice(0, n);
  }

  private region(slice: string, offset: number): Region {
    const normalized = normalize(slice);
    const tokens = tokenize(normalized.text);
    const ids = new Int32Array(tokens.values.length);
    for (let i = 0; i < ids.length; i++) ids[i] = this.vocab.lookup(tokens.values[i]!);
    return { offset, normalized, tokens, ids };
  }

  private matchRegion(region: Region, raw: RawMatch[], trace: TemplateTrace): void {
    const words = region.ids.length;
    // Stage 2 (second half): short rules word for word.
    for (const hit of this.phrases.find(region.ids, 0, words)) {
      raw.push(this.raw(hit.rule, region, hit.start, hit.end, 1, 1, '2-phrase'));
    }
    // Stage 3: candidates from the inverted index.
    const candidates = this.index.retrieve(region.ids, 0, words, 0.3, this.compiled);
    trace.candidates += candidates.length;
    // Stage 4: align the best candidates; a candidate whose keys all lie inside a span already explained
    // by a better-ranked match is skipped (ScanCode subtracts matched spans the same way).
    const accepted: Array<{ start: number; end: number; containment: number }> = [];
    let aligned = 0;
    for (const cand of candidates) {
      if (aligned >= this.maxAligned) break;
      const explained = accepted.some(
        (s) => cand.first >= s.start && cand.last < s.end && cand.containment < s.containment - 0.1,
      );
      if (explained) continue;
      aligned++;
      const r = cand.rule;
      const span = r.ids.length + r.slack;
      const from = Math.max(0, cand.first - span);
      const to = Math.min(words, cand.last + span + 2);
      const minHits = Math.max(1, Math.floor(r.pairCount * (r.rule.minimumCoverage / 100) * 0.9));
      const a = alignRule(r, region.ids, from, to, minHits);
      if (!a || this.failures(r, a).length > 0) continue;
      accepted.push({ start: a.start, end: a.end, containment: cand.containment });
      raw.push(this.raw(r, region, a.start, a.end, a.dice, a.coverage, '4-window'));
    }
    trace.aligned += aligned;
    // Stage 5: short phrases written slightly differently, where no exact phrase matched.
    const earlier = new SpanIndex<{ start: number; end: number; rule: CompiledRule }>();
    for (const m of raw) if (m.region === region) earlier.add({ start: m.startWord, end: m.endWord, rule: m.rule });
    const taken = (rule: CompiledRule, start: number, end: number) => earlier.some(start, end, (m) => m.rule === rule);
    for (const hit of this.similar.find(region.ids, region.tokens.values, 0, words, taken)) {
      raw.push(this.raw(hit.rule, region, hit.start, hit.end, hit.similarity, 1, '5-similarity'));
    }
  }

  /** Which acceptance test an alignment fails (empty: it is a match). */
  private failures(r: CompiledRule, a: WindowAlignment): string[] {
    const failed: string[] = [];
    if (a.coverage * 100 < r.rule.minimumCoverage) {
      failed.push(`coverage ${(a.coverage * 100).toFixed(0)} < minimum_coverage ${r.rule.minimumCoverage}`);
    }
    if (a.dice < WINDOW_THRESHOLDS.dice) failed.push(`dice ${a.dice.toFixed(2)} < ${WINDOW_THRESHOLDS.dice}`);
    if (a.wordDice < WINDOW_THRESHOLDS.wordDice) {
      failed.push(`word dice ${a.wordDice.toFixed(2)} < ${WINDOW_THRESHOLDS.wordDice}`);
    }
    if (a.order < WINDOW_THRESHOLDS.order) failed.push(`order ${a.order.toFixed(2)} < ${WINDOW_THRESHOLDS.order}`);
    if (!a.required) failed.push('a required phrase is missing');
    return failed;
  }

  private raw(
    rule: CompiledRule,
    region: Region,
    startWord: number,
    endWord: number,
    score: number,
    coverage: number,
    stage: TemplateStage,
  ): RawMatch {
    return { rule, region, startWord, endWord, score, coverage, stage };
  }

  /** Overlaps and false positives (resolve.ts); the tie-break reuses the words each match already has. */
  private resolve(raw: RawMatch[], text: string): Omit<TemplateAnalysis, 'trace'> {
    const source = new Map<TemplateMatch, RawMatch>();
    const matches = raw.map((r) => {
      const m = this.toMatch(r, text);
      source.set(m, r);
      return m;
    });
    return resolveMatches(matches, (m) => tieBreak(source.get(m)!));
  }

  private toMatch(m: RawMatch, text: string): TemplateMatch {
    const { tokens, normalized, offset } = m.region;
    const range = toOriginalRange(normalized, tokens.starts[m.startWord]!, tokens.ends[m.endWord - 1]!);
    const start = offset + range.start;
    const end = offset + range.end;
    const relevance = m.rule.rule.relevance / 100;
    return {
      rule: m.rule.rule,
      start,
      end,
      score: round(m.score),
      coverage: round(m.coverage),
      confidence: round(relevance * Math.sqrt(m.score * m.coverage)),
      stage: m.stage,
      matchedText: text.slice(start, end),
    };
  }
}

/**
 * Tie-break between matches equally strong on word pairs: character Dice (string-similarity) of the text
 * the pairs do not explain. For a rule with placeholders that is the query words standing where the
 * placeholders are, compared with the example values (so "Zenith News Group" picks the Zenith version of a
 * notice); for a rule without placeholders, the whole matched text against the rule. Comparing only the
 * unexplained words keeps the cost to a few dozen characters instead of the whole notice.
 */
function tieBreak(r: RawMatch): number {
  const words = r.region.tokens.values;
  const ids = r.region.ids;
  const rule = r.rule;
  if (rule.rule.placeholders.length === 0)
    return charDice(words.slice(r.startWord, r.endWord).join(' '), rule.canonical);
  const inPair = (i: number) => i >= 0 && i + 1 < ids.length && rule.pairs.has(pairKey(ids[i]!, ids[i + 1]!));
  const unexplained: string[] = [];
  for (let i = r.startWord; i < r.endWord; i++) if (!inPair(i - 1) && !inPair(i)) unexplained.push(words[i]!);
  const ruleWords = rule.canonical.split(' ');
  const examples = ruleWords.filter((_, i) => rule.variable[i] === 1);
  return charDice(unexplained.join(' '), examples.join(' '));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
