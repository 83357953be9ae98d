/**
 * Sentence segmentation with offsets. Sentence boundaries come from `Intl.Segmenter` (ICU, UAX #29);
 * around it we handle what notices do and UAX #29 does not know about:
 * - comment and list markers at line starts (`# `, `// `, ` * `, `- `, `1.`, `a)`): masked to spaces so
 *   cues match across them, and list items are remembered (a lead ending in ":" governs its items);
 * - notices wrapped across lines (robots.txt comments, `<br>`): a line that does not end a sentence and is
 *   long enough to be wrapped prose continues on the next line;
 * - abbreviations that end in a dot ("Abs. 3", "art. 26³", "e.g.") do not end a sentence.
 * Offsets are UTF-16 offsets into the input text; `mask` has the same length as the input.
 */

export interface Sentence {
  start: number;
  end: number;
  /** The sentence starts a list item (marker in the text, or an HTML `<li>`). */
  listItem: boolean;
  /** The sentence ends with ":" (a lead that governs the list or text after it). */
  lead: boolean;
  /** A short line on its own without closing punctuation: a heading. */
  heading: boolean;
  /** Index of the paragraph (blank-line separated run) the sentence is in. */
  paragraph: number;
}

export interface Segmented {
  /** The input with comment/list/markdown markers replaced by spaces (same length). */
  mask: string;
  sentences: Sentence[];
}

export interface SegmentOptions {
  /** Offsets where a list item starts although the text has no marker (HTML `<li>` blocks). */
  listStarts?: ReadonlySet<number>;
  /** Offsets where a heading starts (HTML `<h1>`–`<h6>` blocks). */
  headingStarts?: ReadonlySet<number>;
  /** Extra abbreviations (from the lexicons), added to the built-in list. */
  abbreviations?: Iterable<string>;
}

/** Comment markers of robots.txt, code headers and Markdown quotes/headings. */
const COMMENT_PREFIX = /^[ \t]*(?:#+|\/\/+|\/\*+|\*\/|>+|;+)[ \t]?/;
/** List markers: bullets, "1.", "1)", "a.", "a)", "(i)", "iii)". */
const LIST_PREFIX =
  /^[ \t]*(?:(?:[-*\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014\u2713\u2714\u2705]|\u26a0\ufe0f?)+|\d{1,3}[.)](?!\d)|\(?[a-z][.)](?![ \t]*\d)|\(?[ivx]{1,5}\))[ \t]+/iu;
