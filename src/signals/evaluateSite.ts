import type { PageContext } from '../detect/page.js';
import type { SiteDetector } from '../detect/site.js';
import type { ExtractedPage } from '../extract/page.js';
import type { Evidence } from '../model/evidence.js';
import { type Flag, flag } from '../model/flags.js';
import type { HeaderLine } from '../model/headers.js';
import type { SiteInput } from '../model/siteInput.js';
import type { Verdict } from '../model/verdict.js';
import { pageLinkedRsl } from '../protocols/rsl/documents.js';
import { pathOf } from '../protocols/shared/pathPattern.js';
import type { Resources } from '../resources/resources.js';
import { DEFAULT_SITE_CACHE_SIZE, SiteCache } from '../site/cache.js';
import type { SiteContext } from '../site/context.js';
import { SITE_DETECTORS } from './siteDetectors.js';

/** The site context chosen for one page, and what the page detectors need from it. */
export interface PreparedSite {
  site: SiteContext | null;
  path: string;
  /** Caller's RSL documents plus the site's, keyed by the licence URLs the page links to. */
  rslDocuments?: ReadonlyMap<string, string>;
  flags: Flag[];
}

export interface SiteResult {
  evidence: Evidence[];
  flags: Flag[];
  agent?: Verdict['agent'];
}

/**
 * Site-level evaluation for the engine: picks the cached site context of the page's origin, lets the page
 * detectors resolve RSL links with the site's documents, then runs the site detectors. Keeps the engine's
 * own code to three calls (prepare, run, and the agent answer passed to `decide`).
 */
/** The RSL documents the caller supplied with the site files (used even when the site files do not apply). */
function rslOf(input: SiteInput): ReadonlyMap<string, string> | undefined {
  return input.rsl ? new Map(Object.entries(input.rsl)) : undefined;
}

export class SiteEvaluator {
  readonly cache: SiteCache;

  constructor(
    resources: Resources,
    readonly detectors: readonly SiteDetector<SiteContext>[] = SITE_DETECTORS,
    cacheSize = DEFAULT_SITE_CACHE_SIZE,
  ) {
    this.cache = new SiteCache(resources, cacheSize);
  }

  prepare(
    input: SiteInput | undefined,
    url: URL | null,
    page: ExtractedPage,
    headers: readonly HeaderLine[],
  ): PreparedSite | null {
    if (!input) return null;
    const flags: Flag[] = [];
    const path = pathOf(url);
    if (!url) flags.push(flag('site_path_unknown', 'no page URL: site files are evaluated for the site root "/"'));
    let origin: string;
    if (input.origin) {
      try {
        origin = new URL(input.origin).origin;
      } catch {
        flags.push(flag('site_origin_invalid', `site origin "${input.origin}" is not a URL; site files ignored`));
        return { site: null, path, flags, rslDocuments: rslOf(input) };
      }
      if (url && url.origin !== origin) {
        flags.push(
          flag(
            'site_origin_mismatch',
            `site files are for ${origin} but the page is on ${url.origin}; they do not apply (RFC 9309 §2.3)`,
          ),
        );
        return { site: null, path, flags, rslDocuments: rslOf(input) };
      }
    } else origin = url ? url.origin : 'https://unknown.invalid';
    const site = this.cache.get(origin, input);
    flags.push(...site.flags);
    const docs = new Map<string, string>(site.rslXml);
    for (const linked of pageLinkedRsl(site, page, headers, url)) {
      docs.set(linked.url, linked.doc.xml);
      flags.push(
        flag('rsl_assumed_association', `licence link ${linked.url} evaluated with the document "${linked.doc.url}"`),
      );
    }
    return { site, path, rslDocuments: docs.size > 0 ? docs : undefined, flags };
  }

  run(ctx: PageContext, prepared: PreparedSite, rulesVersion: string): SiteResult {
    const flags: Flag[] = [...prepared.flags];
    const evidence: Evidence[] = [];
    const site = prepared.site;
    if (!site) return { evidence, flags };
    const sctx = { ...ctx, site, path: prepared.path };
    for (const d of this.detectors) {
      const r = d.detect(sctx);
      for (const e of r.evidence) {
        if (e.ruleId && !e.rulesVersion) e.rulesVersion = rulesVersion;
        evidence.push(e);
      }
      flags.push(...r.flags);
    }
    const out: SiteResult = { evidence, flags };
    if (ctx.agent && /[\s(;]/.test(ctx.agent) && !ctx.resources.agents.has(ctx.agent)) {
      // A full User-Agent header, not a product token: robots.txt matching would use "mozilla". Say so, and
      // name the registered tokens it contains, rather than guess which one the caller meant.
      const lower = ctx.agent.toLowerCase();
      const inside = [...ctx.resources.agents.values()]
        .filter((a) =>
          new RegExp(
            `(^|[^a-z0-9-])${a.token.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9-]|$)`,
          ).test(lower),
        )
        .map((a) => a.token);
      flags.push(
        flag(
          'agent_not_a_product_token',
          `--agent "${ctx.agent}" looks like a User-Agent header; pass the product token${inside.length > 0 ? ` (it contains ${inside.join(', ')})` : ''}`,
        ),
      );
    }
    if (ctx.agent) {
      if (site.robots) {
        const d = site.robots.mayFetch(prepared.path, ctx.agent);
        out.agent = { token: ctx.agent, mayFetch: d.allowed, reason: d.reason };
      } else {
        // No robots.txt supplied: nothing known restricts this crawler. Said so in the reason and flagged, so
        // the answer is not mistaken for a checked robots.txt.
        out.agent = {
          token: ctx.agent,
          mayFetch: true,
          reason: 'no robots.txt was supplied: no crawl restriction is known (supply it to check)',
        };
        flags.push(flag('agent_without_robots', `--agent ${ctx.agent}: may-fetch answered without a robots.txt`));
      }
    }
    return out;
  }
}
