import { statSync, writeFileSync } from 'node:fs';
import type { SiteInput } from '../../model/siteInput.js';
import { Progress, type ProgressSink } from '../output/progress.js';
import { bytesBefore, type Position } from '../output/runState.js';
import { createExecutor } from '../work/pool.js';
import type { TaskResult, WorkerConfig } from '../work/tasks.js';
import { type CommitPoint, type JournalSpec, RunJournal } from './journal.js';
import { DEFAULT_LIMITS, type Done, Pipeline, type PipelineLimits } from './pipeline.js';
import { type InputReader, readInputs } from './readInputs.js';
import type { Timings } from './runReport.js';

export type RunStatus = 'complete' | 'interrupted' | 'already_complete';

/** The options every batch command takes the same way (command line: src/cli/). */
export interface BatchRunOptions {
  files: string[];
  profile?: string;
  agent?: string | null;
  sitesDir: string | null;
  workers: number;
  /** Old-generation cap per worker thread, MB (0 = V8 default). */
  workerHeapMb?: number;
  /** Continue the run recorded in the journal. */
  resume: boolean;
  /** Overwrite the outputs of an earlier run. */
  force: boolean;
  /** Commit (fsync outputs + journal) at least every this many items... */
  commitEvery: number;
  /** ...or this many milliseconds. */
  commitMs: number;
  limits?: PipelineLimits;
  /** Where progress, warnings and the summary line go. */
  stderr: ProgressSink;
  quiet: boolean;
  signal?: AbortSignal;
}

/** What scan-warc and filter declare about their run; the driver does the rest the same way for both. */
export interface BatchRunSpec<S> extends Omit<JournalSpec<S>, 'inputs' | 'resume' | 'force'> {
  command: 'scan-warc' | 'filter';
  /** The command's options that every batch command shares. */
  run: BatchRunOptions;
  summaryPath: string;
  /** The run's summary.json from its counters, timings and state. */
  summarize(counts: S, timings: Timings, run: RunFacts): Record<string, unknown>;
  /** The line printed on stderr when the run completes. */
  finalLine(counts: S, wallMs: number, inputBytes: number): string;
}

/** What every summary.json states about the run itself. */
export interface RunFacts {
  complete: boolean;
  inputs: { file: string; bytes: number }[];
}

export interface RunEnd {
  status: RunStatus;
  summary: Record<string, unknown>;
}

/** How a command reads its inputs and turns items into work (see `BatchRun.execute`). */
export interface RunWork<T extends { resumeAt: number | null }, L> {
  workerConfig: WorkerConfig;
  /** Site files of a task's site key (scan-warc); filter tasks carry none. */
  siteFor?: (key: string) => SiteInput;
  /** An item decided on the main thread, in input order. */
  local(item: L): void;
  /** An item decided by a worker, in input order. */
  result(result: TaskResult): void;
  /** The local item that marks a file read to its end. */
  eof: L;
  open(fileIndex: number, file: string, first: boolean): InputReader<T>;
  handle(item: T, seq: number, resume: Position | null, pipeline: Pipeline<L>, file: string): Promise<void>;
  /** Before a journal commit: what must be durable first (scan-warc's database rows). */
  beforeCommit?: () => Promise<void>;
  /** After the reading, whatever happened (close what the command opened). */
  close?: () => Promise<void>;
}

const NOTICE_LIMIT = 10;

/**
 * The run driver scan-warc and filter share: the resume journal, progress on a TTY, notices on stderr (the
 * first ten), commits every N items or T ms taken as snapshots in input order and written between reads, the
 * worker pool and the ordered pipeline, interruption, and the summary at the end.
 */
export class BatchRun<S> {
  readonly started = Date.now();
  readonly sizes: readonly number[];
  readonly totalBytes: number;
  private progress: Progress | null = null;
  private notices = 0;
  private lastResume: Position;
  private sinceCommit = 0;
  private lastCommit = Date.now();
  private due: { position: Position; at: CommitPoint<S> } | null = null;

  private constructor(
    private readonly spec: BatchRunSpec<S>,
    readonly journal: RunJournal<S>,
  ) {
    this.sizes = spec.run.files.map((f) => statSync(f).size);
    this.totalBytes = this.sizes.reduce((a, b) => a + b, 0);
    this.lastResume = journal.position;
  }

  static open<S>(spec: BatchRunSpec<S>): BatchRun<S> {
    const { files, resume, force } = spec.run;
    return new BatchRun(spec, RunJournal.open<S>({ ...spec, inputs: files, resume, force }));
  }

