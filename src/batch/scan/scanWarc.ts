import { join } from 'node:path';
import { exclusionCsvHeader } from '../../export/exclusion.js';
import { openStore } from '../../store/open.js';
import { field } from '../input/headerBlock.js';
import { decodePayload } from '../input/httpMessage.js';
import { type WarcProblem, WarcReader, type WarcRecord } from '../input/warcReader.js';
import { bump, type ErrorEntry } from '../output/counts.js';
import { mb } from '../output/progress.js';
import type { Position } from '../output/runState.js';
import { BatchRun, type BatchRunOptions, type RunEnd, type RunStatus } from '../run/batchRun.js';
import type { Pipeline } from '../run/pipeline.js';
import { batchRulesVersion } from '../run/rules.js';
import { countError, errorTotal } from '../run/runReport.js';
import { capSiteBody, provenance, type SiteFileRecord, type SiteSelection, toSiteInput } from '../sites/siteFiles.js';
import { type LateSiteFile, type SiteMode, SiteRegistry } from '../sites/siteRegistry.js';
import { SitesDir } from '../sites/sitesDir.js';
import { StoreSink } from '../store/storeSink.js';
import type { PageTask, TaskResult } from '../work/tasks.js';
import { type Classified, classifyRecord, type SiteFileKind } from './recordKind.js';
import { countChecked, emptyScanCounts, type ScanCounts, scanReport } from './scanSummary.js';

export interface ScanOptions extends BatchRunOptions {
  outDir: string;
  maxRecordBytes: number;
  siteMode: SiteMode;
  /** Whole verdicts in verdicts.jsonl. */
  full: boolean;
  /** --store: also write every checked page into the service database (SQLite file). */
  store?: { path: string; storeBodies?: boolean; maxExcerptChars?: number } | null;
}

export interface ScanOutcome {
  status: RunStatus;
  counts: ScanCounts;
  errors: number;
  summaryPath: string;
  summary: Record<string, unknown>;
  /** Pages written to the database (--store). */
  stored: number;
}

export const SCAN_OUTPUTS = {
  verdicts: 'verdicts.jsonl',
  exclusionsJsonl: 'exclusions.jsonl',
  exclusionsCsv: 'exclusions.csv',
  errors: 'errors.jsonl',
} as const;

export const STATE_FILE = 'run-state.json';
export const SUMMARY_FILE = 'summary.json';

/** Main-thread outcomes of records that are not sent to a worker. */
type Local =
  | { kind: 'skip'; type: string; reason: string }
  | { kind: 'site'; type: string; file: SiteFileKind; late: LateSiteFile | null }
  | { kind: 'problem'; error: ErrorEntry; type: string | null }
  /** Bookkeeping: a file was read to its end (a resume point), not a record. */
  | { kind: 'eof' };

/** Where a page sent to a worker came from, until its result is written. */
interface PendingSource {
  file: string;
  offset: number;
  recordId: string | null;
  url: string;
  date: string | null;
  status: number | null;
  selection: SiteSelection | null;
}

/**
 * `clearance scan-warc`: reads the archives in order on this thread (inflate, frame, classify — cheap),
 * sends HTML responses to the worker pool in batches, and writes every output in input order. Site files
 * (robots.txt, tdmrep.json, ai.txt, RSL) found in the archives are applied per origin (see SiteRegistry
 * for the two ordering modes). The run commits its outputs and its position every few seconds, so it can
 * be resumed after any interruption.
 */
