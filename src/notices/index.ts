import type { Evidence, Location } from '../model/evidence.js';
import { defaultResources, type Resources } from '../resources/resources.js';
import { evidenceFromPassage } from './detector.js';
import type { Placement } from './evidence.js';

/**
 * Natural-language notices: public entry points. Page detection is the `notice-text` page detector
 * (./detector.ts); text that is not a page (robots.txt comments, ai.txt, a notice file) goes through
 * `detectNoticesInText` with the same two detectors (templates, then clauses).
 */
export { noticeTextDetector } from './detector.js';
export { findInPassage, type Passage, type PassageFindings } from './find.js';
export { chooseLexicons, identifyLanguage, pageLanguage } from './language.js';

export interface TextNoticeOptions {
  /** `site` for site files (robots.txt, ai.txt), `page` for a page's own text. */
  source: 'site' | 'page';
  /** Name of the file the text comes from (`robots.txt`): site evidence points at file + line. */
  file?: string;
  /** Only `#` comment lines are read (robots.txt); other lines are blanked, so offsets stay exact. */
  commentsOnly?: boolean;
  /** Declared language of the text, if known. */
  lang?: string | null;
  resources?: Resources;
}

/** `#` comments of a robots.txt-like file, everything else replaced by spaces (same length). */
export function commentLines(text: string): string {
  return text.replace(/^([^\n]*)$/gm, (line) => (/^\s*#/.test(line) ? line : ' '.repeat(line.length)));
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Notices in a text that is not a page: evidence with `file`+`line` locations (site) or text offsets. */
export function detectNoticesInText(text: string, opts: TextNoticeOptions): Evidence[] {
  const resources = opts.resources ?? defaultResources();
  const input = opts.commentsOnly ? commentLines(text) : text;
  const placementFor = (start: number, end: number): Placement => {
    const location: Location =
      opts.source === 'site' || opts.file
        ? { kind: 'file', file: opts.file ?? '(text)', line: lineOf(text, start) }
        : { kind: 'text', region: 'text', start, end };
    return {
      location,
      source: opts.source,
      confidenceAdjust: 0,
      toSource: (o) => o,
      details: { start, end, ...(location.kind === 'file' ? { lineEnd: lineOf(text, Math.max(start, end - 1)) } : {}) },
    };
  };
  return evidenceFromPassage({ text: input, declaredLang: opts.lang ?? null }, resources, placementFor);
}