  /** The run's counters (restored from the journal when resumed). */
  get counts(): S {
    return this.journal.summary;
  }

  /** Where this segment starts reading. */
  get start(): Position {
    return this.journal.position;
  }

  get alreadyComplete(): boolean {
    return this.journal.state.complete;
  }

  /** A message on stderr (not with --quiet), above the progress line. */
  say(msg: string): void {
    if (this.spec.run.quiet) return;
    this.progress?.clear();
    this.spec.run.stderr.write(`clearance ${this.spec.command}: ${msg}\n`);
  }

  /** A problem worth telling as it happens; only the first ten are (the summary counts them all). */
  notice(msg: string): void {
    if (this.notices++ < NOTICE_LIMIT) this.say(msg);
  }

  /** The end of one item in input order: a commit is due every `commitEvery` items or `commitMs`. */
  private passed(resume: Position | null): void {
    this.sinceCommit++;
    if (!resume) return;
    this.lastResume = resume;
    const { commitEvery, commitMs } = this.spec.run;
    if (!this.due && (this.sinceCommit >= commitEvery || Date.now() - this.lastCommit >= commitMs))
      this.due = { position: resume, at: this.journal.snapshot() };
  }

  /** Reads every input through the worker pool, then suspends or finishes the journal and reports. */
  async execute<T extends { resumeAt: number | null }, L>(w: RunWork<T, L>): Promise<RunEnd> {
    const s = this.spec;
    const o = s.run;
    const start = this.start;
    const progress = new Progress(o.stderr, s.command, this.totalBytes, !o.quiet, bytesBefore(this.sizes, start));
    this.progress = progress;
    const executor = createExecutor(o.workers, w.workerConfig, o.workerHeapMb);
    const siteFor =
      w.siteFor ??
      (() => {
        throw new Error(`${s.command} tasks carry no site keys`);
      });
    const emit = (d: Done<L>) => {
      if (d.local) w.local(d.local);
      else if (d.result) w.result(d.result);
      this.passed(d.resume);
    };
    const pipeline = new Pipeline<L>(executor, siteFor, emit, o.limits ?? DEFAULT_LIMITS);
    let interrupted = false;
    try {
      interrupted = await readInputs({
        files: o.files,
        start,
        sizes: this.sizes,
        progress,
        pipeline,
        eof: w.eof,
        signal: o.signal,
        open: w.open,
        handle: (item, seq, resume, _fi, file) => w.handle(item, seq, resume, pipeline, file),
        afterItem: () => this.commitIfDue(w.beforeCommit),
      });
      await pipeline.finish();
      this.due = null;
      await w.beforeCommit?.();
    } finally {
      progress.stop();
      await executor.close();
      await w.close?.();
    }
    const segmentMs = Date.now() - this.started;
    if (interrupted) {
      this.journal.suspend(this.lastResume, segmentMs);
      return this.report('interrupted', segmentMs);
    }
    this.journal.finish(this.lastResume, segmentMs);
    const end = this.report('complete', segmentMs);
    if (!o.quiet) o.stderr.write(`${s.finalLine(this.counts, this.journal.state.elapsedMs, this.totalBytes)}\n`);
    return end;
  }

  /** The summary of the whole run; written to summary.json unless the run was already complete. */
  report(status: RunStatus, segmentMs: number): RunEnd {
    const state = this.journal.state;
    const summary = this.spec.summarize(
      this.counts,
      {
        wallMs: state.elapsedMs + segmentMs,
        segments: state.segments,
        inputBytes: this.totalBytes,
        workers: this.spec.run.workers,
        startedAt: state.startedAt,
        finishedAt: status === 'interrupted' ? null : new Date().toISOString(),
      },
      {
        complete: state.complete,
        inputs: this.spec.run.files.map((file, i) => ({ file, bytes: this.sizes[i]! })),
      },
    );
    if (status !== 'already_complete') writeFileSync(this.spec.summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    return { status, summary };
  }

  // Commits are snapshots taken in `passed` (input order) and written between reads, after `beforeCommit`
  // (the database, for scan-warc --store): the journal never gets ahead of what is durable.
  private async commitIfDue(beforeCommit?: () => Promise<void>): Promise<void> {
    if (!this.due) return;
    const { position, at } = this.due;
    this.due = null;
    await beforeCommit?.();
    this.journal.commit(position, Date.now() - this.started, false, at);
    this.sinceCommit = 0;
    this.lastCommit = Date.now();
  }
}