/** Markdown emphasis and escapes that split words from cues. */
const INLINE_MARKUP = /\*\*|__|\\(?=[.#*_])|`/g;
const SENTENCE_END = /[.!?;:。]["'”»)\]]*\s*$/;
const MIN_WRAPPED_LINE = 30;
/**
 * Longest sentence handed to the classifier. The longest real notice sentence in the corpus (Wirtualna
 * Polska) has ~930 characters; text without sentence ends (a pasted blob, a link list) is cut at a ";", ","
 * or space before this length, so the per-clause work stays bounded on any input.
 */
export const MAX_SENTENCE_CHARS = 2000;

/** [start, end) pieces of at most `max` characters, cut at the last ";", "," or space before the limit. */
function cut(mask: string, start: number, end: number, max = MAX_SENTENCE_CHARS): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = start;
  while (end - from > max) {
    const window = mask.slice(from, from + max);
    const at = Math.max(window.lastIndexOf(';'), window.lastIndexOf(','));
    const space = window.lastIndexOf(' ');
    const split = at > max / 2 ? at + 1 : space > max / 2 ? space + 1 : max;
    out.push({ start: from, end: from + split });
    from += split;
  }
  out.push({ start: from, end });
  return out;
}
const MAX_HEADING = 90;

const DEFAULT_ABBREVIATIONS = new Set([
  'e.g.',
  'i.e.',
  'art.',
  'abs.',
  'no.',
  'nr.',
  'ust.',
  'pkt.',
  'sec.',
  'para.',
  'par.',
  'cf.',
  'vs.',
  'z.b.',
  'vgl.',
  'bzw.',
  'ca.',
  'lit.',
  'odst.',
  'písm.',
  'čl.',
  'al.',
  'dz.u.',
  'poz.',
  's.',
  'l.',
  'r.',
  'n.',
  'p.',
  'pp.',
  'st.',
  'inc.',
  'ltd.',
  'co.',
  'dr.',
  'prof.',
  'mr.',
  'ms.',
  'u.a.',
  'd.h.',
  'inkl.',
  'ggf.',
  'tzw.',
  'tj.',
  'np.',
  'ds.',
  'lett.',
  'comma',
  'ex.',
  'incl.',
]);

let segmenter: Intl.Segmenter | undefined;

/**
 * Longest text handed to `Intl.Segmenter` at once. V8's sentence iterator costs time proportional to the
 * whole string at every step, so one call on a long line is quadratic (10,000 sentences in one line took
 * 3 s, 20,000 took 12 s); windows of bounded length keep it linear.
 */
const SEGMENTER_WINDOW = 2000;
const TERMINAL = /[.!?。…]/;

/**
 * Where the window that starts at `from` ends: after the last sentence-ending mark in the window (with the
 * spaces after it, so the next window starts at a word), or at the window's length when there is none. A
 * cut where UAX #29 would not break ("e.g. the", "3.5") is mended by the caller, which joins a piece that
 * starts in lower case or with a digit, or follows an abbreviation, to the one before.
 */
function windowEnd(chunk: string, from: number): number {
  const limit = from + SEGMENTER_WINDOW;
  if (limit >= chunk.length) return chunk.length;
  for (let i = limit - 1; i > from; i--) {
    if (!TERMINAL.test(chunk[i]!)) continue;
    let end = i + 1;
    while (end < limit && /\s/.test(chunk[end]!)) end++;
    return end;
  }
  return limit;
}

/** `Intl.Segmenter` sentence pieces of a logical line, window by window: `{index, segment}` like ICU's. */
function sentencePieces(chunk: string): { index: number; segment: string }[] {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'sentence' });
  const icu = segmenter;
  const out: { index: number; segment: string }[] = [];
  for (let from = 0; from < chunk.length; ) {
    const to = windowEnd(chunk, from);
    for (const s of icu.segment(chunk.slice(from, to))) out.push({ index: from + s.index, segment: s.segment });
    from = to;
  }
  return out;
}

function blank(s: string): string {
  return ' '.repeat(s.length);
}

interface Line {
  start: number;
  end: number;
  /** Offset of the first character that is not a space. */
  first: number;
  listItem: boolean;
  heading: boolean;
  empty: boolean;
}

function maskLines(text: string, opts: SegmentOptions): { mask: string; lines: Line[] } {
  const lines: Line[] = [];
  let mask = '';
  let pos = 0;
  for (const raw of text.split('\n')) {
    const start = pos;
    pos += raw.length + 1;
    let line = raw;
    let listItem = opts.listStarts?.has(start) ?? false;
    let heading = opts.headingStarts?.has(start) ?? false;
    // Markers can stack ("# - item", "> **Note**"): strip until nothing changes.
    for (let k = 0; k < 4; k++) {
      const c = COMMENT_PREFIX.exec(line);
      if (c) {
        if (/^[ \t]*#{1,6}[ \t]/.test(line) && /^[ \t]*#{2,6}[ \t]/.test(raw)) heading = true;
        line = blank(c[0]) + line.slice(c[0].length);
        continue;
      }
      const l = LIST_PREFIX.exec(line);
      if (l && line.trim().length > l[0].trim().length) {
        listItem = true;
        line = blank(l[0]) + line.slice(l[0].length);
        continue;
      }
      break;
    }
    line = line.replace(INLINE_MARKUP, (m) => blank(m)).replace(/\r$/, ' ');
    const lead = line.length - line.trimStart().length;
    const empty = lead === line.length;
    lines.push({ start, end: start + raw.length, first: start + lead, listItem, heading, empty });
    mask += (mask.length > 0 ? '\n' : '') + line;
  }
  // Standalone short lines: headings ("Verbot der KI-Nutzung", "### Vorbehalt", "Cookies").
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.empty || l.heading) continue;
    const content = mask.slice(l.start, l.end).trim();
    const prevEmpty = i === 0 || lines[i - 1]!.empty;
    const nextEmpty = i === lines.length - 1 || lines[i + 1]!.empty;
    if (prevEmpty && nextEmpty && content.length <= MAX_HEADING && !SENTENCE_END.test(content)) l.heading = true;
  }
  return { mask, lines };
}

