import type { Analysis, Engine } from '../../engine/engine.js';
import { InputError } from '../../engine/errors.js';
import { domainOf, exclusionCsvRow, exclusionJsonl, exclusionRecord } from '../../export/exclusion.js';
import { normaliseHeaders } from '../../model/headers.js';
import type { SiteInput } from '../../model/siteInput.js';
import type { Verdict } from '../../model/verdict.js';
import { textExcerpt } from '../../store/excerpt.js';
import { decodePayload } from '../input/httpMessage.js';
import { looksLikeHtml } from './sniff.js';
import type { PageStats, PageTask, SourceRef, TaskResult, WorkerConfig } from './tasks.js';

/** "crawl.warc.gz@1234" (or "@1234#2" for the third record of a multi-record gzip member). */
export function sourceLabel(s: SourceRef): string {
  const inner = s.indexInMember ? `#${s.indexInMember}` : '';
  return s.line !== undefined ? `${s.file}:${s.line}` : `${s.file}@${s.offset}${inner}`;
}

export function pageStats(v: Verdict): PageStats {
  return {
    domain: domainOf(v.url),
    language: v.language,
    signals: [...new Set(v.evidence.map((e) => e.signal))],
    uses: v.uses,
    excludeTraining: v.exclude.training,
    excludeRedistribution: v.exclude.redistribution,
    reservation: v.reservation,
  };
}

/**
 * One line of verdicts.jsonl: the record's identity, the answer per use, the exclusion decision and the
 * evidence ids behind it (the full evidence with `--full`). No run-time values (clock, worker id), so the
 * same input gives the same bytes — which resume relies on.
 */
export function verdictLine(task: PageTask, v: Verdict, notes: string[], full: boolean): string {
  const line: Record<string, unknown> = {
    record_id: task.source.recordId ?? null,
    url: v.url ?? task.url,
    file: task.source.file,
    offset: task.source.offset,
  };
  if (task.source.indexInMember) line.index_in_member = task.source.indexInMember;
  line.date = task.source.date ?? null;
  line.status = task.status;
  line.uses = v.uses;
  line.exclude = v.exclude;
  line.reservation = v.reservation;
  line.machine_readable_reservation = v.machineReadableReservation;
  line.language = v.language;
  line.signals = [...new Set(v.evidence.map((e) => e.signal))];
  line.evidence_ids = v.evidence.map((e) => e.id);
  line.decided_by = v.decidedBy;
  if (Object.keys(v.conditions).length > 0) line.conditions = v.conditions;
  if (v.conflicts.length > 0) line.conflicts = v.conflicts.map((c) => `${c.use}:${c.code}`);
  if (v.flags.length > 0) line.flags = [...new Set(v.flags.map((f) => f.code))];
  if (task.siteFiles) line.site_files = task.siteFiles;
  if (task.truncated) line.truncated = task.truncated;
  if (notes.length > 0) line.notes = notes;
  line.profile = v.profile;
  line.rules_version = v.rulesVersion;
  if (full) line.verdict = v;
  return `${JSON.stringify(line)}\n`;
}

function errorLine(task: PageTask, code: string, message: string): string {
  return `${JSON.stringify({
    record_id: task.source.recordId ?? null,
    url: task.url,
    file: task.source.file,
    offset: task.source.offset,
    date: task.source.date ?? null,
    status: task.status,
    error: { code, message },
  })}\n`;
}

/** Checks one page of a WARC. Never throws: a page that cannot be checked becomes a `failed` result. */
export function runPageTask(
  engine: Engine,
  config: WorkerConfig,
  sites: ReadonlyMap<string, SiteInput>,
  task: PageTask,
): TaskResult {
  const fail = (code: string, message: string): TaskResult => ({
    seq: task.seq,
    kind: 'failed',
    error: { code, message },
    verdictLine: errorLine(task, code, message),
    url: task.url,
  });
  let body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  let notes: string[] = [];
  if (task.decode) {
    const d = decodePayload(task.headers, body, config.maxBytes);
    if ('error' in d) return fail(d.code, d.error);
    body = d.body;
    notes = d.notes;
  }
  if (task.sniff && !looksLikeHtml(body)) return { seq: task.seq, kind: 'not_html' };
  const site = task.siteKey ? sites.get(task.siteKey) : undefined;
  if (task.siteKey && !site) return fail('internal', `site files ${task.siteKey} were not sent to the worker`);
  let analysis: Analysis;
  try {
    analysis = engine.analyze(
      { url: task.url, headers: task.headers, body, kind: 'html' },
      {
        profile: config.profile,
        agent: config.agent ?? null,
        site,
      },
    );
  } catch (e) {
    if (e instanceof InputError) return fail(e.code, e.message);
    return fail('check_failed', e instanceof Error ? e.message : String(e));
  }
  const { verdict, page } = analysis;
  const excluded = verdict.exclude.training || verdict.exclude.redistribution;
  // decided_at stays null: the run's time is in summary.json; a clock value here would make two runs over
  // the same input differ byte for byte.
  const rec = excluded ? exclusionRecord(verdict, { source: sourceLabel(task.source) }) : null;
  const result: TaskResult = {
    seq: task.seq,
    kind: 'verdict',
    verdictLine: verdictLine(task, verdict, notes, config.fullVerdicts),
    exclusionJsonl: rec ? exclusionJsonl(rec) : null,
    exclusionCsv: rec ? exclusionCsvRow(rec) : null,
    stats: pageStats(verdict),
  };
  if (config.store) {
    result.ingest = {
      verdict,
      headers: normaliseHeaders(task.headers),
      body,
      title: page.title ?? null,
      textExcerpt: textExcerpt(page, verdict.evidence, config.store.maxExcerptChars),
    };
  }
  return result;
}
