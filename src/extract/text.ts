import { type ExtractedPage, type TextBlock, withLazyText } from './page.js';

/**
 * Plain text input: paragraphs (separated by blank lines) become blocks in region `text`, which the
 * notice detector treats like a footer, so a notice saved as .txt classifies like the same words in HTML.
 */
export function extractText(source: string, encoding = 'utf-8'): ExtractedPage {
  const blocks: TextBlock[] = [];
  const re = /\S[\s\S]*?(?=\r?\n[ \t]*\r?\n|$)/g;
  let textLength = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const text = m[0];
    const start = textLength + (blocks.length > 0 ? 1 : 0);
    blocks.push({
      text,
      start,
      srcStart: m.index,
      srcEnd: m.index + text.length,
      region: 'text',
      footerLike: false,
      tag: 'p',
      segments: [{ textStart: 0, srcStart: m.index, srcEnd: m.index + text.length }],
    });
    textLength = start + text.length;
    if (m[0].length === 0) re.lastIndex++;
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
