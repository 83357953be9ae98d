import { statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Use } from '../../model/uses.js';
import { JsonlReader } from '../input/jsonlReader.js';
import {
  bump,
  type Counter,
  countPage,
  type ErrorEntry,
  emptyPageCounts,
  type PageCounts,
  pageReport,
} from '../output/counts.js';
import { mb, Progress, type ProgressSink } from '../output/progress.js';
import { bytesBefore, type Position } from '../output/runState.js';
import { RunJournal } from '../run/journal.js';
import { DEFAULT_LIMITS, type Done, Pipeline, type PipelineLimits } from '../run/pipeline.js';
import { readInputs } from '../run/readInputs.js';
import { batchRulesVersion } from '../run/rules.js';
import { countError, cpuMs, errorTotal, peakRssMb } from '../scan/scanSummary.js';
import { createExecutor } from '../work/pool.js';
import type { FilterConfig, LineTask, WorkerConfig } from '../work/tasks.js';

export interface FilterOptions {
  files: string[];
  keepPath: string;
  dropPath: string;
  statePath: string;
  summaryPath: string;
  use: Use;
  profile?: string;
  agent?: string | null;
  fields: Pick<FilterConfig, 'urlField' | 'textField' | 'htmlField' | 'headersField' | 'annotationField'>;
  dropConditional: boolean;
  sitesDir: string | null;
  workers: number;
  /** Old-generation cap per worker thread, MB (0 = V8 default). */
  workerHeapMb?: number;
  maxLineBytes: number;
  resume: boolean;
  force: boolean;
  commitEvery: number;
  commitMs: number;
  limits?: PipelineLimits;
  stderr: ProgressSink;
  quiet: boolean;
  signal?: AbortSignal;
}

export interface FilterCounts {
  lines: number;
  blank: number;
  kept: number;
  dropped: number;
  /** Dropped lines by reason (`ai-train:denied`, `error`...). */
  dropReasons: Counter;
  counts: PageCounts;
  errors: Counter;
  firstErrors: ErrorEntry[];
  /** Line number of the next unread line of the current file (resume). */
  nextLine: number;
}

function emptyFilterCounts(): FilterCounts {
  return {
    lines: 0,
    blank: 0,
    kept: 0,
    dropped: 0,
    dropReasons: {},
    counts: emptyPageCounts(),
    errors: {},
    firstErrors: [],
    nextLine: 1,
  };
}

export interface FilterOutcome {
  status: 'complete' | 'interrupted' | 'already_complete';
  counts: FilterCounts;
  errors: number;
  summary: Record<string, unknown>;
}

type Local =
  | { kind: 'blank'; line: number }
  | { kind: 'problem'; error: ErrorEntry; line: number; raw: string | null }
  | { kind: 'eof' };

const NOTICE_LIMIT = 10;

/**
 * `clearance filter`: splits a JSONL dataset into kept and dropped lines for one use. Kept lines are
 * written byte for byte; dropped lines carry an annotation (reason, permission, evidence ids) and lines
 * that could not be read or checked are dropped with their error, so every input line lands in exactly one
 * output. Same workers, order, progress and resume journal as scan-warc.
 */
