import type { CcTable } from '../rules/ccLicences.js';
import type { CueLexicons } from './clauses/lexicon.js';
import type { TemplateMatcher } from './templates/index.js';

/**
 * What the notice analysis reads of the loaded rules. The engine's `Resources` (src/resources/resources.ts)
 * has these fields, so it is passed as is; declaring them here keeps this layer from depending on the
 * loader that sits above it.
 */
export interface NoticeResources {
  cues: CueLexicons;
  noticeTemplates: TemplateMatcher;
  cc: CcTable;
  /** Stamped on evidence made from a rule. */
  rulesVersion: string;
}
