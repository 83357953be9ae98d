import { aiTxtDetector } from './aiTxt.js';
import { robotsContentSignalDetector } from './robotsContentSignal.js';
import { robotsContentUsageDetector } from './robotsContentUsage.js';
import { robotsTxtDetector } from './robotsTxt.js';
import { rslLicenseDetector } from './rslLicense.js';
import { siteNoticesDetector } from './siteNotices.js';
import { tdmrepFileDetector } from './tdmrepFile.js';
import type { SiteDetector } from './types.js';

/**
 * Every site-level signal, run after the page detectors when the caller supplies site files
 * (`CheckOptions.site`). A new site signal = one file in this folder + one line here + its tests.
 */
export const SITE_DETECTORS: readonly SiteDetector[] = [
  robotsTxtDetector,
  robotsContentSignalDetector,
  robotsContentUsageDetector,
  rslLicenseDetector,
  tdmrepFileDetector,
  aiTxtDetector,
  siteNoticesDetector,
];
