import { createInflateRaw } from 'node:zlib';
import { FileWindow, ownCopy } from './fileWindow.js';
import { inflateMember, isGzipStart, parseGzipHeader } from './gzipMember.js';
import { field, headerBlockEnd, type ParsedHeaderBlock, parseHeaderBlock } from './headerBlock.js';
import { findRecordStart, frameRecord, skipNewlines, startsWithWarc } from './warcFraming.js';

/** One WARC record as read from an archive, with where it came from. */
export interface WarcRecord {
  kind: 'record';
  file: string;
  fileIndex: number;
  /** Offset of the record in the file (uncompressed file) or of its gzip member (compressed file). */
  offset: number;
  /** Position of the record inside its gzip member (0 for the usual one-record member). */
  indexInMember: number;
  version: string;
  warcHeaders: [string, string][];
  /** The record block (for a `response` record: the HTTP message), exactly Content-Length bytes. */
  block: Buffer;
  /** Set on the last record of a gzip member or an uncompressed record: where reading can resume. */
  resumeAt: number | null;
}

export type WarcProblemCode =
  | 'not_warc'
  | 'read_error'
  | 'truncated'
  | 'corrupt_gzip'
  | 'bad_content_length'
  | 'bad_header'
  | 'not_warc_record'
  | 'record_too_large';

/** A part of an archive that could not be read as a record: reported, counted, skipped. */
export interface WarcProblem {
  kind: 'problem';
  file: string;
  fileIndex: number;
  offset: number;
  code: WarcProblemCode;
  message: string;
  url?: string;
  recordId?: string;
  /** Bytes skipped to reach the next readable record. */
  skippedBytes?: number;
  resumeAt: number | null;
}

export type WarcItem = WarcRecord | WarcProblem;

export interface WarcReaderOptions {
  /** Records whose block is larger are reported as `record_too_large` and stepped over unread. */
  maxRecordBytes: number;
  /** Resume: first byte to read (a member or record start recorded earlier). */
  startOffset?: number;
  /** Read window; grows to fit one record up to about maxRecordBytes. */
  windowBytes?: number;
}

const WINDOW = 4 << 20;
/** Room for the WARC and HTTP headers on top of the block limit when inflating a member. */
const HEADER_SLACK = 1 << 20;
const MIN_AHEAD = 256 * 1024;

/**
 * Streams the records of one `.warc` or `.warc.gz` file (per-record gzip, detected by content, not by
 * name) with bounded memory. Damage never stops the file silently: each bad spot becomes a `problem` item
 * with its offset, and reading continues at the next readable record (next gzip member, or next
 * "WARC/x.y" line in an uncompressed file). Only an unreadable file or a non-WARC file ends it early.
 */
export class WarcReader {
  private win: FileWindow | null = null;
  /** Offset up to which the file has been consumed (for progress). */
  position = 0;
  size = 0;

  constructor(
    readonly file: string,
    readonly fileIndex: number,
    readonly options: WarcReaderOptions,
  ) {}

  async *items(): AsyncGenerator<WarcItem> {
    const start = this.options.startOffset ?? 0;
    try {
      this.win = await FileWindow.open(
        this.file,
        this.options.windowBytes ?? WINDOW,
        this.options.maxRecordBytes + 2 * HEADER_SLACK,
      );
    } catch (e) {
      yield this.problem(0, 'read_error', `cannot read ${this.file}: ${(e as Error).message}`, null);
      return;
    }
    const win = this.win;
    this.size = win.size;
    this.position = start;
    try {
      if (win.size === 0) return;
      await win.ensure(0, 64);
      const head = win.view(0, 64);
      const lead = skipNewlines(head, 0, head.length);
      if (isGzipStart(head, 0)) yield* this.gzipItems(start);
      else if (startsWithWarc(head, lead, head.length)) yield* this.plainItems(start);
      else
        yield this.problem(
          0,
          'not_warc',
          'not a WARC file: it starts neither with a gzip header nor with a "WARC/" version line',
          null,
        );
    } catch (e) {
      yield this.problem(this.position, 'read_error', `read error: ${(e as Error).message}`, null);
    } finally {
      this.position = win.size;
      await win.close();
    }
  }

