import type { SiteContext, SiteRslDocument } from '../../site/context.js';
import type { DetectorResult, PageContext } from '../types.js';

/** What a site-level detector sees: the page context plus the parsed site files of its origin. */
export interface SitePageContext extends PageContext {
  site: SiteContext;
  /** Path + query of the page URL, as robots.txt rules see it (`/` without a URL). */
  path: string;
  /** RSL documents the page's own `<link rel=license>` / `Link` header already resolved to. */
  rslLinked: ReadonlySet<SiteRslDocument>;
}

/**
 * A site-level signal: evaluates one parsed site file for one page. Pure, like page detectors; evidence has
 * `source: 'site'` and a `{kind: 'file'}` location.
 */
export interface SiteDetector {
  name: string;
  detect(ctx: SitePageContext): DetectorResult;
}
