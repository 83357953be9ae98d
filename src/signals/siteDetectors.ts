import type { SiteDetector } from '../detect/site.js';
import { robotsContentUsageDetector } from '../protocols/aipref/site.js';
import { aiTxtDetector } from '../protocols/aiTxt/site.js';
import { robotsContentSignalDetector } from '../protocols/contentSignal/site.js';
import { siteNoticesDetector } from '../protocols/notices/site.js';
import { robotsTxtDetector } from '../protocols/robots/site.js';
import { rslLicenseDetector } from '../protocols/rsl/site.js';
import { tdmrepFileDetector } from '../protocols/tdmrep/site.js';
import type { SiteContext } from '../site/context.js';

/**
 * Every site-level signal, run after the page detectors when the caller supplies site files
 * (`CheckOptions.site`). A new site signal = `site.ts` in its protocol
 * folder (src/protocols/<protocol>/) + one line here + its tests.
 */
export const SITE_DETECTORS: readonly SiteDetector<SiteContext>[] = [
  robotsTxtDetector,
  robotsContentSignalDetector,
  robotsContentUsageDetector,
  rslLicenseDetector,
  tdmrepFileDetector,
  aiTxtDetector,
  siteNoticesDetector,
];