/**
 * The end of the text [start, end) as the end tests need it (closing punctuation, an abbreviation,
 * "§ 12"): its last `TAIL` characters. A logical line grows line by line, and testing its whole text at
 * every step was quadratic. Where the tail starts inside the text, a "#" in front keeps `^` in those tests
 * from taking the cut for the start of a word.
 */
const TAIL = 48;

function tailOf(mask: string, start: number, end: number): string {
  let to = end;
  while (to > start && /\s/.test(mask[to - 1]!)) to--;
  const from = Math.max(start, to - TAIL);
  return (from > start ? '#' : '') + mask.slice(from, to).trimStart();
}

function trimmedLength(mask: string, line: Line, end: number): number {
  let to = end;
  while (to > line.first && /\s/.test(mask[to - 1]!)) to--;
  return Math.max(0, to - line.first);
}

/** Lines that continue the previous one (wrapped prose) are joined into one logical line. */
function logicalLines(mask: string, lines: Line[], abbreviations: ReadonlySet<string>): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    if (l.empty) {
      out.push(l);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && !prev.empty && !prev.heading && !l.listItem && !l.heading) {
      const prevEnd = tailOf(mask, prev.start, prev.end);
      const ended = SENTENCE_END.test(prevEnd);
      const wrapped = !ended && trimmedLength(mask, prev, prev.end) >= MIN_WRAPPED_LINE;
      const continues = !ended && /^[\p{Ll}\d(,;]/u.test(mask.slice(l.first, l.first + 1));
      // "… (art.⏎L. 122-5-3 CPI)": a line that ends in an abbreviation goes on.
      const abbreviated = endsWithAbbreviation(prevEnd, abbreviations);
      if (wrapped || continues || abbreviated) {
        prev.end = l.end;
        continue;
      }
    }
    out.push({ ...l });
  }
  return out;
}

function endsWithAbbreviation(s: string, abbreviations: ReadonlySet<string>): boolean {
  const m = /(?:^|[\s(])([\p{L}.]{1,8}\.)\s*$/u.exec(s);
  if (!m) return /(?:^|\s)§\s*\d*\s*$/.test(s);
  const word = m[1]!.toLowerCase();
  // "S.A.", "B.V.", "o.o." (Sp. z o.o.), "s.r.o.", "U.S.": letters with dots are initials, not a sentence end.
  return abbreviations.has(word) || /^\p{L}\.$/u.test(word) || /^(?:\p{L}{1,3}\.){2,4}$/u.test(word);
}

export function segment(text: string, opts: SegmentOptions = {}): Segmented {
  const abbreviations = opts.abbreviations
    ? new Set([...DEFAULT_ABBREVIATIONS, ...opts.abbreviations])
    : DEFAULT_ABBREVIATIONS;
  const { mask, lines } = maskLines(text, opts);
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const line of logicalLines(mask, lines, abbreviations)) {
    if (line.empty) {
      paragraph++;
      continue;
    }
    // Intl.Segmenter breaks at line feeds; inside a logical line they are wrapping, not paragraph ends.
    const chunk = mask.slice(line.start, line.end).replace(/\n/g, ' ');
    const parts: { start: number; end: number }[] = [];
    // Without a sentence-ending mark inside, the line is one sentence (link lists, headings, list items):
    // no need for the segmenter.
    const inner = chunk.trimEnd().slice(0, -1);
    const segments = /[.!?。…]/.test(inner) ? sentencePieces(chunk) : [{ index: 0, segment: chunk }];
    for (const s of segments) {
      const start = line.start + s.index;
      const end = start + s.segment.length;
      const prev = parts[parts.length - 1];
      const next = s.segment.trimStart();
      if (
        prev &&
        (endsWithAbbreviation(tailOf(mask, prev.start, prev.end), abbreviations) || /^[\p{Ll}\d§(]/u.test(next))
      ) {
        prev.end = end;
        continue;
      }
      parts.push({ start, end });
    }
    parts
      .flatMap((p) => cut(mask, p.start, p.end))
      .forEach((p, k) => {
        let { start, end } = p;
        while (start < end && /\s/.test(mask[start]!)) start++;
        while (end > start && /\s/.test(mask[end - 1]!)) end--;
        if (end <= start) return;
        const body = mask.slice(start, end);
        sentences.push({
          start,
          end,
          listItem: k === 0 && line.listItem,
          lead: /:\s*$/.test(body),
          heading: line.heading && parts.length === 1,
          paragraph,
        });
      });
  }
  return { mask, sentences };
}
