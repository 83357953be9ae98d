import { field, utf8FromLatin1 } from '../input/headerBlock.js';
import { type HttpResponse, parseHttpResponse } from '../input/httpMessage.js';
import type { WarcRecord } from '../input/warcReader.js';

/** Site-level files batch mode picks up from an archive. */
export type SiteFileKind = 'robotsTxt' | 'tdmrepJson' | 'aiTxt' | 'rsl';

/** What a WARC record is to scan-warc. */
export type Classified =
  | { kind: 'page'; url: string; http: HttpResponse | null; contentType: string; sniff: boolean }
  | { kind: 'site'; file: SiteFileKind; url: string; origin: string; http: HttpResponse }
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'bad'; code: 'bad_http'; message: string; url: string };

export type SkipReason =
  | 'warcinfo'
  | 'request'
  | 'metadata'
  | 'revisit'
  | 'conversion'
  | 'continuation'
  | 'other_type'
  | 'not_http'
  | 'status_not_2xx'
  | 'not_html';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;
/** Types that are certainly not a web page; anything else unknown is sniffed by the worker. */
const NOT_HTML =
  /^(image|audio|video|font|model)\/|^application\/(pdf|zip|gzip|x-gzip|json|ld\+json|javascript|x-javascript|ecmascript|wasm|msword|vnd\.|x-shockwave|x-tar|x-7z|x-rar|epub|postscript|rss\+xml|atom\+xml)|^text\/(css|javascript|csv|calendar|x-vcard)/i;

export function siteFileOf(url: URL, contentType: string): SiteFileKind | null {
  const path = url.pathname;
  if (path === '/robots.txt') return 'robotsTxt';
  if (path === '/.well-known/tdmrep.json') return 'tdmrepJson';
  if (path === '/ai.txt') return 'aiTxt';
  if (/^application\/rsl\+xml\b/i.test(contentType)) return 'rsl';
  return null;
}

export function classifyRecord(rec: WarcRecord): Classified {
  const type = (field(rec.warcHeaders, 'WARC-Type') ?? '').toLowerCase();
  if (type !== 'response' && type !== 'resource') {
    if (['warcinfo', 'request', 'metadata', 'revisit', 'conversion', 'continuation'].includes(type))
      return { kind: 'skip', reason: type as SkipReason };
    return { kind: 'skip', reason: 'other_type' };
  }
  const rawUrl = utf8FromLatin1(field(rec.warcHeaders, 'WARC-Target-URI') ?? '').replace(/^<(.*)>$/, '$1');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'skip', reason: 'not_http' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'skip', reason: 'not_http' };
  if (type === 'resource') {
    // A resource record is the payload itself, typed by the record's own Content-Type.
    const ct = field(rec.warcHeaders, 'Content-Type') ?? '';
    if (HTML_TYPES.test(ct)) return { kind: 'page', url: url.href, http: null, contentType: ct, sniff: false };
    return { kind: 'skip', reason: 'not_html' };
  }
  const http = parseHttpResponse(rec.block);
  if ('error' in http) return { kind: 'bad', code: 'bad_http', message: http.error, url: url.href };
  const contentType = field(http.headers, 'Content-Type') ?? '';
  const site = siteFileOf(url, contentType);
  // Site files count with any status: robots.txt 4xx means "no restrictions", 5xx "disallow all" (RFC 9309).
  if (site) return { kind: 'site', file: site, url: url.href, origin: url.origin, http };
  if (http.status === null || http.status < 200 || http.status > 299 || http.status === 204)
    return { kind: 'skip', reason: 'status_not_2xx' };
  if (HTML_TYPES.test(contentType)) return { kind: 'page', url: url.href, http, contentType, sniff: false };
  if (NOT_HTML.test(contentType)) return { kind: 'skip', reason: 'not_html' };
  // No type, text/plain, application/octet-stream...: the worker looks at the bytes.
  return { kind: 'page', url: url.href, http, contentType, sniff: true };
}
