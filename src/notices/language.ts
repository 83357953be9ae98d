import type * as Franc from 'franc-min';
import type { ExtractedPage } from '../extract/page.js';
import { lazy } from '../model/lazy.js';
import type { Cue, CueLexicons, Lexicon } from './clauses/lexicon.js';
import { identify, identifyModel } from './identify.js';

/**
 * Which cue lexicons to use for a text. `<html lang>` first, then franc-min (restricted with `only:` to
 * the languages we have lexicons for: faster and fewer confusions, docs/reference/stack.md §8); English is
 * always added (English notices on non-English pages are common); when neither source is sure, every
 * lexicon is tried.
 */

export interface LanguageGuess {
  /** ISO 639-1 code, or null when unsure. */
  lang: string | null;
  confident: boolean;
  source: 'html-lang' | 'words' | 'franc' | 'none';
}

export interface LexiconChoice {
  lexicons: Lexicon[];
  /** The language the text is most likely in (for evidence and `verdict.language`). */
  language: string | null;
  /** True when every lexicon is used because the language is unknown. */
  fallback: boolean;
}

/** Below this many letters franc's trigram statistics are noise. */
const MIN_LETTERS = 24;
/** From this many letters franc's first choice is reliable for our 12 languages (docs/reference/stack.md §8). */
const SURE_LETTERS = 80;
/**
 * For short texts the runner-up must score below this. franc's scores are relative to the best (= 1) and
 * stay close to it even for clear cases (0.97 for an English page against German), so this only catches
 * real ties.
 */
const MAX_RUNNER_UP = 0.985;
/** franc is linear in the text; 800 characters identify our languages reliably and cost ~0.5 ms. */
const SAMPLE_CHARS = 800;

const onlyCache = new WeakMap<CueLexicons, { only: string[]; byFranc: Map<string, string> }>();

function francTable(lexicons: CueLexicons) {
  let t = onlyCache.get(lexicons);
  if (!t) {
    const byFranc = new Map<string, string>();
    for (const l of lexicons.byLang.values()) byFranc.set(l.franc, l.lang);
    // franc-min only knows languages with 8M+ speakers: Danish and Finnish are missing (see nordic).
    t = { only: [...byFranc.keys()].filter((c) => !NOT_IN_FRANC_MIN.has(c)), byFranc };
    onlyCache.set(lexicons, t);
  }
  return t;
}

/** ~20 ms of start-up that pages with a declared, recognised language never need. */
const franc = lazy(() => require('franc-min') as typeof Franc);

const NOT_IN_FRANC_MIN = new Set(['dan', 'fin', 'ekk', 'nob', 'mlt', 'gle']);

/** Languages franc-min confuses or does not know, grouped: inside a group the function words decide. */
const NEIGHBOUR_GROUPS = [
  ['cs', 'sk'],
  ['hr', 'sl'],
  ['da', 'no', 'sv'],
  ['ru', 'uk', 'bg'],
];
const NEIGHBOURS = new Map<string, Set<string>>(
  NEIGHBOUR_GROUPS.flatMap((g) => g.map((l) => [l, new Set(g.filter((x) => x !== l))] as [string, Set<string>])),
);

/**
 * Finnish case endings and vowel harmony pairs; Hungarian and Swedish have their own letters (ő ű / å).
 * Tried at word starts only: from every letter of a long word it would be quadratic in the word's length.
 */
const FINNISH_WORD = /(?<!\p{L})\p{L}{2,}(?:ssa|ssä|lla|llä|sta|stä|ksi|aan|ään|nen|ista|istä)(?!\p{L})/gu;

/**
 * franc-min has no Danish and no Finnish (fewer than 8M speakers): their texts come out as Swedish, Dutch,
 * German or Hungarian. Hand-written because no small CJS package covers them (docs/reference/stack.md §8):
 * Danish uses æ/ø where Swedish uses ä/ö; Finnish has no å, ő or ű and many words with its case endings.
 */
function nordic(text: string, guess: string): string {
  if (!['swe', 'nld', 'deu', 'hun', 'ces', 'pol'].includes(guess)) return guess;
  const danish = (text.match(/[æøÆØ]/g) ?? []).length;
  const swedish = (text.match(/[äöÄÖ]/g) ?? []).length;
  if (danish > swedish && danish > 0) return 'dan';
  // Norwegian (read with the Danish lexicon, which carries its spellings) without æ/ø in the sample:
  // its function words are Danish ones ("ikke", "og", "til"), not Swedish ("inte", "och", "till").
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const dano = count(/(?<!\p{L})(?:ikke|og|til|af|jeg|heller|hvis)(?!\p{L})/giu);
  const sv = count(/(?<!\p{L})(?:inte|och|till|av|jag|eller|om)(?!\p{L})/giu);
  if (guess === 'swe' && dano > sv && dano >= 2) return 'dan';
  if (!/[åÅőŐűŰ]/.test(text)) {
    const words = (text.match(/\p{L}+/gu) ?? []).length;
    const finnish = (text.match(FINNISH_WORD) ?? []).length;
    if (words > 0 && finnish >= 2 && finnish / words >= 0.15) return 'fin';
  }
  return guess;
}

/**
 * When the page declares its language, franc only has to notice a passage in another language (an English
 * footer on a Polish page); a shorter sample does that at a third of the cost (franc is linear in it).
 */
const SAMPLE_CHARS_DECLARED = 300;

/** Middle of a long text: the start of a page is often navigation in another language. */
function sample(text: string, size = SAMPLE_CHARS): string {
  if (text.length <= size) return text;
  const from = Math.floor((text.length - size) / 2);
  return text.slice(from, from + size);
}

