import { decodeEntity, ENTITY_RE } from './entities.js';
import { type MappedText, replaceMapped } from './mapped.js';
import { SPELLING_VARIANTS } from './variants.js';

/**
 * One named normalisation step. Steps are pure, keep the offset map (see mapped.ts), and return their
 * input unchanged when there is nothing to do. The order of NORMALIZATION_STEPS matters and is tested.
 */
export interface NormalizationStep {
  name: string;
  /** What the step does, in one line (shown by docs and `closest` diagnostics). */
  description: string;
  apply(input: MappedText): MappedText;
}

export const htmlEntities: NormalizationStep = {
  name: 'html-entities',
  description: 'decode leftover HTML character references (&amp;, &#169;, &eacute;...)',
  apply: (t) => (t.text.includes('&') ? replaceMapped(t, ENTITY_RE, (m) => decodeEntity(m[0])) : t),
};

/** Zero-width characters, soft hyphens, byte-order marks and bidi controls: invisible, so they must not split words. */
export const invisibleCharacters: NormalizationStep = {
  name: 'invisible-characters',
  description: 'remove zero-width spaces/joiners, soft hyphens, BOM and bidi marks',
  apply: (t) => replaceMapped(t, /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e\ufeff]+/g, () => ''),
};

/**
 * ©-like marks become "©". Runs before NFKC, which would turn Ⓒ into a plain "C". "(c)" only counts when a
 * year or a name follows, so list items "(a) (b) (c) ..." stay list items.
 */
export const copyrightSign: NormalizationStep = {
  name: 'copyright-sign',
  description: '©, Ⓒ, ⓒ and "(c)" before a year or name → ©',
  apply: (t) => replaceMapped(t, /[\u24b8\u24d2]|\([cC]\)(?=[ \t]*[\p{Lu}\p{N}])/gu, () => '©'),
};

/** Compatibility forms (NBSP, ligatures, full-width letters, superscripts) and composed accents. */
export const unicodeNfkc: NormalizationStep = {
  name: 'unicode-nfkc',
  description: 'Unicode NFKC (NBSP → space, ﬁ → fi, full-width → ASCII, e + ◌́ → é)',
  apply: (t) =>
    replaceMapped(t, /[^\x00-\x7f]\p{M}*|[\x00-\x7f]\p{M}+/gu, (m) => {
      const n = m[0].normalize('NFKC');
      return n === m[0] ? undefined : n;
    }),
};

export const quotes: NormalizationStep = {
  name: 'quotes',
  description: "every single/double quotation mark and guillemet → '",
  apply: (t) => replaceMapped(t, /[\u2018-\u201f\u2032-\u2037\u00ab\u00bb\u2039\u203a\u0060\u00b4"]/g, () => "'"),
};

export const dashes: NormalizationStep = {
  name: 'dashes',
  description: 'every dash and the minus sign → -',
  apply: (t) => replaceMapped(t, /[\p{Pd}\u2212]/gu, (m) => (m[0] === '-' ? undefined : '-')),
};

/** URLs and e-mail addresses are black-boxed: a notice that links elsewhere still matches its template. */
export const urls: NormalizationStep = {
  name: 'urls',
  description: 'URLs → "url", e-mail addresses → "email"',
  apply: (t) =>
    replaceMapped(
      t,
      /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]]*[^\s<>"'()[\].,;:!?]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi,
      (m) => (m[0].includes('@') && !/^(?:https?:|www\.)/i.test(m[0]) ? 'email' : 'url'),
    ),
};

/** "repro-\nduction" → "reproduction"; comment leaders on the next line (#, //, *, >) are dropped too. */
export const dehyphenate: NormalizationStep = {
  name: 'dehyphenate',
  description: 'join words hyphenated across a line break',
  apply: (t) =>
    replaceMapped(
      t,
      /(\p{L})-[ \t]*(?:\r\n|\n|\r)[ \t]*(?:(?:#+|\/\/|\*|>)[ \t]*)?(\p{Ll})/gu,
      (m) => `${m[1]}${m[2]}`,
    ),
};

export const whitespace: NormalizationStep = {
  name: 'whitespace',
  description: 'runs of whitespace (incl. line breaks, tabs) → one space; trim',
  apply: (t) => {
    const len = t.text.length;
    return replaceMapped(t, /\s+/g, (m) => {
      if (m.index === 0 || m.index + m[0].length === len) return '';
      return m[0] === ' ' ? undefined : ' ';
    });
  },
};

export const lowercase: NormalizationStep = {
  name: 'lowercase',
  description: 'lower-case every letter',
  apply: (t) => {
    const lower = t.text.toLowerCase();
    if (lower === t.text) return t;
    // toLowerCase never shortens a string; equal length means a character-for-character mapping.
    if (lower.length === t.text.length) return { text: lower, starts: t.starts, ends: t.ends };
    return replaceMapped(t, /[\p{Lu}\p{Lt}]/gu, (m) => m[0].toLowerCase());
  },
};

/** Letters NFD does not decompose. */
const FOLD_SPECIAL: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  ð: 'd',
  þ: 'th',
};

/** Accents are often dropped on the web ("reproduccion", "zastrzezone"); matching ignores them. */
export const foldDiacritics: NormalizationStep = {
  name: 'fold-diacritics',
  description: 'remove accents and fold ł/ø/ß/æ/œ to ASCII (é → e, ż → z, ß → ss)',
  apply: (t) =>
    replaceMapped(t, /[^\x00-\x7f]/gu, (m) => {
      const special = FOLD_SPECIAL[m[0]];
      if (special !== undefined) return special;
      const folded = m[0].normalize('NFD').replace(/\p{M}+/gu, '');
      return folded === m[0] ? undefined : folded;
    }),
};

export const spellingVariants: NormalizationStep = {
  name: 'spelling-variants',
  description: 'unify spelling variants (licence/license, datamining/data mining, A.I./AI, e-mail, non-commercial...)',
  apply: (t) => {
    let out = t;
    for (const v of SPELLING_VARIANTS) {
      out = replaceMapped(out, v.pattern, (m) => {
        // Expand $1 by hand: the map needs the replacement string, not String.replace.
        const value = v.replacement.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
        return value;
      });
    }
    return out;
  },
};

/**
 * The pipeline, in order. Entities first (they hide characters the later steps look for); © before NFKC
 * (NFKC turns Ⓒ into "C"); URLs and de-hyphenation before whitespace (they need the line breaks);
 * lower-case before folding and variants (their patterns are lower-case).
 */
export const NORMALIZATION_STEPS: readonly NormalizationStep[] = [
  htmlEntities,
  invisibleCharacters,
  copyrightSign,
  unicodeNfkc,
  quotes,
  dashes,
  urls,
  dehyphenate,
  whitespace,
  lowercase,
  foldDiacritics,
  spellingVariants,
];
