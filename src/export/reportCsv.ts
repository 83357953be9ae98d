import { USES } from '../model/uses.js';
import { csvHeader, csvRow } from './csv.js';
import type { ReportItem } from './report.js';

/**
 * The audit report as CSV: one row per item, stable columns (new columns are only ever appended),
 * UTF-8 BOM, formula-looking cells neutralised (src/export/csv.ts). Lists are space-separated.
 * The report header (tool and rules version, range) is not repeated here: `rules_version` is a column,
 * and the JSON report carries the rest.
 */
export const REPORT_CSV_COLUMNS = [
  'url',
  'domain',
  'verdict_id',
  'decided_at',
  'rules_version',
  'language',
  ...USES,
  'exclude_training',
  'exclude_redistribution',
  ...USES.map((u) => `detected_${u}`),
  'detected_exclude_training',
  'detected_exclude_redistribution',
  'flagged',
  'min_confidence',
  'conflicts',
  'decisive_evidence_ids',
  'evidence_ids',
  'signals',
  'conclusion_id',
  'conclusion_action',
  'conclusion_reason',
  'conclusion_comment',
  'conclusion_scope',
  'concluded_by',
  'concluded_at',
  'conclusion_expires_at',
  'licence_ref',
] as const;

function scopeText(item: ReportItem): string {
  const s = item.conclusion?.scope;
  if (!s) return '';
  switch (s.kind) {
    case 'page':
      return `page ${s.url}`;
    case 'path':
      return `path ${s.origin}${s.prefix}`;
    case 'domain':
      return `domain ${s.domain}`;
    case 'publisher':
      return `publisher ${s.publisher}: ${s.domains.join(' ')}`;
  }
}

export function reportCsvRow(item: ReportItem): string {
  const c = item.conclusion;
  return csvRow([
    item.url,
    item.domain,
    item.verdict_id,
    item.decided_at,
    item.rules_version,
    item.language ?? '',
    ...USES.map((u) => item.effective.uses[u]),
    item.effective.exclude.training,
    item.effective.exclude.redistribution,
    ...USES.map((u) => item.detected.uses[u]),
    item.detected.exclude.training,
    item.detected.exclude.redistribution,
    item.flagged,
    item.min_confidence ?? '',
    item.conflicts.map((x) => `${x.use}:${x.code}`),
    item.evidence.filter((e) => e.decisive).map((e) => e.id),
    item.evidence.map((e) => e.id),
    [...new Set(item.evidence.map((e) => e.signal))],
    c?.id ?? '',
    c?.action ?? '',
    c?.reason ?? '',
    c?.comment ?? '',
    scopeText(item),
    c?.by ?? '',
    c?.at ?? '',
    c?.expires_at ?? '',
    c?.licence_ref ?? '',
  ]);
}

export async function* reportCsv(items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield csvHeader(REPORT_CSV_COLUMNS);
  for await (const item of items) yield reportCsvRow(item);
}
