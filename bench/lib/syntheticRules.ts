import type { NoticeRule, Triggers } from '../../src/notices/templates/index.js';
import { findTrigger, triggerRegex } from '../../src/notices/templates/triggers.js';

/**
 * Synthetic notice rules for the "100 vs 10,000 rules" benchmark only (never written to rules/).
 * Real rule sets grow by adding publishers whose notices share boilerplate ("without prior written consent",
 * "text and data mining") but differ in names, lists and clause order, plus a few versions of the same
 * notice. The generator mimics that: clauses from a shared pool with random fillers and invented words,
 * and a small share of near-copies of the real rules (names swapped, a clause dropped).
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SYLLABLES = 'ka lo mi ra ten vor bel sun dak ori pel tas gu ven hal mor zi quo bri fen lut sar ned pov'.split(
  ' ',
);
const CONTENT = ['texts', 'photographs', 'videos', 'articles', 'databases', 'graphics', 'podcasts', 'maps', 'reviews'];
const USES = [
  'text and data mining',
  'the training of artificial intelligence systems',
  'machine learning',
  'automated extraction',
  'scraping',
  'the development of language models',
  'reproduction',
  'commercial reuse',
];
const CONDITIONS = [
  'without prior written consent',
  'without a licence agreement',
  'unless expressly permitted in writing',
  'without the express permission of the owner',
  'except under a separate agreement against remuneration',
];
const CLAUSES = [
  'All content published by {P} including {C} and {C} is protected by copyright.',
  '{P} expressly reserves the use of its {C} for {U} within the meaning of Article 4(3) of Directive 2019/790.',
  'Any {U} or {U} of the {C} of {P} is prohibited {K}.',
  'The use of robots, crawlers or other automated means to access the {C} of {P} is strictly prohibited {K}.',
  'This reservation also covers {U} and {U} by any party, regardless of the technique used.',
  'Search engines may index the {C} for the sole purpose of search results.',
  'Requests for licences for {U} should be sent to the rights department of {P}.',
  'Reproduction of {C} for personal, non-commercial use is permitted provided {P} is credited.',
  '{P} does not consent to {U} of its {C} and will enforce its rights.',
  'The {C} and {C} of this website may not be used for {U} {K}.',
];

function word(r: () => number): string {
  let w = '';
  const n = 2 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
  return w;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function fill(template: string, r: () => number, publisher: string): string {
  return template
    .replace(/\{P\}/g, publisher)
    .replace(/\{C\}/g, () => (r() < 0.3 ? `${word(r)} ${pick(r, CONTENT)}` : pick(r, CONTENT)))
    .replace(/\{U\}/g, () => pick(r, USES))
    .replace(/\{K\}/g, () => pick(r, CONDITIONS));
}

function synthetic(i: number, r: () => number): NoticeRule {
  const publisher = `${word(r)} ${word(r)} Media`;
  const clauses: string[] = [];
  const n = 2 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) clauses.push(fill(pick(r, CLAUSES), r, publisher));
  // The required phrase: the publisher's name in a reservation clause, always present.
  clauses.push(`{{${publisher} reserves all rights}} in its ${pick(r, CONTENT)} against ${pick(r, USES)}.`);
  const template = clauses.join(' ');
  return rule(`synthetic-${i}`, template);
}

function rule(id: string, template: string, base?: NoticeRule): NoticeRule {
  const requiredPhrases = [...template.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!);
  return {
    id,
    kind: 'reservation',
    language: base?.language ?? 'en',
    effects: base?.effects ?? { tdm: 'denied', 'ai-train': 'denied' },
    conditions: [],
    exceptions: [],
    relevance: 100,
    minimumCoverage: 80,
    source: 'synthetic (benchmark only)',
    text: template.replace(/\{\{|\}\}|\[\[|\]\]/g, ''),
    template,
    requiredPhrases,
    placeholders: [],
    file: `(synthetic)/${id}`,
  };
}

/** A near-copy of a real rule: a new id, its placeholders' example values swapped, one sentence dropped. */
function variant(base: NoticeRule, i: number, r: () => number, trigger: RegExp): NoticeRule {
  let template = base.template.replace(/\[\[([\s\S]*?)\]\]/g, () => `${word(r)} ${word(r)}`);
  const sentences = template.split(/(?<=[.!?])\s+/);
  if (sentences.length > 2) {
    const drop = Math.floor(r() * sentences.length);
    const kept = sentences.filter((_, k) => k !== drop).join(' ');
    // Keep required phrases, and a prefilter trigger (the matcher refuses rules without one).
    if (!sentences[drop]!.includes('{{') && findTrigger(trigger, kept) !== undefined) template = kept;
  }
  return rule(`${base.id}-variant-${i}`, template, base);
}

/**
 * `total` rules: the real ones; two near-copies of each `focus` rule (the notice the benchmark page carries,
 * in every set size, so sizes differ only in the number of rules, not in how ambiguous the page is); more
 * near-copies of other real rules (about 1 in 200 rules); synthetic publishers for the rest.
 * Deterministic for a given seed.
 */
export function syntheticRuleSet(
  real: readonly NoticeRule[],
  total: number,
  triggers: Triggers,
  focus: readonly string[] = [],
  seed = 7,
): NoticeRule[] {
  const r = rng(seed);
  const trigger = triggerRegex(triggers);
  const out = [...real];
  let n = 0;
  for (const id of focus) {
    const base = real.find((x) => x.id === id);
    if (!base) throw new Error(`no real rule "${id}" to vary`);
    for (let k = 0; k < 2; k++) out.push(variant(base, n++, r, trigger));
  }
  const bases = real.filter((x) => x.kind !== 'false-positive' && x.placeholders.length > 0 && !focus.includes(x.id));
  const extra = Math.min(bases.length * 5, Math.floor(total / 200));
  for (let i = 0; i < extra && bases.length > 0; i++) out.push(variant(bases[i % bases.length]!, n++, r, trigger));
  for (let i = 0; out.length < total; i++) out.push(synthetic(i, r));
  return out.slice(0, total);
}
