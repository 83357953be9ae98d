import { Engine } from '../engine/engine.js';
import type { ExtractedPage } from '../extract/page.js';
import type { Evidence } from '../model/evidence.js';
import { type PageDetector, result } from '../signals/types.js';
import type { TextWindow } from '../store/repos/fetches.js';

/**
 * A no-op detector placed first in the engine's pipeline that remembers the extracted page, so the service
 * can keep text excerpts around the evidence without extracting the page a second time. `check` is
 * synchronous, so the page read right after a call belongs to that call.
 */
export class PageCapture implements PageDetector {
  readonly name = 'service:page-capture';
  private last: ExtractedPage | null = null;

  detect(ctx: { page: ExtractedPage }) {
    this.last = ctx.page;
    return result();
  }

  take(): ExtractedPage | null {
    const p = this.last;
    this.last = null;
    return p;
  }
}

/** A copy of `engine` (same loaded rules) whose detectors start with a PageCapture. */
export function withPageCapture(engine: Engine): { engine: Engine; capture: PageCapture } {
  const capture = new PageCapture();
  const copy = new Engine({
    resources: engine.resources,
    detectors: [capture, ...engine.detectors.filter((d) => !(d instanceof PageCapture))],
    maxBytes: engine.maxBytes,
  });
  return { engine: copy, capture };
}

const LEAD_CHARS = 500;
const RADIUS = 300;

/**
 * Windows of the page text worth keeping when bodies are not stored: the lead (what the page is) and
 * ±300 characters around each text evidence (the sentence in its surroundings, for review), merged and
 * capped at `maxChars` in total.
 */
export function textExcerpt(page: ExtractedPage | null, evidence: readonly Evidence[], maxChars: number): TextWindow[] {
  if (!page || page.text.length === 0 || maxChars <= 0) return [];
  const spans: [number, number][] = [[0, Math.min(LEAD_CHARS, page.text.length)]];
  for (const e of evidence) {
    if (e.location.kind !== 'text') continue;
    const start = Math.max(0, e.location.start - RADIUS);
    const end = Math.min(page.text.length, e.location.end + RADIUS);
    if (end > start) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const out: TextWindow[] = [];
  let budget = maxChars;
  for (const [start, end] of merged) {
    if (budget <= 0) break;
    const text = page.text.slice(start, Math.min(end, start + budget));
    out.push({ start, text });
    budget -= text.length;
  }
  return out;
}
