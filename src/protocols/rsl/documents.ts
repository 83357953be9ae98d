import type { ExtractedPage } from '../../extract/page.js';
import { type Flag, flag } from '../../model/flags.js';
import type { HeaderLine } from '../../model/headers.js';
import { parseLinkHeader, relIncludes } from '../shared/linkHeader.js';
import { parseRsl, type RslParse } from './parse.js';

/** One supplied RSL document, parsed once. */
export interface SiteRslDocument {
  /** Absolute URL, or the name it was supplied under when the caller did not know the URL. */
  url: string;
  /** False when supplied without a URL (CLI `--rsl FILE`): associated by file name or as the only document. */
  keyed: boolean;
  xml: string;
  parsed: RslParse;
}

/** The RSL documents a caller supplied for one origin: the part of a site context the RSL detectors read. */
export interface RslSite {
  /** RSL documents by absolute URL. */
  rsl: ReadonlyMap<string, SiteRslDocument>;
  /** RSL documents supplied without a URL. */
  rslUnkeyed: readonly SiteRslDocument[];
  /** The keyed documents as raw XML, for the page detector's `<link rel=license>` / `Link` resolution. */
  rslXml: ReadonlyMap<string, string>;
}

/** Parses the supplied documents (`SiteInput.rsl`: absolute URL or bare name → XML); bad entries are flagged. */
export function rslSiteOf(supplied: Readonly<Record<string, unknown>> | undefined, flags: Flag[]): RslSite {
  const rsl = new Map<string, SiteRslDocument>();
  const rslXml = new Map<string, string>();
  const rslUnkeyed: SiteRslDocument[] = [];
  for (const [key, xml] of Object.entries(supplied ?? {})) {
    if (typeof xml !== 'string') {
      flags.push(flag('rsl_invalid', `RSL document "${key}" is not text; ignored`));
      continue;
    }
    if (!/^https?:\/\//i.test(key)) {
      rslUnkeyed.push({ url: key, keyed: false, xml, parsed: parseRsl(xml) });
      continue;
    }
    let url: string;
    try {
      url = new URL(key).toString();
    } catch {
      flags.push(flag('rsl_invalid', `RSL document key "${key}" is not a valid URL; ignored`));
      continue;
    }
    rsl.set(url, { url, keyed: true, xml, parsed: parseRsl(xml) });
    rslXml.set(url, xml);
  }
  return { rsl, rslUnkeyed, rslXml };
}

/**
 * The document supplied for licence URL `url`: the one keyed by that URL; else one supplied without a URL
 * whose name is the URL's file name; else the only document supplied without a URL. `assumed` says the
 * association was not by URL (flag it).
 */
export function resolveRsl(site: RslSite, url: string): { doc: SiteRslDocument; assumed: boolean } | null {
  const exact = site.rsl.get(url);
  if (exact) return { doc: exact, assumed: false };
  if (site.rslUnkeyed.length === 0) return null;
  let base = '';
  try {
    base = new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    /* not a URL: no file name */
  }
  const byName = site.rslUnkeyed.find((d) => d.url.split(/[\\/]/).pop() === base && base !== '');
  if (byName) return { doc: byName, assumed: true };
  return site.rslUnkeyed.length === 1 ? { doc: site.rslUnkeyed[0]!, assumed: true } : null;
}

const RSL_TYPE = 'application/rsl+xml';

function absolute(href: string, base: URL | null): string | null {
  try {
    return new URL(href, base ?? undefined).toString();
  } catch {
    return null;
  }
}

/** Licence URLs of the page's `<link rel=license type=application/rsl+xml>` and RSL `Link` headers. */
export function pageRslUrls(page: ExtractedPage, headers: readonly HeaderLine[], url: URL | null): string[] {
  const out: string[] = [];
  for (const h of headers)
    if (h.name === 'link')
      for (const l of parseLinkHeader(h.value))
        if (relIncludes(l.params, 'license') && (l.params.type ?? '').toLowerCase() === RSL_TYPE) {
          const u = absolute(l.uri, url);
          if (u) out.push(u);
        }
  for (const l of page.links)
    if (l.element === 'link' && l.rel.includes('license') && l.type === RSL_TYPE && l.href) {
      const u = absolute(l.href, url);
      if (u) out.push(u);
    }
  return out;
}

/** A licence URL of the page that is not a keyed document but resolved to a document supplied without one. */
export interface LinkedRslDocument {
  url: string;
  doc: SiteRslDocument;
}

/**
 * The documents supplied without a URL that the page's own licence links resolve to (by file name, or as the
 * only one). The page detector evaluates them through the link; the site detector must not apply them again.
 */
export function pageLinkedRsl(
  site: RslSite,
  page: ExtractedPage,
  headers: readonly HeaderLine[],
  url: URL | null,
): LinkedRslDocument[] {
  if (site.rslUnkeyed.length === 0) return [];
  const out: LinkedRslDocument[] = [];
  const seen = new Set<string>();
  for (const u of pageRslUrls(page, headers, url)) {
    if (site.rslXml.has(u) || seen.has(u)) continue;
    seen.add(u);
    const found = resolveRsl(site, u);
    if (found) out.push({ url: u, doc: found.doc });
  }
  return out;
}
