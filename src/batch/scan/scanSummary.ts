import {
  bump,
  type Counter,
  countPage,
  type ErrorEntry,
  emptyPageCounts,
  type PageCounts,
  pageReport,
  SUMMARY_ERRORS,
} from '../output/counts.js';
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

export function countError(c: { errors: Counter; firstErrors: ErrorEntry[] }, e: ErrorEntry): void {
  bump(c.errors, e.code);
  if (c.firstErrors.length < SUMMARY_ERRORS) c.firstErrors.push(e);
}

export function countChecked(c: ScanCounts, s: PageStats): void {
  c.pages.checked++;
  countPage(c.counts, s);
}

export function errorTotal(c: { errors: Counter }): number {
  return Object.values(c.errors).reduce((a, b) => a + b, 0);
}

export interface Timings {
  wallMs: number;
  segments: number;
  inputBytes: number;
  peakRssMb: number;
  workers: number;
  startedAt: string;
  finishedAt: string | null;
}

/** summary.json of a scan-warc run. */
export function scanReport(c: ScanCounts, t: Timings, meta: Record<string, unknown>): Record<string, unknown> {
  const secs = t.wallMs / 1000;
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
    errors: { total: errorTotal(c), by_code: c.errors, first: c.firstErrors },
    timings: {
      wall_ms: Math.round(t.wallMs),
      segments: t.segments,
      input_bytes: t.inputBytes,
      mb_per_s: secs > 0 ? Number((t.inputBytes / 1e6 / secs).toFixed(2)) : null,
      records_per_s: secs > 0 ? Math.round(records / secs) : null,
      pages_per_s: secs > 0 ? Math.round(c.pages.checked / secs) : null,
      peak_rss_mb: t.peakRssMb,
      // CPU time of this process (all threads) in the last segment: unlike wall time, it does not grow
      // when other programs share the cores.
      cpu_ms: cpuMs(),
      workers: t.workers,
      started_at: t.startedAt,
      finished_at: t.finishedAt,
    },
  };
}

export function cpuMs(): number {
  const u = process.resourceUsage();
  return Math.round((u.userCPUTime + u.systemCPUTime) / 1000);
}

export function peakRssMb(): number {
  // ru_maxrss is in kilobytes on Linux; it covers the main thread and every worker thread.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