  private problem(
    offset: number,
    code: WarcProblemCode,
    message: string,
    resumeAt: number | null,
    header?: ParsedHeaderBlock,
    skippedBytes?: number,
  ): WarcProblem {
    const p: WarcProblem = {
      kind: 'problem',
      file: this.file,
      fileIndex: this.fileIndex,
      offset,
      code,
      message,
      resumeAt,
    };
    const url = header && field(header.fields, 'WARC-Target-URI');
    const id = header && field(header.fields, 'WARC-Record-ID');
    if (url) p.url = url;
    if (id) p.recordId = id;
    if (skippedBytes !== undefined) p.skippedBytes = skippedBytes;
    return p;
  }

  // ---- per-record gzip -------------------------------------------------------------------------------

  private async *gzipItems(start: number): AsyncGenerator<WarcItem> {
    const win = this.win!;
    const max = this.options.maxRecordBytes + HEADER_SLACK;
    let pos = start;
    // Ask only for what a typical member needs; the window reads ahead in large blocks anyway, and asking
    // for a full window at every member would shift the buffer each time.
    let want = MIN_AHEAD;
    while (pos < win.size) {
      this.position = pos;
      const avail = await win.ensure(pos, want);
      const atEof = pos + avail >= win.size;
      const r = inflateMember(win.buf, pos - win.start, win.length, max);
      if (r.ok) {
        want = MIN_AHEAD;
        const next = pos + r.memberLength;
        yield* this.recordsInMember(r.data, pos, next);
        pos = next;
        continue;
      }
      if (r.reason === 'need_more') {
        if (atEof) {
          yield this.problem(pos, 'truncated', 'the file ends inside a gzip member (truncated download?)', win.size);
          return;
        }
        if (avail < win.maxBytes) {
          want = avail * 2;
          continue;
        }
        // A compressed member this large cannot inflate to less than the limit: step over it.
      }
      if (r.reason === 'need_more' || r.reason === 'too_large') {
        const skipped = await this.skipLargeMember(pos);
        if (skipped.ok) {
          const next = pos + skipped.memberLength;
          // A member whose first record is small but which inflates beyond the limit holds many records:
          // the whole file (or a large part) was gzipped as one stream instead of record by record.
          const firstLength = Number(skipped.header && field(skipped.header.fields, 'Content-Length'));
          const wholeFile = Number.isFinite(firstLength) && firstLength < this.options.maxRecordBytes;
          yield this.problem(
            pos,
            'record_too_large',
            wholeFile
              ? `gzip member of ${skipped.inflated} bytes holds several records: the archive is gzipped as a whole, not record by record (as WARC tools and Common Crawl write it). Recompress it per record (e.g. "warcio recompress"), or gunzip it and scan the .warc; skipped`
              : `record of ${skipped.inflated} bytes exceeds the limit of ${this.options.maxRecordBytes} bytes (--max-record-mb); skipped`,
            next,
            skipped.header,
          );
          pos = next;
          continue;
        }
        if (skipped.reason === 'truncated') {
          yield this.problem(pos, 'truncated', 'the file ends inside a gzip member (truncated download?)', win.size);
          return;
        }
      }
      const detail = r.reason === 'corrupt' ? r.detail : 'invalid deflate data';
      const resync = await this.nextMember(pos + 1);
      yield this.problem(
        pos,
        'corrupt_gzip',
        `damaged gzip member (${detail}); continuing at ${resync < win.size ? `offset ${resync}` : 'end of file'}`,
        resync,
        undefined,
        resync - pos,
      );
      pos = resync;
    }
    this.position = win.size;
  }

  /** Frames the records of one inflated member (normally exactly one). */
  private *recordsInMember(data: Buffer, memberOffset: number, next: number): Generator<WarcItem> {
    let at = skipNewlines(data, 0, data.length);
    let index = 0;
    while (at < data.length) {
      const f = frameRecord(data, at, data.length, true, this.options.maxRecordBytes);
      const last = (after: number) => skipNewlines(data, after, data.length) >= data.length;
      if (f.type === 'record') {
        const done = last(f.next);
        yield {
          kind: 'record',
          file: this.file,
          fileIndex: this.fileIndex,
          offset: memberOffset,
          indexInMember: index++,
          version: f.header.firstLine,
          warcHeaders: f.header.fields,
          block: data.subarray(f.blockStart, f.blockEnd),
          resumeAt: done ? next : null,
        };
        at = f.next;
        continue;
      }
      if (f.type === 'too_large') {
        yield this.problem(
          memberOffset,
          'record_too_large',
          `record block of ${f.contentLength} bytes exceeds the limit of ${this.options.maxRecordBytes} bytes; skipped`,
          next,
          f.header,
        );
        return;
      }
      if (f.type === 'need') {
        yield this.problem(memberOffset, 'truncated', 'the gzip member ends inside a WARC record', next);
        return;
      }
      // Inside a complete member, a record that does not fit is a wrong Content-Length (or a member that
      // holds something else entirely); the rest of the member cannot be trusted.
      const code = f.code === 'truncated' ? 'bad_content_length' : f.code;
      const detail =
        f.code === 'truncated' ? `${f.detail}: Content-Length is larger than the record in its gzip member` : f.detail;
      yield this.problem(
        memberOffset,
        code,
        index > 0 ? `record ${index + 1} in member: ${detail}` : detail,
        next,
        f.header,
      );
      return;
    }
    if (index === 0) yield this.problem(memberOffset, 'not_warc_record', 'empty gzip member', next);
  }

