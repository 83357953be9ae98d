import { type Flag, flag } from '../model/flags.js';
import { flatCopy } from '../model/strings.js';
import { capOpenElements, capParserDepth, MAX_OPEN_ELEMENTS } from './depth.js';
import {
  type ExtractedPage,
  type JsonLdBlock,
  type LinkTag,
  type MetaTag,
  type Region,
  type ScriptBlock,
  type Segment,
  type TextBlock,
  withLazyText,
} from './page.js';
import { Parser } from './parser.js';

/** Elements whose start or end ends a text block (so a footer line never merges with the article). */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'option',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'button',
  'label',
  'legend',
  'select',
  'textarea',
  'center',
]);

/** Elements whose text is not visible page text. */
const HIDDEN_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'math',
  'head',
  'object',
  'canvas',
]);

const REGION_TAGS: Record<string, Region> = {
  header: 'header',
  nav: 'nav',
  main: 'main',
  article: 'article',
  aside: 'aside',
  footer: 'footer',
};

/** class / id / role values that mark a footer or legal container even without a `<footer>` element. */
const FOOTER_LIKE =
  /(?:^|[\s_-])(?:footer|foot|copyright|legal|imprint|impressum|disclaimer|colophon|site-?info|mentions|rodo|stopka|pie-?de-?pagina|piede|fusszeile|bottom-?bar)(?:$|[\s_-])/i;

const JSON_LD_MAX = 1 << 20;
/** Text runs of a block kept as a rope before they are copied into one string (see `cur` in extractHtml). */
const ROPE_RUNS = 1024;

const ANCHOR_TEXT_MAX = 300;

/** Bits kept per open element (parallel arrays instead of an object per element: this is the hot path). */
const PUSHED_REGION = 1; // the element pushed a layout region (a region element, or role=contentinfo)
const FOOTER_LIKE_BIT = 2;
const HIDDEN_BIT = 4;
const HAS_TEXT = /\S/;

interface PendingScript {
  kind: 'jsonld' | 'rsl';
  type: string;
  start: number;
  chunks: string[];
}

export interface HtmlOptions {
  /** Stop collecting visible text after this many characters (the rest is still parsed for metadata). */
  maxTextChars?: number;
}

/**
 * One pass over the HTML with htmlparser2's streaming parser (no DOM: 2–3× faster, see docs/reference/stack.md)
 * collects everything the detectors need: visible text as blocks with source offsets, `<html lang>`,
 * metas, links and licence anchors, JSON-LD and inline RSL, and the layout region of every block.
 */
