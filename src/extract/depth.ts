import type { Parser } from './parser.js';

/**
 * Nesting cap for hostile HTML. htmlparser2 keeps its open elements in an array it grows with `unshift`
 * and searches with `indexOf`, so every open tag and every unmatched close tag costs time proportional to
 * the nesting depth: 100,000 nested `<div>` took about 2 s (quadratic), where a flat page of the same size
 * takes milliseconds. Pages are not legitimately nested this deep, so past `MAX_OPEN_ELEMENTS` the
 * outermost open elements are forgotten (down to `KEEP_OPEN_ELEMENTS`, so trimming is amortised O(1) per
 * tag): their end tags are then ignored like any stray end tag, and the text stays in the page.
 */
export const MAX_OPEN_ELEMENTS = 512;
export const KEEP_OPEN_ELEMENTS = 256;

/** The parser's own stacks (not part of its typed API; the version is pinned and a test covers this). */
interface ParserStacks {
  stack: string[];
  foreignContext: unknown[];
}

/** Trims the parser's open-element stacks when they pass the cap; returns how many elements were dropped. */
export function capParserDepth(parser: Parser): number {
  const p = parser as unknown as ParserStacks;
  if (!Array.isArray(p.stack) || p.stack.length <= MAX_OPEN_ELEMENTS) return 0;
  const dropped = p.stack.length - KEEP_OPEN_ELEMENTS;
  // Index 0 is the innermost element: truncating the end forgets the outermost ones.
  p.stack.length = KEEP_OPEN_ELEMENTS;
  const fc = p.foreignContext;
  if (Array.isArray(fc) && fc.length > KEEP_OPEN_ELEMENTS + 1) {
    // The last entry is the document's own (HTML) context; it stays.
    const base = fc[fc.length - 1];
    fc.length = KEEP_OPEN_ELEMENTS;
    fc.push(base);
  }
  return dropped;
}

/** Our mirror of the open elements: names and per-element bits, innermost last. */
export interface OpenElements {
  names: string[];
  bits: number[];
}

/**
 * Drops the outermost entries of our own mirror past the cap, calling `undo` for each so that counters
 * they raised (hidden, footer-like, region) are lowered as if they had closed.
 */
export function capOpenElements(open: OpenElements, undo: (bits: number) => void): boolean {
  if (open.names.length <= MAX_OPEN_ELEMENTS) return false;
  const drop = open.names.length - KEEP_OPEN_ELEMENTS;
  for (let i = 0; i < drop; i++) undo(open.bits[i]!);
  open.names.splice(0, drop);
  open.bits.splice(0, drop);
  return true;
}
