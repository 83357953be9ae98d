/**
 * Spans of a sentence where words are mentioned rather than used: text in quotation marks („Nutzungsvorbehalt
 * für das Text- und Data-Mining“, “opt-out”) and code identifiers (`X-TDM-Opt-Out`, `tdm-reservation="1"`).
 * A reservation word there names a reservation; it does not make one. Quotes are paired within the sentence
 * and at most MAX_QUOTE characters long (a longer or unclosed one is a quoted notice or a typo, and is read).
 * Single quotes count only from an opening ‘ or ‚: ’ alone is also the apostrophe of "don’t" and "l’édition".
 */
const OPENERS: Record<string, string> = {
  '“': '”',
  '„': '“',
  '«': '»',
  '‹': '›',
  '「': '」',
  '『': '』',
  '"': '"',
  '‘': '’',
  '‚': '‘',
};
const MAX_QUOTE = 600;
/** Code characters that make a token an identifier or markup rather than prose. */
const CODE = /[=<>`_{}/\\]/;
const IDENTIFIER_HYPHENS = 3;
/** How far a token is followed from a position (bounded, so a megabyte token costs a constant). */
const TOKEN_REACH = 64;

export interface Span {
  start: number;
  end: number;
}

/**
 * Quotation spans of a whole text in one pass: an opener starts a quote, its closing mark ends it when it
 * comes within MAX_QUOTE characters; a quote may run over several sentences ("“Entities that use… will have
 * to request prior authorisation. …,” said the CEO").
 */
/**
 * A quotation that is a whole line on its own (« Fouille de textes et de données interdite … » as a footer)
 * displays the publisher's notice; one inside a sentence ("the footer reads “…”", "“…,” said the CEO") quotes
 * someone.
 */
function wholeLine(text: string, start: number, end: number): boolean {
  let a = start - 1;
  while (a >= 0 && (text[a] === ' ' || text[a] === '\t')) a--;
  let b = end;
  while (b < text.length && (text[b] === ' ' || text[b] === '\t' || text[b] === '.')) b++;
  return (a < 0 || text[a] === '\n') && (b >= text.length || text[b] === '\n' || text[b] === '\r');
}

export function quoteSpans(text: string): Span[] {
  const out: Span[] = [];
  let open = -1;
  let close = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (open >= 0 && i - open > MAX_QUOTE) open = -1;
    if (open >= 0 && ch === close) {
      if (!wholeLine(text, open, i + 1)) out.push({ start: open, end: i + 1 });
      open = -1;
      continue;
    }
    const closer = OPENERS[ch];
    if (closer && open < 0) {
      open = i;
      close = closer;
    }
  }
  return out;
}

function identifierSpans(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let i = start;
  while (i < end) {
    while (i < end && /\s/.test(text[i]!)) i++;
    const from = i;
    while (i < end && !/\s/.test(text[i]!)) i++;
    const token = text.slice(from, Math.min(i, from + TOKEN_REACH));
    if (token.split('-').length - 1 >= IDENTIFIER_HYPHENS || CODE.test(token)) out.push({ start: from, end: i });
  }
  return out;
}

/** Merged, sorted mention spans of a sentence: the passage's quotes that overlap it and its identifiers. */
export function mentionSpans(text: string, start: number, end: number, quotes: readonly Span[] = []): Span[] {
  const all = [...quotes, ...identifierSpans(text, start, end)].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of all) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** True when [start, end) lies inside one of the merged, sorted spans (binary search). */
export function insideSpans(spans: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= start) lo = mid + 1;
    else hi = mid - 1;
  }
  const s = spans[hi];
  return s !== undefined && start >= s.start && end <= s.end;
}
