import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';

/**
 * WARC fixtures written by the suite itself with warcio's writer (WARCRecord + WARCSerializer), so the
 * reader is tested against what a real WARC library produces. Damaged variants (lying Content-Length,
 * truncation, corruption) are made from those bytes.
 */
export interface FixtureRecord {
  type?: 'response' | 'request' | 'metadata' | 'resource' | 'warcinfo' | 'revisit';
  url: string;
  /** ISO date; default derived from the record's position. */
  date?: string;
  status?: number;
  headers?: [string, string][];
  body?: string | Uint8Array;
  /** WARC header overrides/extras. */
  warcHeaders?: Record<string, string>;
}

export interface WrittenWarc {
  path: string;
  /** Byte offset of each record (gzip member or plain record) in the file. */
  offsets: number[];
  /** The serialized bytes of each record. */
  chunks: Buffer[];
}

let counter = 0;

export function tempDir(prefix = 'clearance-batch-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function recordId(n: number): string {
  return `<urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}>`;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  404: 'Not Found',
  503: 'Service Unavailable',
};

export async function serializeRecord(r: FixtureRecord, index: number, gzip: boolean): Promise<Buffer> {
  const type = r.type ?? 'response';
  const date = r.date ?? new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString().replace(/\.\d+Z$/, 'Z');
  const body = r.body === undefined ? Buffer.alloc(0) : typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const status = r.status ?? 200;
  const rec =
    type === 'warcinfo'
      ? WARCRecord.createWARCInfo(
          { date, warcHeaders: { 'WARC-Record-ID': recordId(index) } },
          { software: 'clearance test suite' },
        )
      : WARCRecord.create(
          {
            url: r.url,
            date,
            type,
            warcHeaders: { 'WARC-Record-ID': recordId(index), ...(r.warcHeaders ?? {}) },
            ...(type === 'response'
              ? { statusline: `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Status'}`, httpHeaders: r.headers ?? [] }
              : type === 'request'
                ? { statusline: `GET ${new URL(r.url).pathname} HTTP/1.1`, httpHeaders: r.headers ?? [] }
                : {}),
          },
          [body],
        );
  return Buffer.from(await WARCSerializer.serialize(rec, { gzip }));
}

export async function writeWarc(
  records: FixtureRecord[],
  options: { gzip?: boolean; dir?: string; name?: string } = {},
): Promise<WrittenWarc> {
  const gzip = options.gzip ?? true;
  const dir = options.dir ?? tempDir();
  const path = join(dir, options.name ?? `fixture-${++counter}.warc${gzip ? '.gz' : ''}`);
  const chunks: Buffer[] = [];
  for (let i = 0; i < records.length; i++) chunks.push(await serializeRecord(records[i]!, i, gzip));
  const offsets: number[] = [];
  let at = 0;
  for (const c of chunks) {
    offsets.push(at);
    at += c.length;
  }
  writeFileSync(path, Buffer.concat(chunks));
  return { path, offsets, chunks };
}

/** A record whose Content-Length header says `delta` bytes more (or fewer) than its block has. */
export async function lyingRecord(r: FixtureRecord, index: number, delta: number, gzip: boolean): Promise<Buffer> {
  const plain = (await serializeRecord(r, index, false)).toString('latin1');
  const edited = plain.replace(
    /Content-Length: (\d+)\r\n/,
    (_m, n: string) => `Content-Length: ${Number(n) + delta}\r\n`,
  );
  const bytes = Buffer.from(edited, 'latin1');
  return gzip ? gzipSync(bytes) : bytes;
}

export function html(body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
}

export const HTML: [string, string][] = [['Content-Type', 'text/html; charset=utf-8']];
