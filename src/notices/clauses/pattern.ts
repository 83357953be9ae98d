import { fold } from './fold.js';

/**
 * Cue patterns are written by rule authors, so they use a small phrase syntax instead of raw regular
 * expressions (rules/cues/README.md). Hand-written because no library compiles "phrases with stems and
 * gaps" to a JavaScript RegExp; it is about 80 lines and every construct has a test.
 *
 *   word word     the words in order; one space matches any run of spaces, line breaks or dashes
 *   data-mining   a dash matches a dash, a space or nothing ("data mining", "data-mining", "datamining")
 *   scrap*        `*` continues the word with any letters ("scraping", "scraper"); also inside or in front
 *   a ... b       up to 8 words between a and b (German "behalten uns … vor"); `a ...24 b`: up to 24
 *   (a|b c)       alternatives; `(…)?` makes the group optional, `s?` the letter, `rights ?holder` the space
 *   licen[cs]e    a character class, copied as written
 *   =AI           a leading `=` matches case-sensitively and without folding: acronyms that are also
 *                 short words elsewhere ("AI" vs Italian "ai", "KI", "IA", "ML" vs millilitre, "RAG")
 *   re:<regex>    a raw regular expression, for the rare case the syntax cannot say (statute numbering)
 *
 * Matching is case- and accent-insensitive: patterns and texts are folded the same way (fold.ts), and a
 * pattern that starts or ends with a letter or digit only matches at word boundaries.
 */

export class PatternError extends Error {}

/**
 * A letter or digit of folded text: after folding, Latin letters are ASCII; Greek, Cyrillic and the few
 * Latin letters without a decomposition stay as they are. A compact class instead of `\\p{L}`: Unicode
 * property classes make V8 compile each pattern about 70× slower (1 ms vs 13 µs, measured), and the
 * lexicons hold thousands of patterns.
 */
export const WORD_CHAR = '[a-z0-9\\u00aa\\u00b5\\u00ba\\u00df-\\u024f\\u0370-\\u03ff\\u0400-\\u052f]';
const SEP = '[\\s-]+';
const OPT_SEP = '[\\s-]*';
const WORD = `${WORD_CHAR}*`;
/**
 * Up to 8 words between two parts of a phrase. Gap words are separated by white space only, and a word is
 * a run without white space (dashes included: "Text- und Data-Mining" is three words): a run of words and
 * spaces splits into them in exactly one way, so matching stays linear on separator lines ("# --------")
 * that made the old gap (dashes both inside words and between them) backtrack exponentially.
 */
function gap(words: number): string {
  return `(?:\\s+[^\\s.;:!?]+){0,${words}}?\\s+`;
}
const GAP_WORDS = 8;
/** `...24`: the longest gap a phrase may ask for (German verb brackets: "behält sich … nach § 44b UrhG vor"). */
const MAX_GAP_WORDS = 24;
const BEFORE = `(?<!${WORD_CHAR})`;
const AFTER = `(?!${WORD_CHAR})`;
/** Original (unfolded) text: letters of any case and accents count as word characters. */
const EXACT_BEFORE = '(?<![A-Za-z0-9\\u00c0-\\u024f])';
const EXACT_AFTER = '(?![A-Za-z0-9\\u00c0-\\u024f])';

/**
 * Appends a separator. Two separators in a row ("tekst- og": a dash, then a space) become one, because
 * `[\\s-]*[\\s-]+` can split a run of dashes in as many ways as it is long (polynomial backtracking).
 */