export function extractHtml(source: string, encoding = 'utf-8', options: HtmlOptions = {}): ExtractedPage {
  const maxTextChars = options.maxTextChars ?? 4_000_000;
  const flags: Flag[] = [];
  const blocks: TextBlock[] = [];
  const metas: MetaTag[] = [];
  const links: LinkTag[] = [];
  const jsonLd: JsonLdBlock[] = [];
  const rsl: ScriptBlock[] = [];
  const stackNames: string[] = [];
  const stackBits: number[] = [];
  const regionStack: Region[] = [];
  let footerLikeDepth = 0;
  let hiddenDepth = 0;
  let lang: string | null = null;
  let title: string | null = null;
  let inTitle = false;
  let titleText = '';
  let textLength = 0;
  let textCapped = false;
  let depthCapped = false;

  // The open block; its region is taken where its first text appears, not where it is flushed.
  // Its text grows by concatenation: V8 keeps the runs as a rope and copies them into one string only when
  // a detector reads the block; most article blocks are never read (measured: joining every block's runs
  // was a fifth of the bytes a check allocates). A rope costs a node per run, so past ROPE_RUNS runs the
  // recent ones are copied into one string (`tail` → `head`): a hostile block of 2 million runs would
  // otherwise keep 2 million nodes alive.
  let cur: {
    head: string;
    tail: string;
    runs: number;
    segments: Segment[];
    srcStart: number;
    srcEnd: number;
    tag: string;
    region: Region;
    footerLike: boolean;
  } | null = null;
  let blockTag = 'body';
  let openAnchor: { link: LinkTag; text: string } | null = null;
  let script: PendingScript | null = null;

  const flush = () => {
    if (!cur) return;
    const text = cur.head + cur.tail;
    // A block is opened only by a run with visible characters (ontext), so it always has some.
    if (!textCapped) {
      const start = textLength + (blocks.length > 0 ? 1 : 0);
      blocks.push({
        text,
        start,
        srcStart: cur.srcStart,
        srcEnd: cur.srcEnd,
        region: cur.region,
        footerLike: cur.footerLike,
        tag: cur.tag,
        segments: cur.segments,
      });
      textLength = start + text.length;
      if (textLength > maxTextChars) {
        textCapped = true;
        flags.push(flag('text_truncated', `visible text capped at ${maxTextChars} characters`));
      }
    }
    cur = null;
  };

  // An outermost element forgotten by the nesting cap (./depth.ts): lower what it raised, as if it closed.
  const forget = (bits: number) => {
    if (bits & PUSHED_REGION) regionStack.shift();
    if (bits & FOOTER_LIKE_BIT) footerLikeDepth--;
    if (bits & HIDDEN_BIT) hiddenDepth--;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (BLOCK_TAGS.has(name)) {
          flush();
          blockTag = name;
        }
        const region = REGION_TAGS[name];
        const cls = attribs.class;
        const id = attribs.id;
        const contentinfo = attribs.role === 'contentinfo';
        const footerLike =
          region === 'footer' ||
          contentinfo ||
          (cls !== undefined && FOOTER_LIKE.test(cls)) ||
          (id !== undefined && FOOTER_LIKE.test(id));
        const hidden = HIDDEN_TAGS.has(name);
        const pushedRegion = region !== undefined || contentinfo;
        stackNames.push(name);
        stackBits.push(
          (pushedRegion ? PUSHED_REGION : 0) | (footerLike ? FOOTER_LIKE_BIT : 0) | (hidden ? HIDDEN_BIT : 0),
        );
        if (pushedRegion) regionStack.push(region ?? 'footer');
        if (footerLike) footerLikeDepth++;
        if (hidden) hiddenDepth++;
        const parserCapped = capParserDepth(parser) > 0;
        if (capOpenElements({ names: stackNames, bits: stackBits }, forget) || parserCapped) depthCapped = true;

        switch (name) {
          case 'html':
            if (lang === null && attribs.lang) lang = attribs.lang.trim() || null;
            break;
          case 'title':
            if (title === null) {
              inTitle = true;
              titleText = '';
            }
            break;
          case 'meta': {
            const m: MetaTag = { start, end };
            if (attribs.name !== undefined) m.name = attribs.name;
            if (attribs.property !== undefined) m.property = attribs.property;
            if (attribs['http-equiv'] !== undefined) m.httpEquiv = attribs['http-equiv'];
            if (attribs.content !== undefined) m.content = attribs.content;
            if (attribs.charset !== undefined) m.charset = attribs.charset;
            if (attribs.itemprop !== undefined) m.itemprop = attribs.itemprop;
            metas.push(m);
            break;
          }
          case 'link':
          case 'a': {
            // Without rel neither a <link> nor an <a> is kept; most anchors have none (no split per <a>).
            if (attribs.rel === undefined) break;
            const rel = attribs.rel.toLowerCase().split(/\s+/).filter(Boolean);
            if (name === 'a' && rel.length === 0) break;
            const link: LinkTag = { rel, element: name, start, end };
            if (attribs.href !== undefined) link.href = attribs.href.trim();
            if (attribs.type !== undefined) link.type = attribs.type.trim().toLowerCase();
            if (attribs.hreflang !== undefined) link.hreflang = attribs.hreflang;
            links.push(link);
            if (name === 'a') openAnchor = { link, text: '' };
            break;
          }
          case 'script': {
            const type = (attribs.type ?? '').trim().toLowerCase();
            if (type === 'application/ld+json') script = { kind: 'jsonld', type, start, chunks: [] };
            else if (type === 'application/rsl+xml') script = { kind: 'rsl', type, start, chunks: [] };
            break;
          }
        }
      },
      ontext(data) {
        if (script) {
          script.chunks.push(data);
          return;
        }
        if (inTitle) {
          titleText += data;
          return;
        }
        if (hiddenDepth > 0 || textCapped) return;
        if (openAnchor && openAnchor.text.length < ANCHOR_TEXT_MAX) openAnchor.text += data;
        const srcStart = parser.startIndex;
        const srcEnd = parser.endIndex + 1;
        if (!cur) {
          if (!HAS_TEXT.test(data)) return;
          cur = {
            head: '',
            tail: '',
            runs: 0,
            segments: [],
            srcStart,
            srcEnd,
            tag: blockTag,
            region: regionStack.length > 0 ? regionStack[regionStack.length - 1]! : 'body',
            footerLike: footerLikeDepth > 0,
          };
        }
        cur.segments.push({ textStart: cur.head.length + cur.tail.length, srcStart, srcEnd });
        cur.tail += data;
        if (++cur.runs % ROPE_RUNS === 0) {
          cur.head += flatCopy(cur.tail);
          cur.tail = '';
        }
        cur.srcEnd = srcEnd;
      },
      onclosetag(name) {
        const end = parser.endIndex + 1;
        if (name === 'title' && inTitle) {
          inTitle = false;
          title = titleText.replace(/\s+/g, ' ').trim() || null;
        }
        if (name === 'a' && openAnchor) {
          openAnchor.link.text = openAnchor.text.replace(/\s+/g, ' ').trim().slice(0, ANCHOR_TEXT_MAX);
          openAnchor = null;
        }
        if (name === 'script' && script) {
          const raw = script.chunks.join('');
          if (script.kind === 'jsonld') jsonLd.push(parseJsonLd(raw, script.start, end));
          else rsl.push({ type: script.type, raw, start: script.start, end });
          script = null;
        }
        // Pop up to and including the matching element (htmlparser2 reports implied closes one by one).
        for (let i = stackNames.length - 1; i >= 0; i--) {
          if (stackNames[i] !== name) continue;
          while (stackNames.length > i) {
            stackNames.pop();
            const bits = stackBits.pop()!;
            if (bits & PUSHED_REGION) regionStack.pop();
            if (bits & FOOTER_LIKE_BIT) footerLikeDepth--;
            if (bits & HIDDEN_BIT) hiddenDepth--;
          }
          break;
        }
        if (BLOCK_TAGS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(source);
  flush();
  if (depthCapped)
    flags.push(flag('html_nesting_capped', `elements nested deeper than ${MAX_OPEN_ELEMENTS}; outer ones forgotten`));

  if (lang === null) {
    const cl = metas.find((m) => m.httpEquiv?.toLowerCase() === 'content-language' && m.content);
    if (cl?.content) lang = cl.content.split(',')[0]!.trim() || null;
  }
  for (const j of jsonLd) if (j.error) flags.push(flag('jsonld_invalid', j.error));
  return withLazyText({ kind: 'html', source, blocks, lang, title, metas, links, jsonLd, rsl, encoding, flags });
}

function parseJsonLd(raw: string, start: number, end: number): JsonLdBlock {
  const block: JsonLdBlock = { type: 'application/ld+json', raw, start, end };
  if (raw.length > JSON_LD_MAX) {
    block.error = `JSON-LD block of ${raw.length} characters exceeds ${JSON_LD_MAX}`;
    return block;
  }
  // Publishers wrap JSON-LD in HTML comments or CDATA more often than one would hope.
  const cleaned = raw
    .trim()
    .replace(/^<!--|-->$/g, '')
    .replace(/^\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>$/g, '')
    .trim();
  try {
    block.value = JSON.parse(cleaned);
  } catch (e) {
    block.error = `JSON-LD at offset ${start} is not valid JSON: ${(e as Error).message.slice(0, 120)}`;
  }
  return block;
}
