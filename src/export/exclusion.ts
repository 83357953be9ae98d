import type { Evidence } from '../model/evidence.js';
import { USES, type Use } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';
import { csvHeader, csvRow } from './csv.js';

/**
 * One line of the exclusion list that training / redistribution pipelines consume. The same format is
 * written by the service export (`clearance exclusions`, GET /v1/exports/exclusions) and by batch mode
 * (`scan-warc`, `filter`), so a pipeline can merge them.
 */
export interface ExclusionRecord {
  url: string;
  domain: string;
  /** Uses the verdict says are `denied`. */
  denied: Use[];
  /** Uses the verdict says are `conditional`. */
  conditional: Use[];
  exclude_training: boolean;
  exclude_redistribution: boolean;
  /** Short human-readable reasons, e.g. "ai-train denied (robots-txt, tdmrep-meta)". */
  reasons: string[];
  evidence_ids: string[];
  profile: string;
  rules_version: string;
  decided_at: string | null;
  /** Set when a human conclusion decided. */
  concluded_by: string | null;
  concluded_at: string | null;
  /** Batch mode: where the record came from (WARC-Record-ID, dataset line). */
  source?: string;
}

export const EXCLUSION_COLUMNS = [
  'url',
  'domain',
  'denied',
  'conditional',
  'exclude_training',
  'exclude_redistribution',
  'reasons',
  'evidence_ids',
  'profile',
  'rules_version',
  'decided_at',
  'concluded_by',
  'concluded_at',
  'source',
] as const;

export function domainOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function signalsOf(ids: string[] | undefined, evidence: Evidence[]): string {
  const byId = new Map(evidence.map((e) => [e.id, e.signal]));
  return [...new Set((ids ?? []).map((id) => byId.get(id) ?? id))].join(', ');
}

export interface ExclusionMeta {
  decidedAt?: string | null;
  concludedBy?: string | null;
  concludedAt?: string | null;
  source?: string;
}

export function exclusionRecord(verdict: Verdict, meta: ExclusionMeta = {}): ExclusionRecord {
  const denied = USES.filter((u) => verdict.uses[u] === 'denied');
  const conditional = USES.filter((u) => verdict.uses[u] === 'conditional');
  const reasons = [...denied, ...conditional].map(
    (u) => `${u} ${verdict.uses[u]} (${signalsOf(verdict.decidedBy[u], verdict.evidence)})`,
  );
  const deciding = new Set<string>();
  for (const u of [...denied, ...conditional]) for (const id of verdict.decidedBy[u] ?? []) deciding.add(id);
  const rec: ExclusionRecord = {
    url: verdict.url ?? '',
    domain: domainOf(verdict.url),
    denied,
    conditional,
    exclude_training: verdict.exclude.training,
    exclude_redistribution: verdict.exclude.redistribution,
    reasons,
    evidence_ids: [...deciding],
    profile: verdict.profile,
    rules_version: verdict.rulesVersion,
    decided_at: meta.decidedAt ?? null,
    concluded_by: meta.concludedBy ?? null,
    concluded_at: meta.concludedAt ?? null,
  };
  if (meta.source !== undefined) rec.source = meta.source;
  return rec;
}

/** Does this record belong in an exclusion list for `use`? (`ai-train` → training, `redistribution`.) */
export function excludedFor(rec: ExclusionRecord, use: 'ai-train' | 'redistribution'): boolean {
  return use === 'ai-train' ? rec.exclude_training : rec.exclude_redistribution;
}

export function exclusionCsvHeader(): string {
  return csvHeader(EXCLUSION_COLUMNS);
}

export function exclusionCsvRow(rec: ExclusionRecord): string {
  return csvRow(EXCLUSION_COLUMNS.map((c) => rec[c]));
}

export function exclusionJsonl(rec: ExclusionRecord): string {
  return `${JSON.stringify(rec)}\n`;
}
