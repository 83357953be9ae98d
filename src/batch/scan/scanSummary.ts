import {
  type Counter,
  countPage,
  type ErrorEntry,
  emptyPageCounts,
  type PageCounts,
  pageReport,
} from '../output/counts.js';
import { errorReport, type Timings, timingsReport } from '../run/runReport.js';
import type { PageStats } from '../work/tasks.js';

/** scan-warc counters, saved with each commit so a resumed run reports the whole run. */
export interface ScanCounts {
  /** Readable records by WARC-Type. */
  records: Counter;
  /** Records not checked, by reason (request, metadata, not_html, status_not_2xx...). */
  skipped: Counter;
  /** Site files taken from the archive, by kind. */
  siteFiles: Counter;
  pages: { checked: number; failed: number };
  counts: PageCounts;
  /** Errors (unreadable parts of an archive, pages that could not be checked) by code. */
  errors: Counter;
  firstErrors: ErrorEntry[];
  /** in-order mode: site files that arrived after pages of their origin had been checked without them. */
  lateSiteFiles: number;
}

export function emptyScanCounts(): ScanCounts {
  return {
    records: {},
    skipped: {},
    siteFiles: {},
    pages: { checked: 0, failed: 0 },
    counts: emptyPageCounts(),
    errors: {},
    firstErrors: [],
    lateSiteFiles: 0,
  };
}

export function countChecked(c: ScanCounts, s: PageStats): void {
  c.pages.checked++;
  countPage(c.counts, s);
}

/** summary.json of a scan-warc run. */
export function scanReport(c: ScanCounts, t: Timings, meta: Record<string, unknown>): Record<string, unknown> {
  const records = Object.values(c.records).reduce((a, b) => a + b, 0);
  return {
    ...meta,
    records: { total: records, by_type: c.records },
    pages: {
      checked: c.pages.checked,
      failed: c.pages.failed,
      ...pageReport(c.counts),
    },
    skipped: c.skipped,
    site_files: c.siteFiles,
    late_site_files: c.lateSiteFiles,
    errors: errorReport(c),
    timings: timingsReport(t, { records_per_s: records, pages_per_s: c.pages.checked }),
  };
}
