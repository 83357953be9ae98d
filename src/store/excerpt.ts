import { type ExtractedPage, segmentAt, type TextBlock, visibleLength, visibleSlice } from '../extract/page.js';
import type { Evidence } from '../model/evidence.js';
import type { EvidenceContext, TextExcerpt } from './repos/fetches.js';

const LEAD_CHARS = 500;
const AROUND = 300;
const MATCH_MAX = 1000;

/** Offset in `page.text` of a decoded-document offset inside `block` (inverse of `toSourceOffset`). */
export function textOffsetOf(block: TextBlock, sourceOffset: number): number {
  const segs = block.segments;
  const found = segmentAt(segs, sourceOffset, 'srcStart');
  if (found < 0) return block.start;
  const seg = segs[found]!;
  const runEnd = found + 1 < segs.length ? segs[found + 1]!.textStart : block.text.length;
  // Inside markup between runs the offset snaps to the end of the run before it.
  return block.start + Math.min(seg.textStart + (sourceOffset - seg.srcStart), runEnd);
}

function blockOfSource(page: ExtractedPage, sourceOffset: number, hint: number | undefined): TextBlock | undefined {
  if (hint !== undefined) {
    const b = page.blocks[hint];
    if (b && b.srcStart <= sourceOffset && sourceOffset <= b.srcEnd) return b;
  }
  return page.blocks.find((b) => b.srcStart <= sourceOffset && sourceOffset <= b.srcEnd);
}

/**
 * What is kept of a page's text when bodies are not stored: its lead (what the page is about) and, for
 * every text evidence, the matched words with up to 300 characters of visible text either side — what a
 * reviewer needs to see the sentence in its surroundings. Text evidence locations are offsets in
 * the decoded document; they are mapped to the visible text through the block's segments. Capped at
 * `maxChars` characters in total.
 */
export function textExcerpt(
  page: ExtractedPage | null,
  evidence: readonly Evidence[],
  maxChars: number,
): TextExcerpt | null {
  const length = page ? visibleLength(page) : 0;
  if (!page || length === 0 || maxChars <= 0) return null;
  const lead = visibleSlice(page, 0, Math.min(LEAD_CHARS, maxChars));
  let budget = maxChars - lead.length;
  const contexts: EvidenceContext[] = [];
  for (const e of evidence) {
    if (e.location.kind !== 'text' || budget <= 0) continue;
    const first = blockOfSource(page, e.location.start, e.location.blockIndex);
    const last = blockOfSource(page, Math.max(e.location.start, e.location.end - 1), undefined) ?? first;
    if (!first || !last) continue;
    const start = textOffsetOf(first, e.location.start);
    const end = Math.max(start, textOffsetOf(last, e.location.end));
    const match = visibleSlice(page, start, Math.min(end, start + MATCH_MAX));
    const before = visibleSlice(page, Math.max(0, start - AROUND), start);
    const after = visibleSlice(page, end, Math.min(length, end + AROUND));
    const size = before.length + match.length + after.length;
    if (size > budget) break;
    budget -= size;
    contexts.push({ evidenceId: e.id, start, before, match, after });
  }
  return { lead, contexts };
}
