import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/**
 * An output file written strictly by appending, whose durable length is known: `sync()` makes everything
 * written so far durable, and a resumed run reopens the file truncated to the last committed length, so a
 * line that was half-written (or written but not committed) when the process died is dropped and written
 * again — never duplicated, never lost.
 */
export class OutputFile {
  private fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes written to the file (flushed). */
  private flushed: number;

  private constructor(
    readonly path: string,
    fd: number,
    length: number,
  ) {
    this.fd = fd;
    this.flushed = length;
  }

  /** A new, empty file (replacing any file of that name). */
  static create(path: string): OutputFile {
    return new OutputFile(path, openSync(path, 'w'), 0);
  }

  /** Reopens a file of an interrupted run, cut back to its committed length. */
  static reopen(path: string, committedLength: number): OutputFile {
    if (!existsSync(path)) throw new Error(`cannot resume: ${path} is missing`);
    const fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    if (size < committedLength) {
      closeSync(fd);
      throw new Error(`cannot resume: ${path} has ${size} bytes, fewer than the ${committedLength} committed`);
    }
    ftruncateSync(fd, committedLength);
    return new OutputFile(path, fd, committedLength);
  }

  /** Length including data not yet flushed. */
  get length(): number {
    return this.flushed + this.pendingBytes;
  }

  append(data: string | Uint8Array): void {
    const b =
      typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (b.length === 0) return;
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < all.length) done += writeSync(this.fd, all, done, all.length - done, this.flushed + done);
    this.flushed += all.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes and fsyncs; returns the durable length. */
  sync(): number {
    this.flush();
    fsyncSync(this.fd);
    return this.flushed;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
