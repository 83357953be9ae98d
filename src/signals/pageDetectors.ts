import type { PageDetector } from '../detect/page.js';
import { contentUsageDetector } from '../protocols/aipref/page.js';
import { creativeCommonsDetector } from '../protocols/cc/page.js';
import { contentSignalHeaderDetector } from '../protocols/contentSignal/page.js';
import { dcRightsDetector } from '../protocols/dcRights/page.js';
import { noticeTextDetector } from '../protocols/notices/page.js';
import { robotsMetaDetector, xRobotsTagDetector } from '../protocols/robots/page.js';
import { rslDetector } from '../protocols/rsl/page.js';
import { schemaOrgDetector } from '../protocols/schemaOrg/page.js';
import { tdmrepDetector } from '../protocols/tdmrep/page.js';

/**
 * Every page-level machine-readable signal, in a fixed order (evidence order in the verdict follows it).
 * A new page signal = `page.ts` in its protocol folder (src/protocols/<protocol>/) + one line here + its tests.
 */
export const PAGE_DETECTORS: readonly PageDetector[] = [
  tdmrepDetector,
  robotsMetaDetector,
  xRobotsTagDetector,
  contentUsageDetector,
  contentSignalHeaderDetector,
  rslDetector,
  creativeCommonsDetector,
  schemaOrgDetector,
  dcRightsDetector,
  noticeTextDetector,
];
