import type { NoticeRule } from './rule.js';

/** The named stages of the template matcher, in the order they run (peers.md lessons 2–5). */
export const TEMPLATE_STAGES = ['1-exact-hash', '2-phrase', '3-candidates', '4-window', '5-similarity'] as const;
export type TemplateStage = (typeof TEMPLATE_STAGES)[number];

/** One known notice found in a text. Offsets point into the string given to `match`. */
export interface TemplateMatch {
  rule: NoticeRule;
  /** [start, end) in the input string: `input.slice(start, end) === matchedText`. */
  start: number;
  end: number;
  /** 0..1 similarity of the matched text to the rule (word-pair Dice; 1 for exact; character Dice in stage 5). */
  score: number;
  /** 0..1 share of the rule's word pairs present in the match. */
  coverage: number;
  /** 0..1 = relevance × √(score × coverage): how much the match can be relied on. */
  confidence: number;
  /** The stage that produced the match. */
  stage: TemplateStage;
  /** The exact source characters. */
  matchedText: string;
}

/** What each stage did with one input: for logs, benchmarks and "why not detected?" questions. */
export interface TemplateTrace {
  /** Stage 1 ran (the input was short enough to be a notice on its own). */
  exactTried: boolean;
  /** Stage 2: prefilter trigger regions and their total length in characters. */
  regions: number;
  regionChars: number;
  /** Stage 3: candidate rules retrieved / aligned in stage 4. */
  candidates: number;
  aligned: number;
}

export interface TemplateAnalysis {
  /** Accepted matches of reservation, permission and copyright-only rules, in text order. */
  matches: TemplateMatch[];
  /**
   * Matches of false-positive rules: the span looks like a notice but is not (cookie banner, vendor
   * promise...). Other detectors should not flag text inside these spans either.
   */
  falsePositives: TemplateMatch[];
  /** Matches dropped because a false-positive rule matched the same span. */
  suppressed: TemplateMatch[];
  trace: TemplateTrace;
}

export interface ClosestRule {
  ruleId: string;
  /** Word-pair Dice of the best window (0..1). */
  score: number;
  coverage: number;
  /** Why it is not a match (below which threshold), empty when it would match. */
  failed: string[];
}
