import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { USES } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';
import type { Store } from '../store/open.js';
import { COUNTED_TABLES, storeStats } from '../store/stats.js';

/**
 * Prometheus metrics of one service instance, on its own registry (several apps in one test process do
 * not collide). Routes are labelled by their OpenAPI path template, never by the raw URL.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
  readonly verdicts: Counter<'use' | 'outcome'>;
  readonly pages: Counter<'stored'>;
  readonly batchLines: Counter<'result'>;
  readonly rateLimited: Counter<'role'>;

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'clearance_' });
    this.requests = new Counter({
      name: 'clearance_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'clearance_http_request_duration_seconds',
      help: 'HTTP request latency by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.verdicts = new Counter({
      name: 'clearance_verdicts_total',
      help: 'Pages checked, by use and outcome (allowed / conditional / denied / unknown)',
      labelNames: ['use', 'outcome'],
      registers: [this.registry],
    });
    this.pages = new Counter({
      name: 'clearance_pages_checked_total',
      help: 'Pages checked, by whether the verdict was stored',
      labelNames: ['stored'],
      registers: [this.registry],
    });
    this.batchLines = new Counter({
      name: 'clearance_batch_lines_total',
      help: 'Batch input lines by result (ok / error)',
      labelNames: ['result'],
      registers: [this.registry],
    });
    this.rateLimited = new Counter({
      name: 'clearance_rate_limited_total',
      help: 'Requests refused with 429, by role',
      labelNames: ['role'],
      registers: [this.registry],
    });
    const rows = new Gauge({
      name: 'clearance_store_rows',
      help: 'Rows per store table',
      labelNames: ['table'],
      registers: [this.registry],
      async collect() {
        const s = await storeStats(store);
        for (const t of COUNTED_TABLES) this.set({ table: t }, s.rows[t]);
      },
    });
    new Gauge({
      name: 'clearance_store_bytes',
      help: 'Size of the database on disk (file + WAL)',
      registers: [this.registry],
      collect() {
        this.set(store.sizeBytes());
      },
    });
    void rows;
  }

  countVerdict(v: Verdict, stored: boolean): void {
    this.pages.inc({ stored: stored ? 'true' : 'false' });
    for (const u of USES) this.verdicts.inc({ use: u, outcome: v.uses[u] });
  }
}
