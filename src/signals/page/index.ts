import type { PageDetector } from '../types.js';
import { contentSignalHeaderDetector } from './contentSignal.js';
import { contentUsageDetector } from './contentUsage.js';
import { creativeCommonsDetector } from './creativeCommons.js';
import { dcRightsDetector } from './dcRights.js';
import { noticeTextDetector } from './noticeText.js';
import { robotsMetaDetector, xRobotsTagDetector } from './robotsMeta.js';
import { rslDetector } from './rsl.js';
import { schemaOrgDetector } from './schemaOrg.js';
import { tdmrepDetector } from './tdmrep.js';

/**
 * Every page-level machine-readable signal, in a fixed order (evidence order in the verdict follows it).
 * A new page signal = one file in this folder + one line here + its tests.
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
