import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';

export interface WriteOutcome {
  bytes: number;
  sha256: string;
  /** False when the destination closed before the end (client went away). */
  complete: boolean;
}

/** Bytes gathered before one write: fewer, larger writes than one per row. */
const FLUSH_AT = 64 * 1024;

/**
 * Writes a generator of text chunks to a stream with back-pressure (waits for `drain`), hashing what it
 * writes. Stops pulling from the generator (which stops reading the database) as soon as the destination
 * closes or fails, so an abandoned download does not keep a query running.
 */
export async function writeChunks(chunks: AsyncIterable<string>, out: Writable): Promise<WriteOutcome> {
  const hash = createHash('sha256');
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  let closed = false;
  let failure: Error | null = null;
  const onClose = () => {
    closed = true;
  };
  const onError = (e: Error) => {
    failure = e;
    closed = true;
  };
  out.on('close', onClose);
  out.on('error', onError);

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const buf = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    hash.update(buf);
    bytes += buf.length;
    if (!out.write(buf)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
    }
  };

  try {
    for await (const chunk of chunks) {
      if (closed) break;
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= FLUSH_AT) await flush();
    }
    if (!closed) await flush();
  } finally {
    out.off('close', onClose);
    out.off('error', onError);
  }
  if (failure) throw failure;
  return { bytes, sha256: hash.digest('hex'), complete: !closed };
}

/** Counts what passes through (items exported). */
export async function* counted<T>(items: AsyncIterable<T>, counter: { n: number }): AsyncGenerator<T> {
  for await (const item of items) {
    counter.n++;
    yield item;
  }
}
