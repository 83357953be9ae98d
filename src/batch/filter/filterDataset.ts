import { dirname } from 'node:path';
import type { Use } from '../../model/uses.js';
import type { JsonlItem } from '../input/jsonlReader.js';
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
import { mb } from '../output/progress.js';
import { BatchRun, type BatchRunOptions, type RunStatus } from '../run/batchRun.js';
import { batchRulesVersion } from '../run/rules.js';
import { countError, errorReport, errorTotal, timingsReport } from '../run/runReport.js';
import type { FilterConfig, LineTask, TaskResult } from '../work/tasks.js';

export interface FilterOptions extends BatchRunOptions {
  keepPath: string;
  dropPath: string;
  statePath: string;
  summaryPath: string;
  use: Use;
  fields: Pick<FilterConfig, 'urlField' | 'textField' | 'htmlField' | 'headersField' | 'annotationField'>;
  dropConditional: boolean;
  maxLineBytes: number;
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
  status: RunStatus;
  counts: FilterCounts;
  errors: number;
  summary: Record<string, unknown>;
}

type Local =
  | { kind: 'blank'; line: number }
  | { kind: 'problem'; error: ErrorEntry; line: number; raw: string | null }
  | { kind: 'eof' };

/**
 * `clearance filter`: splits a JSONL dataset into kept and dropped lines for one use. Kept lines are
 * written byte for byte; dropped lines carry an annotation (reason, permission, evidence ids) and lines
 * that could not be read or checked are dropped with their error, so every input line lands in exactly one
 * output. Same driver (workers, order, progress, resume journal) as scan-warc: src/batch/run/batchRun.ts.
 */
export async function filterDataset(o: FilterOptions): Promise<FilterOutcome> {
  const rulesVersion = batchRulesVersion();
  const run = BatchRun.open<FilterCounts>({
    command: 'filter',
    statePath: o.statePath,
    summaryPath: o.summaryPath,
    dirs: [dirname(o.keepPath), dirname(o.dropPath), dirname(o.statePath)],
    outputs: [
      { name: 'kept', path: o.keepPath },
      { name: 'dropped', path: o.dropPath },
    ],
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
    emptySummary: emptyFilterCounts,
    run: o,
    summarize: (counts, timings, facts) => ({
      command: 'filter',
      complete: facts.complete,
      inputs: facts.inputs,
      keep: o.keepPath,
      drop: o.dropPath,
      use: o.use,
      profile: o.profile ?? 'conservative',
      agent: o.agent ?? null,
      rules_version: rulesVersion,
      lines: { total: counts.lines, blank: counts.blank, kept: counts.kept, dropped: counts.dropped },
      drop_reasons: counts.dropReasons,
      pages: pageReport(counts.counts),
      errors: errorReport(counts),
      timings: timingsReport(timings, { lines_per_s: counts.lines }),
    }),
    finalLine: (counts, wallMs, bytes) => {
      const errors = errorTotal(counts);
      return `filter: ${counts.lines.toLocaleString('en-US')} lines, ${counts.kept.toLocaleString('en-US')} kept, ${counts.dropped.toLocaleString('en-US')} dropped for ${o.use} (${errors} error${errors === 1 ? '' : 's'}); ${mb(bytes)} MB in ${(wallMs / 1000).toFixed(1)} s → ${o.keepPath}, ${o.dropPath}`;
    },
  });
  const outcome = (end: { status: RunStatus; summary: Record<string, unknown> }): FilterOutcome => ({
    ...end,
    counts: run.counts,
    errors: errorTotal(run.counts),
  });
  if (run.alreadyComplete) return outcome(run.report('already_complete', 0));

  const counts = run.counts;
  const start = run.start;
  const kept = run.journal.output('kept');
  const dropped = run.journal.output('dropped');
  const lineOf = new Map<number, { file: string; line: number; offset: number }>();

  const emitLocal = (l: Local) => {
    if (l.kind === 'blank') counts.blank++;
    else if (l.kind === 'problem' && l.error.code === 'read_error') {
      // The file (or the rest of it) could not be read: an error, not a dataset line.
      countError(counts, l.error);
      run.notice(`${l.error.file}: ${l.error.message}`);
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
      run.notice(`${l.error.file}:${l.line}: ${l.error.code}: ${l.error.message}`);
    }
    counts.nextLine = l.kind === 'eof' ? 1 : l.line + 1;
  };
  const emitResult = (r: TaskResult) => {
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
          run.notice(`${e.file}:${e.line}: ${e.code}: ${e.message}`);
        }
      }
    }
    if (at) counts.nextLine = at.line + 1;
  };

  const end = await run.execute<JsonlItem, Local>({
    workerConfig: {
      profile: o.profile,
      agent: o.agent ?? null,
      maxBytes: o.maxLineBytes,
      fullVerdicts: false,
      sitesDir: o.sitesDir,
      filter: { use: o.use, dropConditional: o.dropConditional, ...o.fields },
    },
    eof: { kind: 'eof' },
    local: emitLocal,
    result: emitResult,
    open: (fi, file, first) =>
      new JsonlReader(file, fi, o.maxLineBytes, first ? start.offset : 0, first ? counts.nextLine : 1),
    handle: async (item, seq, resume, pipeline, file) => {
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
  return outcome(end);
}
