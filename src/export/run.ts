import type { Writable } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import type { Actor } from '../review/db/conclusions.js';
import type { Store } from '../store/open.js';
import { appendAudit } from '../store/repos/audit.js';
import { exclusionCsvHeader, exclusionCsvRow, exclusionJsonl } from './exclusion.js';
import { type ExclusionOptions, exclusionRecords } from './exclusions.js';
import { type ReportOptions, ReportSource } from './report.js';
import { reportCsv } from './reportCsv.js';
import { reportHtml } from './reportHtml.js';
import { reportJson } from './reportJson.js';
import { counted, type WriteOutcome, writeChunks } from './stream.js';

/**
 * The exports, format by format, as the API, the dashboard and the CLI run them: stream to a destination,
 * then append an `export.*` entry to the audit log with what was exported (filters, item count, bytes,
 * sha256 of the output), so an auditor can later tie a file to the moment and person that produced it.
 * A new format = a writer module (reportX.ts) + a line in the table below.
 */
export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const EXCLUSION_FORMATS = ['jsonl', 'csv'] as const;
export type ExclusionFormat = (typeof EXCLUSION_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat | ExclusionFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

export interface ExportResult extends WriteOutcome {
  items: number;
  auditId: number;
}

async function audit(
  store: Store,
  actor: Actor,
  action: string,
  format: string,
  filters: Record<string, unknown>,
  r: WriteOutcome & { items: number },
  extra: Record<string, unknown> = {},
): Promise<number> {
  const entry = await store.write((trx) =>
    appendAudit(trx, {
      actor: actor.id,
      action,
      subject: `export:${format}`,
      details: { format, filters, items: r.items, bytes: r.bytes, sha256: r.sha256, complete: r.complete, ...extra },
    }),
  );
  return entry.id;
}

function defined(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The audit report. The header's counts need a first pass; the items stream in a second. */
export async function exportReport(
  store: Store,
  engine: Engine,
  options: ReportOptions,
  format: ReportFormat,
  out: Writable,
  actor: Actor,
  hooks: { beforeWrite?: () => void } = {},
): Promise<ExportResult> {
  const source = new ReportSource(store, engine, options);
  const header = await source.header();
  hooks.beforeWrite?.();
  const counter = { n: 0 };
  const items = counted(source.items(), counter);
  const chunks =
    format === 'json' ? reportJson(header, items) : format === 'csv' ? reportCsv(items) : reportHtml(header, items);
  const r = await writeChunks(chunks, out);
  const { now: _now, ...filters } = options;
  const auditId = await audit(
    store,
    actor,
    'export.report',
    format,
    defined({ ...filters, to: source.to }),
    {
      ...r,
      items: counter.n,
    },
    { generated_at: source.generatedAt, rules_version: header.rules.version, rules_hash: header.rules.hash },
  );
  return { ...r, items: counter.n, auditId };
}

/** The exclusion list (JSONL or CSV), from the review queue's effective state. */
export async function exportExclusions(
  store: Store,
  engine: Engine,
  options: ExclusionOptions,
  format: ExclusionFormat,
  out: Writable,
  actor: Actor,
): Promise<ExportResult> {
  const counter = { n: 0 };
  const records = counted(exclusionRecords(store, engine, options), counter);
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield exclusionCsvHeader();
    for await (const rec of records) yield format === 'csv' ? exclusionCsvRow(rec) : exclusionJsonl(rec);
  }
  const r = await writeChunks(lines(), out);
  const auditId = await audit(store, actor, 'export.exclusions', format, defined({ ...options }), {
    ...r,
    items: counter.n,
  });
  return { ...r, items: counter.n, auditId };
}
