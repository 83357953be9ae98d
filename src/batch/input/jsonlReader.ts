import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { FileWindow, ownCopy } from './fileWindow.js';
import { isGzipStart } from './gzipMember.js';

/** One line of a JSONL dataset (without its "\n"), with where it is in the file. */
export interface JsonlLine {
  kind: 'line';
  file: string;
  fileIndex: number;
  /** 1-based line number. */
  line: number;
  offset: number;
  bytes: Buffer;
  /** Offset after the line's newline: where reading resumes. */
  resumeAt: number;
}

export interface JsonlProblem {
  kind: 'problem';
  file: string;
  fileIndex: number;
  line: number;
  offset: number;
  code: 'line_too_long' | 'read_error';
  message: string;
  resumeAt: number | null;
}

export interface JsonlBlank {
  kind: 'blank';
  line: number;
  offset: number;
  resumeAt: number;
}

export type JsonlItem = JsonlLine | JsonlProblem | JsonlBlank;

const CHUNK = 1 << 20;

/**
 * Streams the lines of a JSONL file with byte offsets and line numbers (node:readline gives neither
 * offsets nor a bound on line length). A line longer than `maxLineBytes` is reported and stepped over
 * without being held in memory. On resume, `startOffset` (a line start recorded earlier) and `startLine`
 * continue the numbering. A gzipped file (`.jsonl.gz`, detected by content) is read through zlib; its
 * offsets count uncompressed bytes, and a resumed run inflates the part already done again to skip it.
 */
export class JsonlReader {
  position = 0;
  size = 0;

  constructor(
    readonly file: string,
    readonly fileIndex: number,
    readonly maxLineBytes: number,
    readonly startOffset = 0,
    readonly startLine = 1,
  ) {}

  async *items(): AsyncGenerator<JsonlItem> {
    let win: FileWindow;
    try {
      win = await FileWindow.open(this.file, CHUNK, this.maxLineBytes + CHUNK);
    } catch (e) {
      yield {
        kind: 'problem',
        file: this.file,
        fileIndex: this.fileIndex,
        line: this.startLine,
        offset: 0,
        code: 'read_error',
        message: `cannot read ${this.file}: ${(e as Error).message}`,
        resumeAt: null,
      };
      return;
    }
    this.size = win.size;
    await win.ensure(0, 2);
    if (isGzipStart(win.view(0, 3), 0)) {
      await win.close();
      yield* this.gzipItems();
      return;
    }
    let pos = this.startOffset;
    let line = this.startLine;
    try {
      while (pos < win.size) {
        this.position = pos;
        let want = CHUNK;
        let nl = -1;
        let avail = 0;
        // Grow the window until the line's newline is in it (or the line is too long).
        for (;;) {
          avail = await win.ensure(pos, want);
          const view = win.view(pos, avail);
          nl = view.indexOf(10);
          if (nl >= 0 || pos + avail >= win.size || avail > this.maxLineBytes) break;
          want = avail * 2;
        }
        if (nl > this.maxLineBytes || (nl < 0 && avail > this.maxLineBytes)) {
          const end = nl >= 0 ? pos + nl + 1 : await this.skipLine(win, pos);
          yield {
            kind: 'problem',
            file: this.file,
            fileIndex: this.fileIndex,
            line,
            offset: pos,
            code: 'line_too_long',
            message: `line longer than the limit of ${this.maxLineBytes} bytes (--max-line-mb); skipped`,
            resumeAt: end,
          };
          pos = end;
          line++;
          continue;
        }
        const len = nl >= 0 ? nl : avail;
        const next = pos + len + (nl >= 0 ? 1 : 0);
        const bytes = win.view(pos, len);
        if (isBlank(bytes)) yield { kind: 'blank', line, offset: pos, resumeAt: next };
        else
          yield {
            kind: 'line',
            file: this.file,
            fileIndex: this.fileIndex,
            line,
            offset: pos,
            bytes: ownCopy(bytes),
            resumeAt: next,
          };
        pos = next;
        line++;
      }
    } finally {
      this.position = win.size;
      await win.close();
    }
  }

  private async *gzipItems(): AsyncGenerator<JsonlItem> {
    const source = createReadStream(this.file, { highWaterMark: CHUNK });
    const gunzip = createGunzip();
    source.pipe(gunzip);
    let offset = 0;
    let line = this.startLine;
    let parts: Buffer[] = [];
    let partBytes = 0;
    let lineStart = 0;
    let tooLong = false;
    const emit = function* (this: JsonlReader, next: number): Generator<JsonlItem> {
      if (lineStart >= this.startOffset) {
        if (tooLong)
          yield {
            kind: 'problem',
            file: this.file,
            fileIndex: this.fileIndex,
            line,
            offset: lineStart,
            code: 'line_too_long',
            message: `line longer than the limit of ${this.maxLineBytes} bytes (--max-line-mb); skipped`,
            resumeAt: next,
          };
        else {
          const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
          if (isBlank(bytes)) yield { kind: 'blank', line, offset: lineStart, resumeAt: next };
          else
            yield {
              kind: 'line',
              file: this.file,
              fileIndex: this.fileIndex,
              line,
              offset: lineStart,
              bytes: ownCopy(bytes),
              resumeAt: next,
            };
        }
        line++;
      }
      parts = [];
      partBytes = 0;
      tooLong = false;
      lineStart = next;
    }.bind(this);
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        this.position = source.bytesRead;
        let at = 0;
        while (at < chunk.length) {
          const nl = chunk.indexOf(10, at);
          const end = nl < 0 ? chunk.length : nl;
          // Lines before the resume point are only counted through, not kept.
          if (!tooLong && lineStart >= this.startOffset) {
            if (partBytes + (end - at) > this.maxLineBytes) {
              tooLong = true;
              parts = [];
              partBytes = 0;
            } else if (end > at) {
              parts.push(chunk.subarray(at, end));
              partBytes += end - at;
            }
          }
          offset += end - at;
          if (nl < 0) break;
          offset += 1;
          yield* emit(offset);
          at = nl + 1;
        }
      }
      if (offset > lineStart && (partBytes > 0 || tooLong)) yield* emit(offset);
    } catch (e) {
      yield {
        kind: 'problem',
        file: this.file,
        fileIndex: this.fileIndex,
        line,
        offset: lineStart,
        code: 'read_error',
        message: `gzip: ${(e as Error).message} (truncated or damaged file); the lines before were read`,
        resumeAt: null,
      };
    } finally {
      source.destroy();
      gunzip.destroy();
      this.position = this.size;
    }
  }

  private async skipLine(win: FileWindow, from: number): Promise<number> {
    let p = from;
    while (p < win.size) {
      const avail = await win.ensure(p, CHUNK);
      const nl = win.view(p, avail).indexOf(10);
      if (nl >= 0) return p + nl + 1;
      p += avail;
    }
    return win.size;
  }
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  return true;
}