function withSeparator(out: string, sep: string): string {
  if (out.endsWith(SEP)) return out;
  if (out.endsWith(OPT_SEP)) return out.slice(0, -OPT_SEP.length) + sep;
  return out + sep;
}

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** Compiles the phrase syntax to a regular-expression source (no flags). */
export function patternSource(pattern: string): string {
  if (pattern.startsWith('re:')) {
    const raw = pattern.slice(3);
    try {
      new RegExp(raw, 'u');
    } catch (e) {
      throw new PatternError(`invalid regular expression: ${(e as Error).message}`);
    }
    return raw;
  }
  const exact = pattern.startsWith('=');
  const p = exact ? pattern.slice(1).trim() : fold(pattern.trim());
  if (p.length === 0) throw new PatternError('empty pattern');
  let i = 0;
  const parseSeq = (depth: number): string => {
    let out = '';
    let lastWasChar = false;
    while (i < p.length) {
      const ch = p[i]!;
      if (ch === '?' && lastWasChar) {
        out += '?';
        lastWasChar = false;
        i++;
        continue;
      }
      lastWasChar = false;
      if (ch === ')' || ch === '|') {
        if (depth === 0) throw new PatternError(`unexpected "${ch}" at ${i + 1}`);
        return out;
      }
      if (ch === '(') {
        i++;
        const alts = [parseSeq(depth + 1)];
        while (p[i] === '|') {
          i++;
          alts.push(parseSeq(depth + 1));
        }
        if (p[i] !== ')') throw new PatternError(`unclosed "(" in "${pattern}"`);
        i++;
        const optional = p[i] === '?';
        if (optional) i++;
        out += `(?:${alts.join('|')})${optional ? '?' : ''}`;
        continue;
      }
      if (p.startsWith('...', i) || p.startsWith(' ... ', i) || p.startsWith('…', i)) {
        // A gap absorbs the spaces around it.
        out = out.replace(/\[\\s-\][+*]$/, '');
        i += p.startsWith(' ... ', i) ? 4 : p.startsWith('...', i) ? 3 : 1;
        const digits = /^\d{1,2}/.exec(p.slice(i, i + 2));
        let words = GAP_WORDS;
        if (digits) {
          words = Number(digits[0]);
          if (words < 1 || words > MAX_GAP_WORDS)
            throw new PatternError(`a gap of ${words} words: at most ${MAX_GAP_WORDS} in "${pattern}"`);
          i += digits[0].length;
        }
        while (p[i] === ' ') i++;
        out += gap(words);
        continue;
      }
      if (/\s/.test(ch)) {
        while (i < p.length && /\s/.test(p[i]!)) i++;
        // A space followed by the gap is absorbed by the gap; "rights ?holder": an optional space.
        if (p[i] === '?') {
          out = withSeparator(out, OPT_SEP);
          i++;
        } else if (!p.startsWith('...', i) && !p.startsWith('…', i)) out = withSeparator(out, SEP);
        continue;
      }
      if (ch === '-') {
        out = withSeparator(out, OPT_SEP);
        i++;
        continue;
      }
      if (ch === '*') {
        out += WORD;
        i++;
        continue;
      }
      if (ch === '[') {
        const close = p.indexOf(']', i + 1);
        if (close < 0) throw new PatternError(`unclosed "[" in "${pattern}"`);
        const cls = p.slice(i + 1, close);
        if (cls.length === 0 || /[\\\]]/.test(cls))
          throw new PatternError(`bad character class "[${cls}]" in "${pattern}"`);
        out += `[${cls}]`;
        i = close + 1;
        continue;
      }
      if (ch === '?') throw new PatternError(`"?" must follow a letter or a group "(...)" in "${pattern}"`);
      out += escapeChar(ch);
      lastWasChar = true;
      i++;
    }
    if (depth > 0) throw new PatternError(`unclosed "(" in "${pattern}"`);
    return out;
  };
  const body = parseSeq(0);
  if (i < p.length) throw new PatternError(`unexpected "${p[i]}" at ${i + 1} in "${pattern}"`);
  const first = p.replace(/^\(+/, '')[0] ?? '';
  const last = p.replace(/[)?]+$/, '').slice(-1);
  // Word boundaries only where the script has words: Han, kana and Hangul text is matched as a substring
  // ("禁止AI训练", "Example版权所有").
  const edge = new RegExp(`^(?:${WORD_CHAR}|\\*)$`, 'u');
  const wordStart = edge.test(exact ? first.toLowerCase() : first);
  const wordEnd = edge.test(exact ? last.toLowerCase() : last);
  if (exact) return `${wordStart ? EXACT_BEFORE : ''}${body}${wordEnd ? EXACT_AFTER : ''}`;
  return `${wordStart ? BEFORE : ''}${body}${wordEnd ? AFTER : ''}`;
}

/** One compiled pattern; `flags` always include `u` (Unicode classes) and `g` (scan). */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(patternSource(pattern), 'gu');
}

/** `=`-patterns are matched against the original text (case-sensitive), all others against folded text. */
export function isExactPattern(pattern: string): boolean {
  return pattern.startsWith('=');
}

/**
 * Literal strings one of which every match of the pattern starts with (folded), or null when the pattern
 * cannot say (raw regex, optional first group). The cue gate searches for these anchors with one literal
 * alternation — about 100× faster than an alternation of the full patterns, which V8 cannot prefilter.
 */
export function patternAnchors(pattern: string): string[] | null {
  if (pattern.startsWith('re:') || pattern.startsWith('=')) return null;
  return anchorsOf(fold(pattern.trim()), 0);
}

/** The literal run a match must start with; a quantifier after it drops its last character. */
function leadingLiteral(s: string): string {
  const run = /^[^\s()*?+{[\]|.…\\-]+/.exec(s)?.[0] ?? '';
  const next = s[run.length];
  return next === '?' || next === '*' || next === '+' || next === '{' ? run.slice(0, -1) : run;
}

/** Index of the ")" that closes the "(" at `open`, or -1. */
function closing(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '(') depth++;
    else if (p[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Top-level alternatives of the group p[open..close]. */
function alternativesOf(p: string, open: number, close: number): string[] {
  const out: string[] = [];
  let start = open + 1;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    if (p[i] === '(') depth++;
    else if (p[i] === ')') depth--;
    else if (p[i] === '|' && depth === 0) {
      out.push(p.slice(start, i));
      start = i + 1;
    }
  }
  out.push(p.slice(start, close));
  return out;
}

/**
 * Anchors of a folded phrase: its leading literal, or the literals of its leading group's alternatives; an
 * optional leading group ("(large )?language models?") adds the anchors of what follows it.
 */
function anchorsOf(p: string, depth: number): string[] | null {
  if (depth > 3) return null;
  if (!p.startsWith('(')) {
    const a = leadingLiteral(p);
    return a.length >= 1 ? [a] : null;
  }
  const close = closing(p, 0);
  if (close < 0) return null;
  const out: string[] = [];
  for (const alt of alternativesOf(p, 0, close)) {
    const inner = anchorsOf(alt, depth + 1);
    if (!inner) return null;
    out.push(...inner);
  }
  if (p[close + 1] === '?') {
    const rest = anchorsOf(p.slice(close + 2).replace(/^\s+/, ''), depth + 1);
    if (!rest) return null;
    out.push(...rest);
  }
  return out;
}
