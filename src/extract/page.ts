import type { Flag } from '../model/flags.js';

/** Where a text block sits in the page layout. `footer` also covers footer-like containers. */
export type Region = 'header' | 'nav' | 'main' | 'article' | 'aside' | 'footer' | 'body' | 'text';

/** One run of decoded text and where it came from in the decoded document. */
export interface Segment {
  /** Offset of this run inside `TextBlock.text`. */
  textStart: number;
  /** Offsets of the run in `ExtractedPage.source` (the decoded document). */
  srcStart: number;
  srcEnd: number;
}

export interface TextBlock {
  /** Visible text of the block: text runs concatenated as decoded (whitespace kept). */
  text: string;
  /** Offset of the block in `ExtractedPage.text`. */
  start: number;
  /** Offsets in the decoded document. */
  srcStart: number;
  srcEnd: number;
  /** Innermost layout region. */
  region: Region;
  /** True when any ancestor looks like a footer / legal / copyright container (class, id or role). */
  footerLike: boolean;
  /** The element that opened the block (`p`, `li`, `div`...). */
  tag: string;
  segments: Segment[];
}

export interface MetaTag {
  name?: string;
  property?: string;
  httpEquiv?: string;
  content?: string;
  charset?: string;
  itemprop?: string;
  start: number;
  end: number;
}

export interface LinkTag {
  rel: string[];
  href?: string;
  type?: string;
  hreflang?: string;
  /** `link` or `a` */
  element: 'link' | 'a';
  /** Anchor text for `<a>` (trimmed, capped). */
  text?: string;
  start: number;
  end: number;
}

export interface ScriptBlock {
  type: string;
  raw: string;
  start: number;
  end: number;
}

export interface JsonLdBlock extends ScriptBlock {
  value?: unknown;
  error?: string;
}

export interface ExtractedPage {
  kind: 'html' | 'text';
  /** The decoded document (HTML source or plain text). Offsets in evidence point into it. */
  source: string;
  /** Visible text: blocks joined with "\n". */
  text: string;
  blocks: TextBlock[];
  lang: string | null;
  title: string | null;
  metas: MetaTag[];
  links: LinkTag[];
  jsonLd: JsonLdBlock[];
  /** Inline RSL documents (`<script type="application/rsl+xml">`). */
  rsl: ScriptBlock[];
  encoding: string;
  flags: Flag[];
}

/** Index of the last segment whose `key` offset is at or before `offset` (binary search), or -1. */
export function segmentAt(segs: readonly Segment[], offset: number, key: 'textStart' | 'srcStart'): number {
  let lo = 0;
  let hi = segs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]![key] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Maps an offset in `block.text` back to an offset in the decoded document. */
export function toSourceOffset(block: TextBlock, textOffset: number): number {
  const found = segmentAt(block.segments, textOffset, 'textStart');
  if (found < 0) return block.srcStart;
  const seg = block.segments[found]!;
  // Inside a run the decoded text and the source align one-to-one unless the run was an entity; clamp.
  return Math.min(seg.srcStart + (textOffset - seg.textStart), seg.srcEnd);
}

/** Finds the block that contains an offset of `page.text`. */
export function blockAt(page: ExtractedPage, textOffset: number): TextBlock | undefined {
  const blocks = page.blocks;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (textOffset < b.start) hi = mid - 1;
    else if (textOffset > b.start + b.text.length) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/** Length of `page.text` without joining it. */
export function visibleLength(page: Pick<ExtractedPage, 'blocks'>): number {
  const last = page.blocks[page.blocks.length - 1];
  return last ? last.start + last.text.length : 0;
}

/**
 * `page.text.slice(start, end)` without joining the whole text: the stored excerpt of a page needs a few
 * hundred characters, and joining ~150 KB for them was a tenth of a service check worker's time.
 */
export function visibleSlice(page: Pick<ExtractedPage, 'blocks'>, start: number, end: number): string {
  const blocks = page.blocks;
  let lo = 0;
  let hi = blocks.length;
  // The first block that ends (with its "\n") at or after `start`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (b.start + b.text.length < start) lo = mid + 1;
    else hi = mid;
  }
  let out = '';
  for (let i = lo; i < blocks.length && blocks[i]!.start < end; i++) {
    const b = blocks[i]!;
    const from = Math.max(start, b.start) - b.start;
    const to = Math.min(end, b.start + b.text.length) - b.start;
    if (to > from) out += b.text.slice(from, to);
    const newline = b.start + b.text.length;
    if (i + 1 < blocks.length && newline >= start && newline < end) out += '\n';
  }
  return out;
}

/**
 * Adds `text` (blocks joined with "\n") as a lazily computed, cached property: joining ~150 KB of text
 * costs about a tenth of the extraction, and most pages never need the joined form.
 */
export function withLazyText(page: Omit<ExtractedPage, 'text'>): ExtractedPage {
  let cached: string | undefined;
  return Object.defineProperty(page, 'text', {
    enumerable: true,
    get() {
      cached ??= page.blocks.map((b) => b.text).join('\n');
      return cached;
    },
  }) as ExtractedPage;
}
