import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where the next run segment starts: input file index and byte offset of the next unread unit. */
export interface Position {
  file: number;
  offset: number;
}

/** Bytes of the inputs before a position (for progress over several files). */
export function bytesBefore(sizes: readonly number[], p: Position): number {
  let n = 0;
  for (let i = 0; i < p.file && i < sizes.length; i++) n += sizes[i]!;
  return n + p.offset;
}

export interface InputIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The resume journal of a batch run, rewritten atomically at each commit (write a temporary file, fsync,
 * rename over the old one, fsync the folder): after a crash, even kill -9 or a power cut, the file is
 * either the previous commit or the new one, never a mix. It says how far the input was consumed and how
 * long each output was at that moment, plus the summary counters, so a resumed run continues exactly there.
 */
export interface RunState<S> {
  version: 1;
  command: string;
  /** Hash of every option that changes the output; a resume with other options is refused. */
  fingerprint: string;
  /** Those options, to say which one differs. */
  options: Record<string, unknown>;
  inputs: InputIdentity[];
  position: Position;
  outputs: Record<string, number>;
  summary: S;
  complete: boolean;
  startedAt: string;
  /** Wall time of the earlier segments of this run. */
  elapsedMs: number;
  segments: number;
}

export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export function identify(paths: string[]): InputIdentity[] {
  return paths.map((p) => {
    const st = statSync(p);
    return { path: resolve(p), size: st.size, mtimeMs: Math.round(st.mtimeMs) };
  });
}

export function writeStateAtomic<S>(path: string, state: RunState<S>): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const b = Buffer.from(`${JSON.stringify(state)}\n`);
    let done = 0;
    while (done < b.length) done += writeSync(fd, b, done, b.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The rename itself must survive a crash: fsync the folder entry.
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some file systems refuse fsync on a folder; the rename is still atomic */
  }
}

export function readState<S>(path: string): RunState<S> | null {
  if (!existsSync(path)) return null;
  const state = JSON.parse(readFileSync(path, 'utf8')) as RunState<S>;
  if (state.version !== 1) throw new Error(`${path}: unknown run-state version ${String(state.version)}`);
  return state;
}

/** Why a saved run cannot be resumed with these inputs and options, or null when it can. */
export function resumeMismatch<S>(
  state: RunState<S>,
  command: string,
  fp: string,
  options: Record<string, unknown>,
  inputs: InputIdentity[],
): string | null {
  if (state.command !== command) return `the saved run is a "${state.command}" run, not "${command}"`;
  if (state.fingerprint !== fp) {
    const keys = [...new Set([...Object.keys(state.options ?? {}), ...Object.keys(options)])];
    const differ = keys.filter((k) => JSON.stringify(state.options?.[k]) !== JSON.stringify(options[k]));
    const detail = differ.map((k) => `${k}: ${JSON.stringify(state.options?.[k])} → ${JSON.stringify(options[k])}`);
    return `the options differ from the interrupted run (${detail.join('; ') || 'input list'})`;
  }
  if (state.inputs.length !== inputs.length) return 'the list of input files differs from the interrupted run';
  for (let i = 0; i < inputs.length; i++) {
    const a = state.inputs[i]!;
    const b = inputs[i]!;
    if (a.path !== b.path) return `input ${i + 1} was ${a.path}, now ${b.path}`;
    if (a.size !== b.size || a.mtimeMs !== b.mtimeMs) return `${b.path} changed since the interrupted run`;
  }
  return null;
}
