import type { SiteInput } from '../../model/siteInput.js';

/** Site-level file kinds, named as in SiteInput. */
export type SiteFileKind = 'robotsTxt' | 'tdmrepJson' | 'aiTxt' | 'rsl';

/** One site file and where it came from (an archive record or a --sites folder). */
export interface SiteFileRecord {
  kind: SiteFileKind;
  /** Absolute URL the file was fetched from (mirror URL for a --sites file). */
  url: string;
  origin: string;
  body: Buffer;
  status: number;
  /** ISO 8601 fetch time (WARC-Date), when known. */
  date: string | null;
  /** Provenance for the verdict line: `crawl.warc.gz@123456` or `sites:/path/to/file`. */
  source: string;
  /** Stable id within the run (input position), used in cache keys. */
  id: string;
  /** A 3xx answer's Location, resolved to an absolute URL. */
  location?: string;
}

/** RFC 9309 §2.5: parsers must read at least 500 KiB; more is not needed and costs memory per origin. */
export const MAX_SITE_FILE_BYTES = 500 * 1024;

export function capSiteBody(body: Buffer): Buffer {
  return body.length > MAX_SITE_FILE_BYTES ? Buffer.from(body.subarray(0, MAX_SITE_FILE_BYTES)) : Buffer.from(body);
}

/** The files chosen for one page's origin. */
export interface SiteSelection {
  origin: string;
  robotsTxt?: SiteFileRecord;
  tdmrepJson?: SiteFileRecord;
  aiTxt?: SiteFileRecord;
  rsl: SiteFileRecord[];
}

/** Identifies a selection: pages with the same key share one SiteInput (and the engine's parse of it). */
export function selectionKey(s: SiteSelection): string {
  return [
    s.origin,
    s.robotsTxt?.id ?? '',
    s.tdmrepJson?.id ?? '',
    s.aiTxt?.id ?? '',
    s.rsl.map((r) => r.id).join(','),
  ].join('|');
}

export function isEmptySelection(s: SiteSelection): boolean {
  return !s.robotsTxt && !s.tdmrepJson && !s.aiTxt && s.rsl.length === 0;
}

function file(r: SiteFileRecord): { body: Uint8Array; status: number; fetchedAt?: string } {
  // Bytes, not text: the site evaluator handles BOMs and charsets itself.
  const f: { body: Uint8Array; status: number; fetchedAt?: string } = { body: r.body, status: r.status };
  if (r.date) f.fetchedAt = r.date;
  return f;
}

export function toSiteInput(s: SiteSelection): SiteInput {
  const input: SiteInput = { origin: s.origin };
  if (s.robotsTxt) input.robotsTxt = file(s.robotsTxt);
  if (s.tdmrepJson) input.tdmrepJson = file(s.tdmrepJson);
  if (s.aiTxt) input.aiTxt = file(s.aiTxt);
  if (s.rsl.length > 0) input.rsl = Object.fromEntries(s.rsl.map((r) => [r.url, r.body.toString('utf8')]));
  return input;
}

/** For the verdict line: which site files were applied, by provenance. */
export function provenance(s: SiteSelection): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.robotsTxt) out['robots.txt'] = s.robotsTxt.source;
  if (s.tdmrepJson) out['tdmrep.json'] = s.tdmrepJson.source;
  if (s.aiTxt) out['ai.txt'] = s.aiTxt.source;
  for (const r of s.rsl) out[r.url] = r.source;
  return out;
}
