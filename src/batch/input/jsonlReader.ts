import { FileWindow } from './fileWindow.js';

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
 * continue the numbering.
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
            bytes: Buffer.from(bytes),
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
