import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { field, headerBlockEnd, parseHeaderBlock } from './headerBlock.js';

/** The HTTP response inside a WARC `response` record. */
export interface HttpResponse {
  status: number | null;
  statusLine: string;
  headers: [string, string][];
  /** The payload as stored (still transfer- and content-encoded if the crawler kept it that way). */
  body: Buffer;
}

const MAX_HTTP_HEADER = 256 * 1024;

export function parseHttpResponse(block: Buffer): HttpResponse | { error: string } {
  const end = headerBlockEnd(block, 0, Math.min(block.length, MAX_HTTP_HEADER));
  if (end < 0) {
    // A header block with no body and no final blank line (the record ends right after the headers).
    if (block.length < MAX_HTTP_HEADER && /^HTTP\/\d/.test(block.toString('latin1', 0, 8))) {
      const h = parseHeaderBlock(block, 0, block.length);
      return { status: statusOf(h.firstLine), statusLine: h.firstLine, headers: h.fields, body: Buffer.alloc(0) };
    }
    return { error: 'no end of the HTTP header block' };
  }
  const h = parseHeaderBlock(block, 0, end);
  if (!/^HTTP\/\d/i.test(h.firstLine)) return { error: `"${h.firstLine.slice(0, 40)}" is not an HTTP status line` };
  return { status: statusOf(h.firstLine), statusLine: h.firstLine, headers: h.fields, body: block.subarray(end) };
}

function statusOf(line: string): number | null {
  const m = /^HTTP\/\S+\s+(\d{3})/i.exec(line);
  return m ? Number(m[1]) : null;
}

export type DecodedPayload =
  | { body: Buffer; notes: string[] }
  | { error: string; code: 'bad_content_encoding' | 'too_large' };

/**
 * Undoes Transfer-Encoding: chunked and Content-Encoding (gzip, deflate, br) when the crawler stored the
 * payload as it came over the wire (wget, browsertrix do; Common Crawl stores it decoded and renames the
 * headers). When the headers claim an encoding the bytes do not have, the bytes are used as they are and
 * a note says so: archives often keep the header but decode the body.
 */
export function decodePayload(headers: readonly [string, string][], body: Buffer, maxBytes: number): DecodedPayload {
  const notes: string[] = [];
  let data = body;
  const te = (field(headers, 'Transfer-Encoding') ?? '').toLowerCase();
  if (te.includes('chunked')) {
    const d = dechunk(data);
    if (d) data = d;
    else notes.push('transfer_encoding_not_chunked');
  }
  const ce = (field(headers, 'Content-Encoding') ?? '').toLowerCase().trim();
  if (ce && ce !== 'identity' && ce !== 'none') {
    const decoder = DECODERS[ce];
    if (!decoder) {
      if (looksLikeMarkup(data)) notes.push(`content_encoding_ignored:${ce}`);
      else return { code: 'bad_content_encoding', error: `unsupported Content-Encoding "${ce}"` };
    } else {
      try {
        data = decoder(data, { maxOutputLength: maxBytes });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ERR_BUFFER_TOO_LARGE')
          return { code: 'too_large', error: `payload inflates to more than ${maxBytes} bytes` };
        if (looksLikeMarkup(data)) notes.push(`content_encoding_already_decoded:${ce}`);
        else return { code: 'bad_content_encoding', error: `Content-Encoding ${ce}: ${err.message}` };
      }
    }
  }
  return { body: data, notes };
}

type Decoder = (b: Buffer, o: { maxOutputLength: number }) => Buffer;

const DECODERS: Record<string, Decoder> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  br: brotliDecompressSync,
  // "deflate" is zlib-wrapped by the spec, raw deflate in practice from some servers: try both.
  deflate: (b, o) => {
    try {
      return inflateSync(b, o);
    } catch {
      return inflateRawSync(b, o);
    }
  },
};

function looksLikeMarkup(b: Buffer): boolean {
  const head = b.toString('latin1', 0, Math.min(512, b.length)).trimStart();
  return head.startsWith('<') || /^[\x09\x0a\x0d\x20-\x7e]{16}/.test(head);
}

/**
 * RFC 9112 §7.1 chunked coding: "<hex size>[;ext]\r\n<data>\r\n" ... "0\r\n[trailers]\r\n". Small enough to
 * write here; returns null when the bytes are not chunked after all (the archive already removed it).
 */
export function dechunk(b: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let p = 0;
  for (;;) {
    const lf = b.indexOf(10, p);
    if (lf < 0 || lf - p > 1024) return null;
    const sizeText = b.toString('latin1', p, lf).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return null;
    const size = Number.parseInt(sizeText, 16);
    p = lf + 1;
    if (size === 0) break;
    if (p + size > b.length) {
      // Truncated chunk at the end of a record: keep what is there.
      parts.push(b.subarray(p));
      break;
    }
    parts.push(b.subarray(p, p + size));
    p += size;
    if (b[p] === 13) p++;
    if (b[p] === 10) p++;
  }
  return Buffer.concat(parts);
}
