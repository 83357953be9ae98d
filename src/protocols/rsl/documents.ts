import type { ExtractedPage } from '../../extract/page.js';
import type { Location } from '../../model/evidence.js';
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

/** One licence link of the page to a remote RSL document: a `Link` header or a `<link rel=license>`. */
export interface RslLink {
  /** Resolved against the page URL; the link's own text when it cannot be (`resolved: false`). */
  url: string;
  resolved: boolean;
  location: Location;
  excerpt: string;
}

function resolvedAgainst(href: string, base: URL | null): { url: string; resolved: boolean } {
  try {
    return { url: new URL(href, base ?? undefined).toString(), resolved: true };
  } catch {
    return { url: href, resolved: false };
  }
}

/** The page's `Link` headers and `<link rel=license>` elements of type `application/rsl+xml`, in that order. */
export function pageRslLinks(page: ExtractedPage, headers: readonly HeaderLine[], url: URL | null): RslLink[] {
  const out: RslLink[] = [];
  for (const h of headers) {
    if (h.name !== 'link') continue;
    for (const l of parseLinkHeader(h.value))
      if (relIncludes(l.params, 'license') && (l.params.type ?? '').toLowerCase() === RSL_TYPE)
        out.push({
          ...resolvedAgainst(l.uri, url),
          location: { kind: 'header', name: 'Link', line: h.line },
          excerpt: `Link: ${h.value}`,
        });
  }
  for (const l of page.links) {
    if (l.element !== 'link' || !l.rel.includes('license') || l.type !== RSL_TYPE || !l.href) continue;
    out.push({
      ...resolvedAgainst(l.href, url),
      location: {
        kind: 'element',
        element: 'link',
        attribute: 'rel=license',
        start: l.start,
        end: l.end,
        region: 'head',
      },
      excerpt: page.source.slice(l.start, l.end),
    });
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
  for (const link of pageRslLinks(page, headers, url)) {
    const u = link.url;
    if (!link.resolved || site.rslXml.has(u) || seen.has(u)) continue;
    seen.add(u);
    const found = resolveRsl(site, u);
    if (found) out.push({ url: u, doc: found.doc });
  }
  return out;
}
