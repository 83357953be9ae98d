import { fold } from './clauses/fold.js';
import type { CueLexicons, Lexicon, Script } from './clauses/lexicon.js';

/**
 * Language identification for short texts (a footer of 20–60 words), over the languages we have lexicons
 * for. Trigram models (franc) need more text than a footer holds and confuse close neighbours (Slovak and
 * Czech, Slovenian and Croatian, Norwegian and Danish, Ukrainian, Russian and Bulgarian), so the model is
 * the one a reader uses: the writing system first, then the language's frequent function words and the
 * letters its neighbours do not have — both lists live in each lexicon (`identify:`), rules as data.
 *
 * Cost: one pass over a bounded sample; each word and letter is one map lookup that lists the languages it
 * belongs to, so the cost does not grow with the number of languages loaded.
 */
export interface IdentifyModel {
  langs: readonly Lexicon[];
  /** Folded function word → indexes (into `langs`) of the languages that use it. */
  words: ReadonlyMap<string, readonly number[]>;
  /** Lower-case letter → indexes of the languages it marks. */
  letters: ReadonlyMap<string, readonly number[]>;
  byScript: ReadonlyMap<Script, readonly number[]>;
}

export interface Identified {
  lang: string | null;
  /** The winner is clear: enough evidence and a margin over the runner-up. */
  confident: boolean;
  script: Script | null;
}

const cache = new WeakMap<CueLexicons, IdentifyModel>();

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [index]);
  else if (!list.includes(index)) list.push(index);
}

export function identifyModel(lexicons: CueLexicons): IdentifyModel {
  let model = cache.get(lexicons);
  if (model) return model;
  const langs = [...lexicons.byLang.values()];
  const words = new Map<string, number[]>();
  const letters = new Map<string, number[]>();
  const byScript = new Map<Script, number[]>();
  langs.forEach((lex, i) => {
    for (const w of lex.identify.words) push(words, w, i);
    for (const ch of lex.identify.letters) push(letters, ch, i);
    const list = byScript.get(lex.identify.script);
    if (list) list.push(i);
    else byScript.set(lex.identify.script, [i]);
  });
  model = { langs, words, letters, byScript };
  cache.set(lexicons, model);
  return model;
}

/** Character counts per writing system; kana outweighs Han (Japanese mixes both, Chinese has no kana). */
export function dominantScript(text: string): Script | null {
  let latin = 0;
  let cyrillic = 0;
  let greek = 0;
  let han = 0;
  let kana = 0;
  let hangul = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c >= 0x400 && c <= 0x52f) cyrillic++;
    else if (c >= 0x370 && c <= 0x3ff) greek++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
  }
  if (kana >= 3 && kana * 4 >= han) return 'kana';
  const counts: [Script, number][] = [
    ['latin', latin],
    ['cyrillic', cyrillic],
    ['greek', greek],
    ['han', han + kana],
    ['hangul', hangul],
  ];
  // A CJK character carries about a word; a Latin letter a fifth of one.
  const weight = (s: Script, n: number) => (s === 'han' || s === 'hangul' ? n * 3 : n);
  let best: [Script, number] | null = null;
  for (const [s, n] of counts) if (n > 0 && (!best || weight(s, n) > weight(best[0], best[1]))) best = [s, n];
  return best ? best[0] : null;
}

/** Evidence a winner needs (a function word counts 1, a distinctive letter 2), and its margin. */
const MIN_SCORE = 4;
const MIN_MARGIN = 1.5;
const LETTER_WEIGHT = 2;
/** Letters a distinctive letter may count for, so one letter repeated cannot decide alone. */
const MAX_LETTER_HITS = 4;
const WORD = /\p{L}+/gu;

export function identify(text: string, model: IdentifyModel): Identified {
  const script = dominantScript(text);
  if (!script) return { lang: null, confident: false, script };
  const candidates = model.byScript.get(script) ?? [];
  if (candidates.length === 0) return { lang: null, confident: false, script };
  // One language for the script: the script decides (Greek, Japanese kana, Hangul, Han).
  if (candidates.length === 1 && script !== 'latin')
    return { lang: model.langs[candidates[0]!]!.lang, confident: text.length >= 6, script };
  const inScript = new Set(candidates);
  const score = new Float64Array(model.langs.length);
  const folded = fold(text);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    const langs = model.words.get(m[0]);
    if (!langs) continue;
    const inside = langs.filter((i) => inSet(inScript, i));
    for (const i of inside) score[i]! += 1 / inside.length;
  }
  const letterHits = new Map<string, number>();
  const lower = text.toLowerCase();
  for (const ch of lower) {
    const langs = model.letters.get(ch);
    if (!langs) continue;
    const seen = letterHits.get(ch) ?? 0;
    if (seen >= MAX_LETTER_HITS) continue;
    letterHits.set(ch, seen + 1);
    const inside = langs.filter((i) => inSet(inScript, i));
    for (const i of inside) score[i]! += LETTER_WEIGHT / inside.length;
  }
  let best = -1;
  let second = -1;
  for (const i of candidates) {
    if (best < 0 || score[i]! > score[best]!) {
      second = best;
      best = i;
    } else if (second < 0 || score[i]! > score[second]!) second = i;
  }
  const top = score[best]!;
  const runnerUp = second >= 0 ? score[second]! : 0;
  if (top <= 0) return { lang: null, confident: false, script };
  return {
    lang: model.langs[best]!.lang,
    confident: top >= MIN_SCORE && top >= MIN_MARGIN * runnerUp,
    script,
  };
}

function inSet(set: ReadonlySet<number>, i: number): boolean {
  return set.has(i);
}
