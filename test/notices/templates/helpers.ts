import { join } from 'node:path';
import {
  loadNoticeRules,
  loadTriggers,
  type NoticeRule,
  TRIGGERS_FILE,
  type Triggers,
} from '../../../src/notices/templates/index.js';
import { projectRoot } from '../../../src/rules/root.js';

export const RULES_DIR = join(projectRoot(), 'rules', 'notices');

let cached: { rules: NoticeRule[]; triggers: Triggers } | undefined;

/** The shipped rules and triggers, loaded once per test file. */
export function shippedRules(): { rules: NoticeRule[]; triggers: Triggers } {
  cached ??= { rules: loadNoticeRules(RULES_DIR), triggers: loadTriggers(join(RULES_DIR, TRIGGERS_FILE)) };
  return cached;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Neutral words: none is a prefilter trigger, so filler never creates regions of its own. */
const FILLER =
  'the city council met on monday to discuss the new bridge while local shops reported a busy weekend and the weather stayed mild across the region as schools prepared for the holidays'.split(
    ' ',
  );

/** `chars` characters of article-like filler text in paragraphs. */
export function filler(chars: number, seed = 1): string {
  const r = rng(seed);
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const words = Array.from({ length: 20 + Math.floor(r() * 30) }, () => FILLER[Math.floor(r() * FILLER.length)]!);
    const p = `${words.join(' ')}.`;
    out.push(p[0]!.toUpperCase() + p.slice(1));
    n += p.length + 2;
  }
  return out.join('\n\n');
}

/** The same text with irregular whitespace: doubled spaces, line breaks, tabs, indentation. */
export function messyWhitespace(text: string, seed = 2): string {
  const r = rng(seed);
  const choices = [' ', '  ', '\n', ' \n  ', '\t', '\r\n'];
  return text.replace(/ /g, () => (r() < 0.3 ? choices[Math.floor(r() * choices.length)]! : ' '));
}

/** A long page (well over the whole-input limit of stage 1) with `notice` in the middle. */
export function embed(notice: string, seed = 3): { page: string; start: number; end: number } {
  const before = `${filler(30_000, seed)}\n\n`;
  const page = `${before}${notice}\n\n${filler(30_000, seed + 1)}`;
  return { page, start: before.length, end: before.length + notice.length };
}
