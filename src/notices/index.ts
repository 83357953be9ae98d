import type { Evidence, Location } from '../model/evidence.js';
import type { Flag } from '../model/flags.js';
import type { Placement } from './evidence.js';
import { evidenceFromPassage } from './passageEvidence.js';
import type { NoticeResources } from './resources.js';

/**
 * Natural-language notices: public entry points. Page detection is the `notice-text` page detector
 * (./detector.ts); text that is not a page (robots.txt comments, ai.txt, a notice file) goes through
 * `detectNoticesInText` with the same two detectors (templates, then clauses).
 */
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
  resources: NoticeResources;
  /** Receives `notice_uncertain` flags for findings set aside as discourse. */
  uncertain?: Flag[];
}

/** Length of a line's comment marker (`#`, `##`, with the blanks around it), or -1 when it is no comment. */
function markerLength(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (line[i] !== '#') return -1;
  while (line[i] === '#') i++;
  return line[i] === ' ' || line[i] === '\t' ? i + 1 : i;
}

/**
 * `#` comments of a robots.txt-like file: the prose of each comment line, with its `#` marker and every
 * other line replaced by spaces (same length, so offsets and line numbers stay those of the file). The
 * markers go too: a notice wrapped over comment lines is one sentence, and its condition text must not
 * read "…models # or for text…".
 */
export function commentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const marker = markerLength(line);
      return marker >= 0 ? ' '.repeat(marker) + line.slice(marker) : ' '.repeat(line.length);
    })
    .join('\n');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Notices in a text that is not a page: evidence with `file`+`line` locations (site) or text offsets. */
export function detectNoticesInText(text: string, opts: TextNoticeOptions): Evidence[] {
  const resources = opts.resources;
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
  // Excerpts show the file as written (with its `#` markers); analysis reads the prose alone.
  const display = opts.commentsOnly ? text : undefined;
  return evidenceFromPassage(
    { text: input, display, declaredLang: opts.lang ?? null, ownFile: opts.source === 'site' },
    resources,
    placementFor,
    undefined,
    opts.uncertain,
  );
}
