import type { Position } from '../output/runState.js';
import { bytesBefore } from '../output/runState.js';
import type { Pipeline } from './pipeline.js';

/** A reader of one input file: its items (each with where a resume may start after it) and its position. */
export interface InputReader<T extends { resumeAt: number | null }> {
  items(): AsyncIterable<T>;
  readonly position: number;
}

export interface ReadInputs<T extends { resumeAt: number | null }, L> {
  files: readonly string[];
  /** Where this run starts (a resumed run starts inside a file). */
  start: Position;
  sizes: readonly number[];
  progress: { bytes: number; records: number };
  pipeline: Pipeline<L>;
  /** The local item that marks a file read to its end. */
  eof: L;
  signal?: AbortSignal;
  open(fileIndex: number, file: string, first: boolean): InputReader<T>;
  handle(item: T, seq: number, resume: Position | null, fileIndex: number, file: string): Promise<void>;
  /** After each item (scan-warc writes a due journal commit here). */
  afterItem?: () => Promise<void>;
}

/**
 * The reading loop scan-warc and filter share: every input from the start position, each item handed to
 * the command with its sequence number and resume position, progress kept, an end-of-file marker after
 * each file read to its end, and a stop between items when the run is interrupted. Returns true when it
 * was interrupted (the caller suspends the journal instead of finishing it).
 */
export async function readInputs<T extends { resumeAt: number | null }, L>(o: ReadInputs<T, L>): Promise<boolean> {
  for (let fi = o.start.file; fi < o.files.length; fi++) {
    const file = o.files[fi]!;
    const reader = o.open(fi, file, fi === o.start.file);
    const before = bytesBefore(o.sizes, { file: fi, offset: 0 });
    for await (const item of reader.items()) {
      o.progress.bytes = before + reader.position;
      o.progress.records++;
      const seq = o.pipeline.nextSeq();
      const resume = item.resumeAt === null ? null : { file: fi, offset: item.resumeAt };
      await o.handle(item, seq, resume, fi, file);
      await o.afterItem?.();
      if (o.signal?.aborted) return true;
    }
    // A file read to its end is done: the next unit is the start of the next file.
    await o.pipeline.local(o.pipeline.nextSeq(), o.eof, { file: fi + 1, offset: 0 });
  }
  return false;
}