/**
 * The text's language: the writing system, function words and distinctive letters first (./identify.ts,
 * reliable on footers of 20 words and on close neighbours); franc-min's trigrams when those are not
 * conclusive (texts with few function words).
 */
export function identifyLanguage(text: string, lexicons: CueLexicons, sampleChars = SAMPLE_CHARS): LanguageGuess {
  const s = sample(text, sampleChars);
  const words = identify(s, identifyModel(lexicons));
  if (words.confident && words.lang) return { lang: words.lang, confident: true, source: 'words' };
  const neighbours = words.lang ? NEIGHBOURS.get(words.lang) : undefined;
  const letters = (s.match(/\p{L}/gu) ?? []).length;
  if (letters < MIN_LETTERS) return { lang: null, confident: false, source: 'none' };
  const { only, byFranc } = francTable(lexicons);
  // franc-min cannot name Estonian, Norwegian, Maltese, Irish, Danish or Finnish: when the function words
  // lean to one of them, franc's answer would only be another language's.
  const wordsLex = words.lang ? lexicons.byLang.get(words.lang) : undefined;
  if (wordsLex && NOT_IN_FRANC_MIN.has(wordsLex.franc))
    return { lang: wordsLex.lang, confident: true, source: 'words' };
  const ranked = franc().francAll(s, { only, minLength: 10 });
  const top = ranked[0];
  if (!top || top[0] === 'und') return { lang: null, confident: false, source: 'none' };
  const code = nordic(s, top[0]);
  let lang = byFranc.get(code) ?? null;
  // franc-min lacks most small languages: between close neighbours ("hrv" for a Slovenian text) the
  // function words, which know both, decide.
  if (lang && neighbours?.has(lang)) lang = words.lang;
  const runnerUp = ranked[1]?.[1] ?? 0;
  return { lang, confident: lang !== null && (letters >= SURE_LETTERS || runnerUp < MAX_RUNNER_UP), source: 'franc' };
}

/** `de-AT` → `de`; null for anything that is not a language tag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

const universalCache = new WeakMap<CueLexicons, Lexicon>();

/** The cues of every language that are searched whatever the language ("All rights reserved", statutes). */
export function universalCueList(lexicons: CueLexicons): Cue[] {
  return [...lexicons.byLang.values()].flatMap((l) =>
    l.cues.filter((c) => c.category === 'copyright' || c.category === 'statutes'),
  );
}

function universalLexicon(cues: Cue[]): Lexicon {
  return {
    lang: '*',
    name: 'copyright and statutes of every language',
    franc: 'und',
    file: '(derived)',
    cues,
    abbreviations: [],
    identify: { words: [], letters: '', script: 'latin' },
  };
}

/**
 * "All rights reserved" and statute references of every language: unambiguous phrases, so they are always
 * searched, whatever language was identified ("Minden jog fenntartva" under an English page).
 */
export function universalCues(lexicons: CueLexicons): Lexicon {
  let u = universalCache.get(lexicons);
  if (!u) {
    u = universalLexicon(universalCueList(lexicons));
    universalCache.set(lexicons, u);
  }
  return u;
}

/**
 * Uses a universal cue list computed earlier from the same lexicons (read from the artefact), so that
 * lexicons whose cue lists load on first use are not all loaded for it.
 */
export function adoptUniversalCues(lexicons: CueLexicons, cues: Cue[]): void {
  universalCache.set(lexicons, universalLexicon(cues));
}

const otherCache = new WeakMap<CueLexicons, Map<string, Lexicon>>();

/** The universal cues minus those of the chosen lexicons (no double hits); one object per language set. */
function otherUniversal(lexicons: CueLexicons, chosen: ReadonlySet<string>): Lexicon {
  let byKey = otherCache.get(lexicons);
  if (!byKey) {
    byKey = new Map();
    otherCache.set(lexicons, byKey);
  }
  const key = [...chosen].sort().join(',');
  let other = byKey.get(key);
  if (!other) {
    const universal = universalCues(lexicons);
    other = { ...universal, cues: universal.cues.filter((c) => !chosen.has(c.lang)) };
    byKey.set(key, other);
  }
  return other;
}

export function chooseLexicons(lexicons: CueLexicons, text: string, htmlLang: string | null): LexiconChoice {
  const chosen = new Set<string>();
  const declared = primaryLanguage(htmlLang);
  if (declared && lexicons.byLang.has(declared)) chosen.add(declared);
  const guess = identifyLanguage(text, lexicons, declared ? SAMPLE_CHARS_DECLARED : SAMPLE_CHARS);
  if (guess.confident && guess.lang) chosen.add(guess.lang);
  const language = guess.confident && guess.lang ? guess.lang : declared;
  if (chosen.size === 0) return { lexicons: [...lexicons.byLang.values()], language, fallback: true };
  if (lexicons.byLang.has('en')) chosen.add('en');
  const picked = [...chosen].map((l) => lexicons.byLang.get(l)!);
  return { lexicons: [...picked, otherUniversal(lexicons, chosen)], language, fallback: false };
}

const pageCache = new WeakMap<object, string | null>();

/**
 * The page's language for `verdict.language`: `<html lang>` when present, else franc-min on the visible
 * text. Cached per page, so the notice detector and the engine share one identification.
 */
export function pageLanguage(page: Pick<ExtractedPage, 'lang' | 'text'>, lexicons: CueLexicons): string | null {
  const declared = primaryLanguage(page.lang);
  if (declared) return declared;
  if (pageCache.has(page)) return pageCache.get(page)!;
  const guess = identifyLanguage(page.text, lexicons);
  const lang = guess.confident ? guess.lang : null;
  pageCache.set(page, lang);
  return lang;
}