export async function scanWarc(o: ScanOptions): Promise<ScanOutcome> {
  const out = (name: string) => join(o.outDir, name);
  const rulesVersion = batchRulesVersion();
  let sink: StoreSink | null = null;
  const run = BatchRun.open<ScanCounts>({
    command: 'scan-warc',
    statePath: out(STATE_FILE),
    summaryPath: out(SUMMARY_FILE),
    dirs: [o.outDir],
    outputs: [
      { name: 'verdicts', path: out(SCAN_OUTPUTS.verdicts) },
      { name: 'exclusionsJsonl', path: out(SCAN_OUTPUTS.exclusionsJsonl) },
      { name: 'exclusionsCsv', path: out(SCAN_OUTPUTS.exclusionsCsv), header: exclusionCsvHeader() },
      { name: 'errors', path: out(SCAN_OUTPUTS.errors) },
    ],
    options: {
      profile: o.profile ?? null,
      agent: o.agent ?? null,
      maxRecordBytes: o.maxRecordBytes,
      sitesDir: o.sitesDir,
      siteMode: o.siteMode,
      full: o.full,
      rulesVersion,
    },
    emptySummary: emptyScanCounts,
    run: o,
    summarize: (counts, timings, facts) =>
      scanReport(counts, timings, {
        command: 'scan-warc',
        complete: facts.complete,
        inputs: facts.inputs,
        out_dir: o.outDir,
        profile: o.profile ?? 'conservative',
        agent: o.agent ?? null,
        site_mode: o.siteMode,
        sites_dir: o.sitesDir,
        max_record_bytes: o.maxRecordBytes,
        rules_version: rulesVersion,
      }),
    finalLine: (counts, wallMs, bytes) => summaryLine(counts, wallMs, bytes, o.outDir),
  });
  const outcome = (end: RunEnd): ScanOutcome => ({
    ...end,
    counts: run.counts,
    errors: errorTotal(run.counts),
    summaryPath: out(SUMMARY_FILE),
    stored: sink?.stored ?? 0,
  });
  if (run.alreadyComplete) return outcome(run.report('already_complete', 0));

  const counts = run.counts;
  const start = run.start;
  const dir = o.sitesDir ? new SitesDir(o.sitesDir) : null;
  const registry = new SiteRegistry(o.siteMode, dir);
  // Site files before pages: in prescan mode from every input; when resuming in in-order mode, from the
  // part already done, so the pages after the resume point see the same site files as in one run.
  if (o.siteMode === 'prescan' || start.file > 0 || start.offset > 0) {
    const until = o.siteMode === 'prescan' ? null : start;
    if (o.siteMode === 'prescan') run.say('prescan: collecting site files from all inputs');
    await collectSiteFiles(o, registry, until);
  }

  const store = o.store ? await openStore({ path: o.store.path }) : null;
  sink = store ? new StoreSink(store, o.agent ?? null, 100, o.store?.storeBodies ?? false) : null;
  const selections = new Map<string, SiteSelection>();
  const taskTypes = new Map<number, string>();
  const pendingSources = new Map<number, PendingSource>();
  const files = run.journal.files;

  const emitLocal = (l: Local) => {
    if (l.kind === 'skip') {
      bump(counts.records, l.type);
      bump(counts.skipped, l.reason);
    } else if (l.kind === 'site') {
      bump(counts.records, l.type);
      bump(counts.siteFiles, l.file);
      if (l.late) {
        counts.lateSiteFiles++;
        run.notice(
          `${l.late.source}: site file for ${l.late.origin} comes after ${l.late.pagesBefore} of its pages, which were checked without it (list site-file archives first, or use --prescan)`,
        );
      }
    } else if (l.kind === 'problem') {
      if (l.type) bump(counts.records, l.type);
      countError(counts, l.error);
      files.errors!.append(`${JSON.stringify(l.error)}\n`);
      run.notice(`${l.error.file}@${l.error.offset}: ${l.error.code}: ${l.error.message}`);
    }
  };
  const emitResult = (r: TaskResult) => {
    bump(counts.records, taskTypes.get(r.seq) ?? 'response');
    taskTypes.delete(r.seq);
    const src = pendingSources.get(r.seq);
    pendingSources.delete(r.seq);
    if (r.kind === 'verdict') {
      countChecked(counts, r.stats);
      files.verdicts!.append(r.verdictLine);
      if (sink && r.ingest && src) sink.add(r.ingest, src.url, src.date, src.status, src.selection);
      if (r.exclusionJsonl) files.exclusionsJsonl!.append(r.exclusionJsonl);
      if (r.exclusionCsv) files.exclusionsCsv!.append(r.exclusionCsv);
    } else if (r.kind === 'not_html') {
      bump(counts.skipped, 'not_html');
    } else if (r.kind === 'failed') {
      counts.pages.failed++;
      if (r.verdictLine) files.verdicts!.append(r.verdictLine);
      const entry: ErrorEntry = {
        file: src?.file ?? '',
        offset: src?.offset ?? 0,
        code: r.error.code,
        message: r.error.message,
      };
      if (r.url) entry.url = r.url;
      if (src?.recordId) entry.record_id = src.recordId;
      countError(counts, entry);
      files.errors!.append(`${JSON.stringify(entry)}\n`);
      run.notice(`${entry.file}@${entry.offset}: ${entry.code}: ${entry.message}`);
    }
  };

  const end = await run.execute<WarcRecord | WarcProblem, Local>({
    workerConfig: {
      profile: o.profile,
      agent: o.agent ?? null,
      maxBytes: o.maxRecordBytes,
      fullVerdicts: o.full,
      store: o.store ? { maxExcerptChars: o.store.maxExcerptChars ?? 8 * 1024 } : null,
    },
    siteFor: (key) => toSiteInput(selections.get(key)!),
    eof: { kind: 'eof' },
    local: emitLocal,
    result: emitResult,
    open: (fi, file, first) =>
      new WarcReader(file, fi, { maxRecordBytes: o.maxRecordBytes, startOffset: first ? start.offset : 0 }),
    handle: (item, seq, resume, pipeline) =>
      item.kind === 'problem'
        ? pipeline.local(seq, { kind: 'problem', error: problemEntry(item), type: null }, resume)
        : handleRecord(item, seq, resume, pipeline),
    beforeCommit: async () => {
      await sink?.flush();
    },
    close: async () => {
      await store?.close();
    },
  });
  return outcome(end);

  async function handleRecord(
    rec: WarcRecord,
    seq: number,
    resume: Position | null,
    pipeline: Pipeline<Local>,
  ): Promise<void> {
    const type = (field(rec.warcHeaders, 'WARC-Type') ?? 'unknown').toLowerCase();
    const c: Classified = classifyRecord(rec);
    if (c.kind === 'skip') return pipeline.local(seq, { kind: 'skip', type, reason: c.reason }, resume);
    if (c.kind === 'bad')
      return pipeline.local(
        seq,
        { kind: 'problem', type, error: { ...recordEntry(rec), code: c.code, message: c.message, url: c.url } },
        resume,
      );
    if (c.kind === 'site') {
      const decoded = decodePayload(c.http.headers, c.http.body, o.maxRecordBytes);
      const body = 'error' in decoded ? c.http.body : decoded.body;
      const late = registry.add(siteFileOf(rec, c, body));
      return pipeline.local(seq, { kind: 'site', type, file: c.file, late }, resume);
    }
    const origin = new URL(c.url).origin;
    const date = field(rec.warcHeaders, 'WARC-Date') ?? null;
    const site = registry.select(origin, date);
    if (site) selections.set(site.key, site.selection);
    const recordId = field(rec.warcHeaders, 'WARC-Record-ID') ?? null;
    const task: PageTask = {
      type: 'page',
      seq,
      source: { file: rec.file, offset: rec.offset, recordId, date },
      url: c.url,
      status: c.http?.status ?? null,
      headers: c.http ? c.http.headers : [['Content-Type', c.contentType]],
      body: c.http ? c.http.body : rec.block,
      decode: c.http !== null,
      sniff: c.sniff,
      truncated: field(rec.warcHeaders, 'WARC-Truncated') ?? null,
      siteKey: site?.key ?? null,
      siteFiles: site ? provenance(site.selection) : null,
    };
    if (rec.indexInMember) task.source.indexInMember = rec.indexInMember;
    taskTypes.set(seq, type);
    pendingSources.set(seq, {
      file: rec.file,
      offset: rec.offset,
      recordId,
      url: c.url,
      date,
      status: task.status,
      selection: sink && site ? site.selection : null,
    });
    return pipeline.task(task, task.body.byteLength, resume);
  }
}

