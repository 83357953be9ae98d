import { field, headerBlockEnd, type ParsedHeaderBlock, parseHeaderBlock } from './headerBlock.js';

/**
 * Where one WARC record sits in a buffer (ISO 28500 §4: version line, named fields, CRLF, a block of
 * exactly Content-Length bytes, CRLF CRLF), or why it cannot be read there. Pure and synchronous: the
 * plain-file reader calls it on its read window and asks for more bytes when told to; the gzip reader calls
 * it on one inflated member.
 */
export type Framing =
  | {
      type: 'record';
      header: ParsedHeaderBlock;
      blockStart: number;
      blockEnd: number;
      /** Offset after the record's trailing CRLF CRLF (and any further blank lines). */
      next: number;
    }
  /** More bytes are needed from `at` (at least `bytes` in total). */
  | { type: 'need'; bytes: number }
  /** The block is larger than the limit: the record can be stepped over without reading it. */
  | { type: 'too_large'; header: ParsedHeaderBlock; blockStart: number; contentLength: number }
  | { type: 'error'; code: FramingErrorCode; detail: string; header?: ParsedHeaderBlock; resyncFrom: number };

export type FramingErrorCode = 'not_warc_record' | 'bad_header' | 'bad_content_length' | 'truncated';

export const MAX_HEADER_BYTES = 256 * 1024;

const WARC_VERSION = /^WARC\/\d+\.\d+$/;

export function startsWithWarc(buf: Uint8Array, at: number, end: number): boolean {
  return end - at >= 5 && buf[at] === 0x57 && buf[at + 1] === 0x41 && buf[at + 2] === 0x52 && buf[at + 3] === 0x43;
}

/** Skips the blank lines writers leave between records. */
export function skipNewlines(buf: Uint8Array, at: number, end: number): number {
  while (at < end && (buf[at] === 13 || buf[at] === 10)) at++;
  return at;
}

/** Length of the record terminator at `at` ("\r\n\r\n", tolerated "\n\n"), 0 if absent, -1 if unknown yet. */
function terminator(buf: Uint8Array, at: number, end: number): number {
  if (end - at >= 4 && buf[at] === 13 && buf[at + 1] === 10 && buf[at + 2] === 13 && buf[at + 3] === 10) return 4;
  if (end - at >= 2 && buf[at] === 10 && buf[at + 1] === 10) return 2;
  if (end - at < 4) return -1;
  return 0;
}

/**
 * Frames the record at `at` within buf[at, end). `eof` says that no byte follows `end` (end of file or of
 * a gzip member), so a short buffer is a truncated record rather than a request for more.
 */
export function frameRecord(buf: Uint8Array, at: number, end: number, eof: boolean, maxBlock: number): Framing {
  const avail = end - at;
  if (avail < 5) return eof ? truncated(at, 'file ends inside a record') : { type: 'need', bytes: 5 };
  if (!startsWithWarc(buf, at, end))
    return { type: 'error', code: 'not_warc_record', detail: 'no "WARC/" version line here', resyncFrom: at + 1 };
  const headerEnd = headerBlockEnd(buf, at, Math.min(end, at + MAX_HEADER_BYTES));
  if (headerEnd < 0) {
    if (avail >= MAX_HEADER_BYTES)
      return {
        type: 'error',
        code: 'bad_header',
        detail: `no end of the WARC header within ${MAX_HEADER_BYTES} bytes`,
        resyncFrom: at + 1,
      };
    return eof
      ? truncated(at, 'file ends inside a WARC header')
      : { type: 'need', bytes: Math.min(avail * 2, MAX_HEADER_BYTES) };
  }
  const header = parseHeaderBlock(buf, at, headerEnd);
  if (!WARC_VERSION.test(header.firstLine))
    return {
      type: 'error',
      code: 'not_warc_record',
      detail: `"${header.firstLine.slice(0, 40)}" is not a WARC version line`,
      header,
      resyncFrom: at + 1,
    };
  const rawLength = field(header.fields, 'Content-Length');
  if (rawLength === undefined || !/^\d{1,15}$/.test(rawLength))
    return {
      type: 'error',
      code: 'bad_header',
      detail:
        rawLength === undefined
          ? 'no Content-Length field'
          : `Content-Length "${rawLength.slice(0, 40)}" is not a number`,
      header,
      resyncFrom: headerEnd,
    };
  const contentLength = Number(rawLength);
  if (contentLength > maxBlock) return { type: 'too_large', header, blockStart: headerEnd, contentLength };
  const blockEnd = headerEnd + contentLength;
  if (blockEnd + 4 > end && !eof) return { type: 'need', bytes: blockEnd + 4 - at };
  if (blockEnd > end)
    return {
      type: 'error',
      code: 'truncated',
      detail: `Content-Length ${contentLength}, but the data ends ${end - headerEnd} bytes after the header`,
      header,
      resyncFrom: headerEnd,
    };
  const term = terminator(buf, blockEnd, end);
  if (term <= 0)
    return {
      type: 'error',
      code: 'bad_content_length',
      detail: `Content-Length ${contentLength} does not end at the record boundary (no CRLF CRLF after the block)`,
      header,
      resyncFrom: headerEnd,
    };
  return { type: 'record', header, blockStart: headerEnd, blockEnd, next: skipNewlines(buf, blockEnd + term, end) };
}

function truncated(at: number, detail: string): Framing {
  return { type: 'error', code: 'truncated', detail, resyncFrom: at + 1 };
}

/**
 * The next plausible record start at or after `from`: a "WARC/x.y" line at the start of a line whose
 * header block parses. Used to continue after a damaged record in an uncompressed file.
 */
export function findRecordStart(buf: Uint8Array, from: number, end: number): number {
  const needle = Buffer.from('WARC/');
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let i = from;
  while (i < end) {
    const hit = b.indexOf(needle, i);
    if (hit < 0 || hit >= end) return -1;
    if (hit === 0 || buf[hit - 1] === 10) {
      const lineEnd = b.indexOf(10, hit);
      const line = b.toString('latin1', hit, lineEnd < 0 ? Math.min(end, hit + 16) : lineEnd).trim();
      if (WARC_VERSION.test(line)) return hit;
    }
    i = hit + 1;
  }
  return -1;
}
