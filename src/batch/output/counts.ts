import { type Permission, USES, type Use } from '../../model/uses.js';
import type { PageStats } from '../work/tasks.js';

/** Counters shared by the scan-warc and filter summaries (plain JSON: they are saved at each commit). */
export type Counter = Record<string, number>;

export function bump(c: Counter, key: string, n = 1): void {
  c[key] = (c[key] ?? 0) + n;
}

export function top(c: Counter, n: number): { key: string; count: number }[] {
  return Object.entries(c)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([key, count]) => ({ key, count }));
}

export interface ErrorEntry {
  file: string;
  offset: number;
  line?: number;
  code: string;
  message: string;
  url?: string;
  record_id?: string;
}

/** How many error entries the summary lists (all of them are in errors.jsonl). */
export const SUMMARY_ERRORS = 50;

export interface PageCounts {
  /** Pages decided. */
  decided: number;
  excludeTraining: number;
  excludeRedistribution: number;
  reservation: number;
  byUse: Record<Use, Partial<Record<Permission, number>>>;
  /** Pages with at least one item of evidence of each signal type. */
  signals: Counter;
  languages: Counter;
  /** Pages per domain, and how many of them are excluded (training or redistribution). */
  domains: Counter;
  domainsExcluded: Counter;
}

export function emptyPageCounts(): PageCounts {
  return {
    decided: 0,
    excludeTraining: 0,
    excludeRedistribution: 0,
    reservation: 0,
    byUse: Object.fromEntries(USES.map((u) => [u, {}])) as PageCounts['byUse'],
    signals: {},
    languages: {},
    domains: {},
    domainsExcluded: {},
  };
}

export function countPage(c: PageCounts, s: PageStats): void {
  c.decided++;
  if (s.excludeTraining) c.excludeTraining++;
  if (s.excludeRedistribution) c.excludeRedistribution++;
  if (s.reservation) c.reservation++;
  for (const u of USES) {
    const p = s.uses[u];
    c.byUse[u][p] = (c.byUse[u][p] ?? 0) + 1;
  }
  for (const sig of s.signals) bump(c.signals, sig);
  bump(c.languages, s.language ?? 'und');
  const d = s.domain || '(none)';
  bump(c.domains, d);
  if (s.excludeTraining || s.excludeRedistribution) bump(c.domainsExcluded, d);
}

/** The page part of summary.json. */
export function pageReport(c: PageCounts, topDomains = 25): Record<string, unknown> {
  return {
    decided: c.decided,
    exclude_training: c.excludeTraining,
    exclude_redistribution: c.excludeRedistribution,
    reservation: c.reservation,
    by_use: c.byUse,
    signals: Object.fromEntries(top(c.signals, 1000).map((t) => [t.key, t.count])),
    languages: Object.fromEntries(top(c.languages, 1000).map((t) => [t.key, t.count])),
    domains: Object.keys(c.domains).length,
    top_domains: top(c.domains, topDomains).map((t) => ({
      domain: t.key,
      pages: t.count,
      excluded: c.domainsExcluded[t.key] ?? 0,
    })),
  };
}