function problemEntry(p: WarcProblem): ErrorEntry {
  const e: ErrorEntry = { file: p.file, offset: p.offset, code: p.code, message: p.message };
  if (p.url) e.url = p.url;
  if (p.recordId) e.record_id = p.recordId;
  return e;
}

function recordEntry(rec: WarcRecord): { file: string; offset: number; record_id?: string } {
  const e: { file: string; offset: number; record_id?: string } = { file: rec.file, offset: rec.offset };
  const id = field(rec.warcHeaders, 'WARC-Record-ID');
  if (id) e.record_id = id;
  return e;
}

/** Reads site files only: all inputs (prescan), or the part before `until` (resume in in-order mode). */
async function collectSiteFiles(o: ScanOptions, registry: SiteRegistry, until: Position | null): Promise<void> {
  const last = until ? until.file : o.files.length - 1;
  for (let fi = 0; fi <= last && fi < o.files.length; fi++) {
    const reader = new WarcReader(o.files[fi]!, fi, { maxRecordBytes: o.maxRecordBytes });
    for await (const item of reader.items()) {
      if (until && fi === until.file && item.offset >= until.offset) break;
      if (item.kind !== 'record') continue;
      const c = classifyRecord(item);
      if (c.kind === 'site') {
        const decoded = decodePayload(c.http.headers, c.http.body, o.maxRecordBytes);
        registry.add(siteFileOf(item, c, 'error' in decoded ? c.http.body : decoded.body));
      } else if (c.kind === 'page' && !until) {
        // prescan only collects; in-order resume replays page counts for late-file notices.
      } else if (c.kind === 'page') {
        registry.select(new URL(c.url).origin, field(item.warcHeaders, 'WARC-Date') ?? null);
      }
    }
  }
}

