import { type FileHandle, open } from 'node:fs/promises';

/**
 * A sliding read window over a file: `ensure(offset, n)` makes bytes [offset, offset + n) available in
 * `buf` (or as many as the file has), reading forward and reusing one buffer. Archives are read in
 * bounded windows, never loaded whole; a window grows only to fit one large record, up to `maxBytes`.
 */
export class FileWindow {
  buf: Buffer;
  /** File offset of buf[0]. */
  start = 0;
  /** Number of valid bytes in `buf`. */
  length = 0;
  /** Bytes read from disk so far (for progress). */
  bytesRead = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    initialBytes: number,
    readonly maxBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  static async open(path: string, initialBytes = 4 << 20, maxBytes = 256 << 20): Promise<FileWindow> {
    const handle = await open(path, 'r');
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTFILE' });
      return new FileWindow(handle, st.size, initialBytes, maxBytes);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  get end(): number {
    return this.start + this.length;
  }

  /**
   * Makes [offset, offset + n) available (clamped to the file size and `maxBytes`); returns the number of
   * bytes available from `offset`. Offsets before the window start are re-read.
   */
  async ensure(offset: number, n: number): Promise<number> {
    const want = Math.min(n, this.size - offset, this.maxBytes);
    if (want <= 0) return 0;
    if (offset >= this.start && offset + want <= this.end) return this.end - offset;
    if (offset < this.start || offset > this.end) {
      this.start = offset;
      this.length = 0;
    } else if (offset > this.start) {
      // Keep the bytes from `offset` on, move them to the front.
      this.buf.copy(this.buf, 0, offset - this.start, this.length);
      this.length -= offset - this.start;
      this.start = offset;
    }
    if (want > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(Math.max(want, this.buf.length * 2), this.maxBytes));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    // Fill the whole buffer (read ahead), not just `want`, to keep reads large.
    while (this.length < want) {
      const fileOffset = this.start + this.length;
      const toRead = Math.min(this.buf.length - this.length, this.size - fileOffset);
      if (toRead <= 0) break;
      const { bytesRead } = await this.handle.read(this.buf, this.length, toRead, fileOffset);
      if (bytesRead === 0) break;
      this.length += bytesRead;
      this.bytesRead += bytesRead;
    }
    return Math.max(0, this.end - offset);
  }

  /** A view of [offset, offset + n) — valid until the next `ensure`. */
  view(offset: number, n: number): Buffer {
    const from = offset - this.start;
    return this.buf.subarray(from, Math.min(from + n, this.length));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * A copy in an ArrayBuffer of its own. Small Buffer copies come from Node's shared 8 KB pool, and a worker
 * message clones a view's whole ArrayBuffer: a 200-byte line would carry 8 KB along.
 */
export function ownCopy(view: Uint8Array): Buffer {
  const b = Buffer.allocUnsafeSlow(view.byteLength);
  b.set(view);
  return b;
}
