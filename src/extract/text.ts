import { type ExtractedPage, type TextBlock, withLazyText } from './page.js';

const SPACE = /\s/;

/** The blank-line separator (`\r?\n[ \t]*\r?\n`) that starts at the line feed `nl`, or -1. */
function separatorAt(source: string, nl: number): number {
  let k = nl + 1;
  while (k < source.length && (source[k] === ' ' || source[k] === '\t')) k++;
  if (source[k] === '\r') k++;
  return source[k] === '\n' ? k : -1;
}

/**
 * Paragraphs: from a non-space character to the next blank line (or the end). A scan, not the regular
 * expression `\S[\s\S]*?(?=\r?\n[ \t]*\r?\n|$)`, whose lazy loop tests the look-ahead at every character.
 */
export function paragraphs(source: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let i = 0;
  while (i < source.length) {
    while (i < source.length && SPACE.test(source[i]!)) i++;
    if (i >= source.length) break;
    const start = i;
    let end = source.length;
    for (let nl = source.indexOf('\n', start + 1); nl >= 0; nl = source.indexOf('\n', nl + 1)) {
      if (separatorAt(source, nl) < 0) continue;
      end = nl - 1 > start && source[nl - 1] === '\r' ? nl - 1 : nl;
      break;
    }
    out.push({ start, end });
    i = end;
  }
  return out;
}

/**
 * Plain text input: paragraphs (separated by blank lines) become blocks in region `text`, which the
 * notice detector treats like a footer, so a notice saved as .txt classifies like the same words in HTML.
 */
export function extractText(source: string, encoding = 'utf-8'): ExtractedPage {
  const blocks: TextBlock[] = [];
  let textLength = 0;
  for (const p of paragraphs(source)) {
    const text = source.slice(p.start, p.end);
    const start = textLength + (blocks.length > 0 ? 1 : 0);
    blocks.push({
      text,
      start,
      srcStart: p.start,
      srcEnd: p.end,
      region: 'text',
      footerLike: false,
      tag: 'p',
      segments: [{ textStart: 0, srcStart: p.start, srcEnd: p.end }],
    });
    textLength = start + text.length;
  }
  return withLazyText({
    kind: 'text',
    source,
    blocks,
    lang: null,
    title: null,
    metas: [],
    links: [],
    jsonLd: [],
    rsl: [],
    encoding,
    flags: [],
  });
}