  /**
   * Steps over a member that inflates beyond the limit (or does not fit in the window) by inflating it as a
   * stream: output is counted and dropped, except the first bytes, kept to name the record in the report.
   */
  private async skipLargeMember(
    pos: number,
  ): Promise<
    | { ok: true; memberLength: number; inflated: number; header?: ParsedHeaderBlock }
    | { ok: false; reason: 'truncated' | 'corrupt' }
  > {
    const win = this.win!;
    await win.ensure(pos, 4096);
    const h = parseGzipHeader(win.buf, pos - win.start, win.length);
    if (!h.ok) return { ok: false, reason: h.reason === 'need_more' ? 'truncated' : 'corrupt' };
    const inflater = createInflateRaw();
    let inflated = 0;
    const head: Buffer[] = [];
    let headBytes = 0;
    let error: Error | undefined;
    inflater.on('data', (d: Buffer) => {
      inflated += d.length;
      if (headBytes < 64 * 1024) {
        head.push(d);
        headBytes += d.length;
      }
    });
    const finished = new Promise<void>((resolve) => {
      inflater.on('end', resolve);
      inflater.on('error', (e) => {
        error = e;
        resolve();
      });
    });
    let fed = 0;
    let p = pos + h.length;
    while (!error) {
      const avail = await win.ensure(p, 1 << 20);
      if (avail === 0) break;
      const chunk = Buffer.from(win.view(p, avail));
      p += avail;
      fed += avail;
      this.position = p;
      await new Promise<void>((resolve) => inflater.write(chunk, () => resolve()));
      // zlib takes no input past the end of the deflate stream: fewer bytes written than fed = member end.
      if (inflater.bytesWritten < fed) break;
    }
    inflater.end();
    await finished;
    if (error) return { ok: false, reason: p >= win.size ? 'truncated' : 'corrupt' };
    const consumed = inflater.bytesWritten;
    const trailerAt = pos + h.length + consumed;
    if (trailerAt + 8 > win.size) return { ok: false, reason: 'truncated' };
    // Only the WARC header of the skipped record is read, to name it in the report.
    const first = Buffer.concat(head);
    const at = skipNewlines(first, 0, first.length);
    const end = headerBlockEnd(first, at, first.length);
    const header = end > 0 && startsWithWarc(first, at, first.length) ? parseHeaderBlock(first, at, end) : undefined;
    return { ok: true, memberLength: trailerAt + 8 - pos, inflated, header };
  }

  /** Next offset ≥ `from` where a valid gzip member holding a WARC record starts (file size if none). */
  private async nextMember(from: number): Promise<number> {
    const win = this.win!;
    const max = this.options.maxRecordBytes + HEADER_SLACK;
    let p = from;
    while (p < win.size) {
      const avail = await win.ensure(p, WINDOW);
      const view = win.view(p, avail);
      let i = 0;
      while (i < view.length) {
        const hit = view.indexOf(0x1f, i);
        if (hit < 0) break;
        if (isGzipStart(view, hit)) {
          const candidate = p + hit;
          const r = inflateMember(win.buf, candidate - win.start, win.length, max);
          if (r.ok && startsWithWarc(r.data, skipNewlines(r.data, 0, 16), r.data.length)) return candidate;
          if (!r.ok && r.reason !== 'corrupt') {
            // Too large or not within the window: accept a candidate whose first bytes inflate to a record.
            if (await this.looksLikeMember(candidate)) return candidate;
          }
          // The window may have moved while checking; re-read from the candidate.
          await win.ensure(p, WINDOW);
        }
        i = hit + 1;
      }
      p += Math.max(1, view.length - 2);
    }
    return win.size;
  }

