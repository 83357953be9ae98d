import type { DetectorResult, PageContext } from './page.js';

/**
 * What a site-level detector sees: the page context plus the parsed site files of its origin. `Site` is the
 * part of the site context the detector reads (each protocol declares its own, for example `RobotsSite`);
 * the engine passes the whole `SiteContext` of src/site/context.ts, which has them all.
 */
export interface SitePageContext<Site> extends PageContext {
  site: Site;
  /** Path + query of the page URL, as robots.txt rules see it (`/` without a URL). */
  path: string;
}

/**
 * A site-level signal: evaluates one parsed site file for one page. Pure, like page detectors; evidence has
 * `source: 'site'` and a `{kind: 'file'}` location.
 */
export interface SiteDetector<Site> {
  name: string;
  detect(ctx: SitePageContext<Site>): DetectorResult;
}
