import type { Condition } from '../../model/conditions.js';
import type { Effects } from '../../model/uses.js';

/**
 * What a known notice is. `false-positive` rules describe texts that look like notices but are not
 * (cookie banners, vendor "we don't train on your data" promises, AI-Act chatbot disclosures): when one
 * matches, every other match on the same span is suppressed.
 */
export const NOTICE_KINDS = ['reservation', 'permission', 'copyright-only', 'false-positive'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One template: a file `rules/notices/<lang>/<id>.md` (YAML front matter + notice text). */
export interface NoticeRule {
  id: string;
  kind: NoticeKind;
  /** ISO 639-1 code of the notice text (also the folder name). */
  language: string;
  publisher?: string;
  /** Use → permission this notice states. Empty for false-positive rules. */
  effects: Effects;
  /** Why `conditional` effects are conditional (consent, licence, payment...). */
  conditions: Condition[];
  /** Carve-outs in the publisher's words (search engines, contractual use, statutory exceptions...). */
  exceptions: string[];
  /** 0-100: how strong a clue a match of this rule is (short rules are weak clues). */
  relevance: number;
  /** 0-100: share of the rule's word pairs a match must contain. */
  minimumCoverage: number;
  /** Where the text was published (URL, corpus file, statute). */
  source: string;
  notes?: string;
  /** The notice text with the {{ }} / [[ ]] markers removed: what the rule detects. */
  text: string;
  /** The body as written, markers included. */
  template: string;
  /** `{{...}}` spans: each must appear word for word (after normalisation) in a match. */
  requiredPhrases: string[];
  /** `[[...]]` spans: variable text (names, years); the content is an example value. */
  placeholders: string[];
  /** Path of the rule file (as given to the loader). */
  file: string;
}