function siteFileOf(rec: WarcRecord, c: Extract<Classified, { kind: 'site' }>, body: Buffer): SiteFileRecord {
  const f: SiteFileRecord = {
    kind: c.file,
    url: c.url,
    origin: c.origin,
    body: capSiteBody(body),
    status: c.http.status ?? 0,
    date: field(rec.warcHeaders, 'WARC-Date') ?? null,
    source: `${rec.file}@${rec.offset}`,
    id: `${rec.fileIndex}:${rec.offset}:${rec.indexInMember}`,
  };
  const location = field(c.http.headers, 'Location');
  if (location && f.status >= 300 && f.status < 400) {
    try {
      f.location = new URL(location, c.url).href;
    } catch {
      /* an unusable Location: the redirect cannot be followed */
    }
  }
  return f;
}

export function summaryLine(c: ScanCounts, wallMs: number, bytes: number, outDir: string): string {
  const records = Object.values(c.records).reduce((a, b) => a + b, 0);
  const secs = wallMs / 1000;
  const errors = errorTotal(c);
  return `scan-warc: ${records.toLocaleString('en-US')} records, ${c.pages.checked.toLocaleString('en-US')} pages checked (${c.counts.excludeTraining.toLocaleString('en-US')} excluded from training, ${c.counts.excludeRedistribution.toLocaleString('en-US')} from redistribution), ${errors} error${errors === 1 ? '' : 's'}${c.lateSiteFiles ? `, ${c.lateSiteFiles} late site file${c.lateSiteFiles === 1 ? '' : 's'}` : ''}; ${mb(bytes)} MB in ${secs.toFixed(1)} s (${secs > 0 ? mb(bytes / secs) : '-'} MB/s) → ${outDir}`;
}
