import { bump, type Counter, type ErrorEntry, SUMMARY_ERRORS } from '../output/counts.js';

/** The counters every batch command keeps of its errors (saved with each commit). */
export interface ErrorCounts {
  errors: Counter;
  firstErrors: ErrorEntry[];
}

export function countError(c: ErrorCounts, e: ErrorEntry): void {
  bump(c.errors, e.code);
  if (c.firstErrors.length < SUMMARY_ERRORS) c.firstErrors.push(e);
}

export function errorTotal(c: { errors: Counter }): number {
  return Object.values(c.errors).reduce((a, b) => a + b, 0);
}

/** The `errors` block of a summary.json. */
export function errorReport(c: ErrorCounts): Record<string, unknown> {
  return { total: errorTotal(c), by_code: c.errors, first: c.firstErrors };
}

/** Time and size of a whole run (all its segments when it was resumed). */
export interface Timings {
  wallMs: number;
  segments: number;
  inputBytes: number;
  workers: number;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * The `timings` block of a summary.json; `rates` are totals the command reports per second
 * (`{ lines_per_s: 1200 }` → lines per second of wall time).
 */
export function timingsReport(t: Timings, rates: Record<string, number>): Record<string, unknown> {
  const secs = t.wallMs / 1000;
  const perSecond = Object.fromEntries(
    Object.entries(rates).map(([name, total]) => [name, secs > 0 ? Math.round(total / secs) : null]),
  );
  return {
    wall_ms: Math.round(t.wallMs),
    segments: t.segments,
    input_bytes: t.inputBytes,
    mb_per_s: secs > 0 ? Number((t.inputBytes / 1e6 / secs).toFixed(2)) : null,
    ...perSecond,
    peak_rss_mb: peakRssMb(),
    // CPU time of this process (all threads) in the last segment: unlike wall time, it does not grow
    // when other programs share the cores.
    cpu_ms: cpuMs(),
    workers: t.workers,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
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
