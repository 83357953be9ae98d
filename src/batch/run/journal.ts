import { existsSync, mkdirSync, statSync } from 'node:fs';
import { OutputFile } from '../output/outputFile.js';
import {
  fingerprint,
  identify,
  type Position,
  type RunState,
  readState,
  resumeMismatch,
  writeStateAtomic,
} from '../output/runState.js';

export interface OutputSpec {
  name: string;
  path: string;
  /** Written once when the file is created (a CSV header); counted in the committed length. */
  header?: string;
}

export interface JournalSpec<S> {
  command: string;
  statePath: string;
  outputs: OutputSpec[];
  inputs: string[];
  /** Everything that changes the output bytes. */
  options: Record<string, unknown>;
  resume: boolean;
  /** Overwrite outputs of an earlier run. */
  force: boolean;
  emptySummary: () => S;
  /** Folders to create. */
  dirs?: string[];
}

/** Output lengths and counters at one moment (see RunJournal.snapshot). */
export interface CommitPoint<S> {
  lengths: Record<string, number>;
  summary: S;
}

/** A usage-level problem with the outputs or the saved run (exit code 2, nothing written). */
export class RunSetupError extends Error {}

/**
 * The outputs of a batch run plus its resume journal. `commit` makes the outputs durable and records how
 * far the input was consumed; `open` either starts fresh (refusing to overwrite an earlier run's outputs
 * without --force, so a forgotten --resume cannot wipe hours of work) or resumes from the last commit.
 */
export class RunJournal<S> {
  /** Commits made by this process. */
  commits = 0;

  private constructor(
    readonly spec: JournalSpec<S>,
    readonly state: RunState<S>,
    readonly files: Record<string, OutputFile>,
    readonly resumed: boolean,
  ) {}

  static open<S>(spec: JournalSpec<S>): RunJournal<S> {
    for (const d of spec.dirs ?? []) mkdirSync(d, { recursive: true });
    const inputs = identify(spec.inputs);
    const fp = fingerprint({ command: spec.command, options: spec.options, inputs: inputs.map((i) => i.path) });
    const saved = readState<S>(spec.statePath);
    if (spec.resume && saved) {
      const why = resumeMismatch(saved, spec.command, fp, spec.options, inputs);
      if (why)
        throw new RunSetupError(
          `cannot --resume: ${why}. Start a new run with --force (overwrites) or another output.`,
        );
      const files: Record<string, OutputFile> = {};
      if (!saved.complete) {
        for (const o of spec.outputs) files[o.name] = OutputFile.reopen(o.path, saved.outputs[o.name] ?? 0);
        saved.segments += 1;
      }
      return new RunJournal(spec, saved, files, true);
    }
    // --resume with no journal: the run died before its first commit (its outputs are still empty), or there
    // never was one. Empty outputs hold nothing to lose, so a new run starts; anything else is refused.
    const nothingCommitted = spec.resume && !saved;
    if (!spec.force) {
      const existing = [spec.statePath, ...spec.outputs.map((o) => o.path)].filter(
        (p) => existsSync(p) && !(nothingCommitted && statSync(p).size === 0),
      );
      if (existing.length > 0)
        throw new RunSetupError(
          nothingCommitted
            ? `nothing to resume: ${spec.statePath} does not exist, and ${existing[0]} is not empty. Use --force to overwrite.`
            : `${existing[0]} already exists (an earlier run?). Use --resume to continue it, or --force to overwrite.`,
        );
    }
    const files: Record<string, OutputFile> = {};
    for (const o of spec.outputs) {
      files[o.name] = OutputFile.create(o.path);
      if (o.header) files[o.name]!.append(o.header);
    }
    const state: RunState<S> = {
      version: 1,
      command: spec.command,
      fingerprint: fp,
      options: spec.options,
      inputs,
      position: { file: 0, offset: 0 },
      outputs: {},
      summary: spec.emptySummary(),
      complete: false,
      startedAt: new Date().toISOString(),
      elapsedMs: 0,
      segments: 1,
    };
    const journal = new RunJournal(spec, state, files, false);
    journal.commit(state.position);
    return journal;
  }

  get position(): Position {
    return this.state.position;
  }

  get summary(): S {
    return this.state.summary;
  }

  output(name: string): OutputFile {
    return this.files[name]!;
  }

  /** Output lengths and counters as of now: a consistent point to commit at, possibly a little later. */
  snapshot(): CommitPoint<S> {
    const lengths: Record<string, number> = {};
    for (const o of this.spec.outputs) lengths[o.name] = this.files[o.name]!.length;
    return { lengths, summary: structuredClone(this.state.summary) };
  }

  /**
   * Everything emitted so far is durable, and the input is consumed up to `position`. Order matters: the
   * outputs are fsynced before the journal names their lengths, so a committed length is always on disk.
   * With `at` (a snapshot taken when `position` was reached), outputs written since are left out of the
   * commit: a resumed run cuts them off and writes them again.
   */
  commit(position: Position, extraElapsedMs = 0, complete = false, at?: CommitPoint<S>): void {
    for (const o of this.spec.outputs) {
      const durable = this.files[o.name]!.sync();
      this.state.outputs[o.name] = at ? Math.min(at.lengths[o.name]!, durable) : durable;
    }
    this.state.position = position;
    this.state.complete = complete;
    const saved = {
      ...this.state,
      summary: at ? at.summary : this.state.summary,
      elapsedMs: this.state.elapsedMs + extraElapsedMs,
    };
    writeStateAtomic(this.spec.statePath, saved);
    this.commits++;
  }

  /** Marks the run complete; `elapsedMs` of this segment is added to the total. */
  finish(position: Position, segmentMs: number): void {
    this.commit(position, segmentMs, true);
    this.state.elapsedMs += segmentMs;
    for (const f of Object.values(this.files)) f.close();
  }

  /** Stops without completing (Ctrl-C, fatal error): commit what is done, close the files. */
  suspend(position: Position, segmentMs: number): void {
    this.commit(position, segmentMs, false);
    for (const f of Object.values(this.files)) f.close();
  }
}
