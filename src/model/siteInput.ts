/**
 * Site-level files as the caller supplies them (clearance does not crawl). Shared by the CLI
 * (`--robots`, `--tdmrep`, `--rsl`, `--ai-txt`), the HTTP API (`site` in POST /v1/check, PUT /v1/sites/...)
 * and batch mode (robots.txt records in a WARC). Evaluation lives in the site detectors of src/protocols/<protocol>/site.ts.
 */
export interface SiteFile {
  body: string | Uint8Array;
  /** HTTP status of the fetch (robots.txt: 4xx = no restrictions, 5xx = full disallow). Default 200. */
  status?: number;
  /** ISO 8601 fetch time. */
  fetchedAt?: string;
}

export interface SiteInput {
  /** `https://example.com` — defaults to the page URL's origin. */
  origin?: string;
  robotsTxt?: SiteFile;
  tdmrepJson?: SiteFile;
  /** RSL licence documents by absolute URL. */
  rsl?: Record<string, string>;
  aiTxt?: SiteFile;
}