export async function filterDataset(o: FilterOptions): Promise<FilterOutcome> {
  const started = Date.now();
  const rulesVersion = batchRulesVersion();
  const journal = RunJournal.open<FilterCounts>({
    command: 'filter',
    statePath: o.statePath,
    dirs: [dirname(o.keepPath), dirname(o.dropPath), dirname(o.statePath)],
    outputs: [
      { name: 'kept', path: o.keepPath },
      { name: 'dropped', path: o.dropPath },
    ],
    inputs: o.files,
    options: {
      use: o.use,
      profile: o.profile ?? null,
      agent: o.agent ?? null,
      fields: o.fields,
      dropConditional: o.dropConditional,
      sitesDir: o.sitesDir,
      maxLineBytes: o.maxLineBytes,
      rulesVersion,
    },
    resume: o.resume,
    force: o.force,
    emptySummary: emptyFilterCounts,
  });
  const counts = journal.summary;
  const sizes = o.files.map((f) => statSync(f).size);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const report = (status: FilterOutcome['status'], segmentMs: number): FilterOutcome => {
    const wallMs = journal.state.elapsedMs + segmentMs;
    const secs = wallMs / 1000;
    const summary = {
      command: 'filter',
      complete: journal.state.complete,
      inputs: o.files.map((f, i) => ({ file: f, bytes: sizes[i] })),
      keep: o.keepPath,
      drop: o.dropPath,
      use: o.use,
      profile: o.profile ?? 'conservative',
      agent: o.agent ?? null,
      rules_version: rulesVersion,
      lines: { total: counts.lines, blank: counts.blank, kept: counts.kept, dropped: counts.dropped },
      drop_reasons: counts.dropReasons,
      pages: pageReport(counts.counts),
      errors: { total: errorTotal(counts), by_code: counts.errors, first: counts.firstErrors },
      timings: {
        wall_ms: Math.round(wallMs),
        segments: journal.state.segments,
        input_bytes: totalBytes,
        mb_per_s: secs > 0 ? Number((totalBytes / 1e6 / secs).toFixed(2)) : null,
        lines_per_s: secs > 0 ? Math.round(counts.lines / secs) : null,
        peak_rss_mb: peakRssMb(),
        cpu_ms: cpuMs(),
        workers: o.workers,
        started_at: journal.state.startedAt,
        finished_at: status === 'interrupted' ? null : new Date().toISOString(),
      },
    };
    if (status !== 'already_complete') writeFileSync(o.summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    return { status, counts, errors: errorTotal(counts), summary };
  };
  if (journal.state.complete) return report('already_complete', 0);

  const start = journal.position;
  const progress = new Progress(o.stderr, 'filter', totalBytes, !o.quiet, bytesBefore(sizes, start));
  let notices = 0;
  const say = (msg: string) => {
    if (o.quiet) return;
    progress.clear();
    o.stderr.write(`clearance filter: ${msg}\n`);
  };
  const config: WorkerConfig = {
    profile: o.profile,
    agent: o.agent ?? null,
    maxBytes: o.maxLineBytes,
    fullVerdicts: false,
    sitesDir: o.sitesDir,
    filter: { use: o.use, dropConditional: o.dropConditional, ...o.fields },
  };
  const executor = createExecutor(o.workers, config, o.workerHeapMb);
  const kept = journal.output('kept');
  const dropped = journal.output('dropped');
  const lineOf = new Map<number, { file: string; line: number; offset: number }>();
  let lastResume: Position = start;
  let sinceCommit = 0;
  let lastCommit = Date.now();

  const emit = (d: Done<Local>) => {
    sinceCommit++;
    if (d.local) {
      const l = d.local;
      if (l.kind === 'blank') counts.blank++;
      else if (l.kind === 'problem' && l.error.code === 'read_error') {
        // The file (or the rest of it) could not be read: an error, not a dataset line.
        countError(counts, l.error);
        if (notices++ < NOTICE_LIMIT) say(`${l.error.file}: ${l.error.message}`);
      } else if (l.kind === 'problem') {
        counts.lines++;
        counts.dropped++;
        bump(counts.dropReasons, 'error');
        countError(counts, l.error);
        dropped.append(
          `${JSON.stringify({
            [o.fields.annotationField]: {
              use: o.use,
              reason: 'error',
              error: { code: l.error.code, message: l.error.message },
              file: l.error.file,
              line: l.line,
              offset: l.error.offset,
            },
            raw: l.raw,
          })}\n`,
        );
        if (notices++ < NOTICE_LIMIT) say(`${l.error.file}:${l.line}: ${l.error.code}: ${l.error.message}`);
      }
      if (l.kind === 'eof') counts.nextLine = 1;
      else counts.nextLine = l.line + 1;
    } else if (d.result) {
      const r = d.result;
      const at = lineOf.get(r.seq);
      lineOf.delete(r.seq);
      if (r.kind === 'kept' || r.kind === 'dropped') {
        counts.lines++;
        if (r.stats) countPage(counts.counts, r.stats);
        if (r.kind === 'kept') {
          counts.kept++;
          kept.append(r.out);
          if (typeof r.out !== 'string') kept.append('\n');
        } else {
          counts.dropped++;
          bump(counts.dropReasons, r.reason);
          dropped.append(r.out);
          if (r.error) {
            const e: ErrorEntry = {
              file: at?.file ?? '',
              offset: at?.offset ?? 0,
              line: at?.line ?? 0,
              code: r.error.code,
              message: r.error.message,
            };
            if (r.url) e.url = r.url;
            countError(counts, e);
            if (notices++ < NOTICE_LIMIT) say(`${e.file}:${e.line}: ${e.code}: ${e.message}`);
          }
        }
      }
      if (at) counts.nextLine = at.line + 1;
    }
    if (d.resume) {
      lastResume = d.resume;
      if (sinceCommit >= o.commitEvery || Date.now() - lastCommit >= o.commitMs) {
        journal.commit(lastResume, Date.now() - started);
        sinceCommit = 0;
        lastCommit = Date.now();
      }
    }
  };
  const pipeline = new Pipeline<Local>(
    executor,
    () => {
      throw new Error('filter tasks carry no site keys');
    },
    emit,
    o.limits ?? DEFAULT_LIMITS,
  );

  let interrupted = false;
  try {
    interrupted = await readInputs({
      files: o.files,
      start,
      sizes,
      progress,
      pipeline,
      eof: { kind: 'eof' },
      signal: o.signal,
      open: (fi, file, first) =>
        new JsonlReader(file, fi, o.maxLineBytes, first ? start.offset : 0, first ? counts.nextLine : 1),
      handle: async (item, seq, resume, _fi, file) => {
        if (item.kind === 'blank') return pipeline.local(seq, { kind: 'blank', line: item.line }, resume);
        if (item.kind === 'problem')
          return pipeline.local(
            seq,
            {
              kind: 'problem',
              line: item.line,
              raw: null,
              error: { file: item.file, offset: item.offset, line: item.line, code: item.code, message: item.message },
            },
            resume,
          );
        const task: LineTask = {
          type: 'line',
          seq,
          source: { file, offset: item.offset, line: item.line },
          line: item.bytes,
        };
        lineOf.set(seq, { file, line: item.line, offset: item.offset });
        return pipeline.task(task, item.bytes.length, resume);
      },
    });
    await pipeline.finish();
  } finally {
    progress.stop();
    await executor.close();
  }
  const segmentMs = Date.now() - started;
  if (interrupted) {
    journal.suspend(lastResume, segmentMs);
    return report('interrupted', segmentMs);
  }
  journal.finish(lastResume, segmentMs);
  const outcome = report('complete', segmentMs);
  if (!o.quiet) {
    const secs = journal.state.elapsedMs / 1000;
    const errors = errorTotal(counts);
    o.stderr.write(
      `filter: ${counts.lines.toLocaleString('en-US')} lines, ${counts.kept.toLocaleString('en-US')} kept, ${counts.dropped.toLocaleString('en-US')} dropped for ${o.use} (${errors} error${errors === 1 ? '' : 's'}); ${mb(totalBytes)} MB in ${secs.toFixed(1)} s → ${o.keepPath}, ${o.dropPath}\n`,
    );
  }
  return outcome;
}
