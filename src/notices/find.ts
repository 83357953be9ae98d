import { fold } from './clauses/fold.js';
import { analyse, type Notice } from './clauses/index.js';
import { clauseConfidence } from './clauses/notice.js';
import { chooseLexicons, type LexiconChoice } from './language.js';
import type { Passage } from './passage.js';
import { cueGate } from './passages.js';
import type { NoticeResources } from './resources.js';
import type { TemplateMatch } from './templates/index.js';

/**
 * One run of text to search for notices: a footer, a terms section, a plain-text file, a meta content.
 * `listStarts` / `headingStarts` carry the HTML block structure (offsets into `text`).
 */
export type { Passage } from './passage.js';

export interface PassageFindings {
  language: LexiconChoice;
  /** Known notices (templates), accepted matches only. */
  templates: TemplateMatch[];
  /** Spans of false-positive templates (cookie banners, vendor promises): no clause inside counts. */
  falsePositives: { start: number; end: number; ruleId: string }[];
  /** Unknown notices found by the clause classifier outside the template spans. */
  notices: Notice[];
  /** Clauses that would have restricted AI or TDM uses but read as discourse about reservations. */
  uncertain: UncertainFinding[];
}

export interface UncertainFinding {
  start: number;
  end: number;
  reason: string;
  confidence: number;
}

const NOTHING: PassageFindings = Object.freeze({
  language: { lexicons: [], language: null, fallback: false },
  templates: [],
  falsePositives: [],
  notices: [],
  uncertain: [],
}) as PassageFindings;

/**
 * The two detectors on one passage, in order: known notices first (exact, highest confidence), then the
 * clause classifier on whatever the templates did not cover. A clause inside a template match or a
 * false-positive span is not classified again.
 */
export function findInPassage(passage: Passage, resources: NoticeResources): PassageFindings {
  // Text without a single cue (a metadata line "© 2026 Example Media", a robots.txt without prose) costs
  // one literal scan, not a language identification and two detectors.
  if (!cueGate(resources.cues).test(fold(passage.text))) return NOTHING;
  const language = chooseLexicons(resources.cues, passage.text, passage.declaredLang ?? null);
  const analysis = resources.noticeTemplates.analyze(passage.text);
  const covered = [
    ...analysis.matches.map((m) => ({ start: m.start, end: m.end })),
    ...analysis.falsePositives.map((m) => ({ start: m.start, end: m.end })),
  ];
  const { notices, uncertain } = analyse(passage.text, {
    lexicons: language.lexicons,
    concepts: resources.cues.concepts,
    listStarts: passage.listStarts,
    headingStarts: passage.headingStarts,
    covered,
    gate: cueGate(resources.cues),
    cc: resources.cc,
    ownFile: passage.ownFile,
  });
  return {
    language,
    templates: analysis.matches,
    falsePositives: analysis.falsePositives.map((m) => ({ start: m.start, end: m.end, ruleId: m.rule.id })),
    notices,
    uncertain: uncertain.map((c) => ({
      start: c.start,
      end: c.end,
      reason: c.discourse ?? 'set aside',
      confidence: clauseConfidence(c),
    })),
  };
}