  private async looksLikeMember(at: number): Promise<boolean> {
    const win = this.win!;
    await win.ensure(at, 64 * 1024);
    const h = parseGzipHeader(win.buf, at - win.start, win.length);
    if (!h.ok) return false;
    const inflater = createInflateRaw();
    const chunks: Buffer[] = [];
    inflater.on('data', (d: Buffer) => chunks.push(d));
    inflater.on('error', () => undefined);
    const slice = Buffer.from(win.view(at + h.length, 32 * 1024));
    await new Promise<void>((resolve) => inflater.write(slice, () => resolve()));
    inflater.destroy();
    const out = Buffer.concat(chunks);
    return startsWithWarc(out, skipNewlines(out, 0, 16), out.length);
  }

  // ---- uncompressed ---------------------------------------------------------------------------------

  private async *plainItems(start: number): AsyncGenerator<WarcItem> {
    const win = this.win!;
    let pos = start;
    let want = 64 * 1024;
    while (pos < win.size) {
      this.position = pos;
      let avail = await win.ensure(pos, Math.max(want, 64 * 1024));
      const lead = skipNewlines(win.buf, pos - win.start, win.length) + win.start;
      if (lead >= win.size) break;
      if (lead !== pos) {
        pos = lead;
        avail = await win.ensure(pos, Math.max(want, 64 * 1024));
      }
      const eof = pos + avail >= win.size;
      const base = pos - win.start;
      const f = frameRecord(win.buf, base, win.length, eof, this.options.maxRecordBytes);
      if (f.type === 'need') {
        want = f.bytes;
        continue;
      }
      want = 64 * 1024;
      if (f.type === 'record') {
        const next = f.next - base + pos;
        yield {
          kind: 'record',
          file: this.file,
          fileIndex: this.fileIndex,
          offset: pos,
          indexInMember: 0,
          version: f.header.firstLine,
          warcHeaders: f.header.fields,
          // Copy: the window is reused for the next read.
          block: ownCopy(win.buf.subarray(f.blockStart, f.blockEnd)),
          resumeAt: next,
        };
        pos = next;
        continue;
      }
      if (f.type === 'too_large') {
        // Step over the block without reading it, after checking that it really ends where it says.
        const blockAt = f.blockStart - base + pos;
        const endAt = blockAt + f.contentLength;
        const got = await win.ensure(endAt, 4);
        const tail = win.view(endAt, 4);
        if (
          got >= 2 &&
          (tail.toString('latin1').startsWith('\r\n\r\n') || tail.toString('latin1').startsWith('\n\n'))
        ) {
          const next = endAt + (tail[0] === 13 ? 4 : 2);
          yield this.problem(
            pos,
            'record_too_large',
            `record block of ${f.contentLength} bytes exceeds the limit of ${this.options.maxRecordBytes} bytes (--max-record-mb); skipped`,
            next,
            f.header,
          );
          pos = next;
          continue;
        }
        if (endAt >= win.size) {
          yield this.problem(pos, 'truncated', 'the file ends inside a record', win.size, f.header);
          return;
        }
        const resync = await this.nextRecordStart(blockAt);
        yield this.problem(
          pos,
          'bad_content_length',
          `Content-Length ${f.contentLength} does not end at a record boundary`,
          resync,
          f.header,
          resync - pos,
        );
        pos = resync;
        continue;
      }
      if (f.code === 'truncated' && eof) {
        yield this.problem(pos, 'truncated', `the file ends inside a record (${f.detail})`, win.size, f.header);
        return;
      }
      if (pos === 0 && f.code === 'not_warc_record') {
        yield this.problem(pos, 'not_warc', 'not a WARC file', null);
        return;
      }
      const resync = await this.nextRecordStart(f.resyncFrom - base + pos);
      yield this.problem(
        pos,
        f.code,
        `${f.detail}; continuing at ${resync < win.size ? `offset ${resync}` : 'end of file'}`,
        resync,
        f.header,
        resync - pos,
      );
      pos = resync;
    }
    this.position = win.size;
  }

  private async nextRecordStart(from: number): Promise<number> {
    const win = this.win!;
    let p = from;
    while (p < win.size) {
      const avail = await win.ensure(p, WINDOW);
      const base = p - win.start;
      const hit = findRecordStart(win.buf, base, base + avail);
      if (hit >= 0) return hit - base + p;
      if (p + avail >= win.size) break;
      p += Math.max(1, avail - 16);
    }
    return win.size;
  }
}
