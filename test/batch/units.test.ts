import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { headerBlockEnd, parseHeaderBlock, utf8FromLatin1 } from '../../src/batch/input/headerBlock';
import { dechunk, decodePayload, parseHttpResponse } from '../../src/batch/input/httpMessage';
import type { JsonlItem } from '../../src/batch/input/jsonlReader';
import { JsonlReader } from '../../src/batch/input/jsonlReader';
import type { WarcRecord } from '../../src/batch/input/warcReader';
import { OutputFile } from '../../src/batch/output/outputFile';
import { Reorder } from '../../src/batch/output/reorder';
import { identify, type RunState, resumeMismatch } from '../../src/batch/output/runState';
import { classifyRecord } from '../../src/batch/scan/recordKind';
import type { SiteFileRecord } from '../../src/batch/sites/siteFiles';
import { SiteRegistry } from '../../src/batch/sites/siteRegistry';
import { SitesDir } from '../../src/batch/sites/sitesDir';
import { annotate } from '../../src/batch/work/filterLine';
import { looksLikeHtml } from '../../src/batch/work/sniff';
import { tempDir } from './helpers/warcFixtures';

describe('header blocks and HTTP messages', () => {
  test('repeated fields stay separate and in order; folded lines continue; Latin-1 bytes', () => {
    const raw = Buffer.from(
      'HTTP/1.1 200 OK\r\nX-Robots-Tag: noai\r\nContent-Type: text/html\r\nX-Robots-Tag: noimageai\r\nLink: <a>;\r\n  rel="license"\r\nbad line\r\nX-Caf\xe9: ok\r\n\r\nBODY',
      'latin1',
    );
    const end = headerBlockEnd(raw, 0, raw.length);
    const h = parseHeaderBlock(raw, 0, end);
    expect(h.firstLine).toBe('HTTP/1.1 200 OK');
    expect(h.fields).toEqual([
      ['X-Robots-Tag', 'noai'],
      ['Content-Type', 'text/html'],
      ['X-Robots-Tag', 'noimageai'],
      ['Link', '<a>; rel="license"'],
      ['X-Café', 'ok'],
    ]);
    expect(raw.subarray(end).toString()).toBe('BODY');
  });

  test('bare LF line ends are accepted', () => {
    const raw = Buffer.from('HTTP/1.0 404 Not Found\nA: 1\n\nx');
    const r = parseHttpResponse(raw);
    expect(r).toEqual(expect.objectContaining({ status: 404, headers: [['A', '1']] }));
  });

  test('a status line that is not HTTP is an error', () => {
    expect(parseHttpResponse(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual({
      error: expect.stringMatching(/not an HTTP status line/),
    });
  });

  test('UTF-8 written raw into a header is read back', () => {
    expect(utf8FromLatin1(Buffer.from('https://ex.com/straße', 'utf8').toString('latin1'))).toBe(
      'https://ex.com/straße',
    );
    expect(utf8FromLatin1('caf\xe9')).toBe('caf\xe9');
  });

  test('chunked transfer coding is undone; non-chunked bytes are left alone', () => {
    expect(dechunk(Buffer.from('5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n'))!.toString()).toBe('hello world');
    expect(dechunk(Buffer.from('<html>not chunked</html>'))).toBeNull();
  });

  test('Content-Encoding gzip / deflate (zlib or raw) / br; claimed but already decoded; unknown', () => {
    const page = Buffer.from('<html><body>hello</body></html>');
    const ok = (headers: [string, string][], body: Buffer) => decodePayload(headers, body, 1 << 20);
    expect(ok([['Content-Encoding', 'gzip']], gzipSync(page))).toEqual({ body: page, notes: [] });
    expect(ok([['Content-Encoding', 'deflate']], deflateRawSync(page))).toEqual({ body: page, notes: [] });
    expect(ok([['Content-Encoding', 'gzip']], page)).toEqual({
      body: page,
      notes: ['content_encoding_already_decoded:gzip'],
    });
    expect(ok([['Content-Encoding', 'zstd']], Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 1, 2]))).toEqual({
      code: 'bad_content_encoding',
      error: 'unsupported Content-Encoding "zstd"',
    });
    expect(decodePayload([['Content-Encoding', 'gzip']], gzipSync(Buffer.alloc(5000, 'a')), 100)).toEqual(
      expect.objectContaining({ code: 'too_large' }),
    );
  });

  test.each([
    ['<!DOCTYPE html><html>', true],
    ['\ufeff  <html lang="en">', true],
    ['<!-- comment --><div>', true],
    ['<p>para', true],
    ['<?xml version="1.0"?><rss>', false],
    ['{"json": true}', false],
    ['<pre>x', false],
    ['plain text', false],
  ])('looksLikeHtml(%j) = %s', (text, expected) => {
    expect(looksLikeHtml(Buffer.from(text))).toBe(expected);
  });
});

function record(type: string, url: string, block: string, extra: [string, string][] = []): WarcRecord {
  return {
    kind: 'record',
    file: 'f.warc',
    fileIndex: 0,
    offset: 0,
    indexInMember: 0,
    version: 'WARC/1.1',
    warcHeaders: [['WARC-Type', type], ['WARC-Target-URI', url], ...extra],
    block: Buffer.from(block),
    resumeAt: 0,
  };
}

describe('classifyRecord', () => {
  const http = (status: number, type: string) => `HTTP/1.1 ${status} X\r\nContent-Type: ${type}\r\n\r\nbody`;
  test.each([
    ['response', 'https://a.example/robots.txt', http(200, 'text/plain'), 'site:robotsTxt'],
    ['response', 'https://a.example/robots.txt', http(503, 'text/html'), 'site:robotsTxt'],
    ['response', 'https://a.example/.well-known/tdmrep.json', http(200, 'application/json'), 'site:tdmrepJson'],
    ['response', 'https://a.example/ai.txt', http(200, 'text/plain'), 'site:aiTxt'],
    ['response', 'https://lic.example/terms.xml', http(200, 'application/rsl+xml'), 'site:rsl'],
    ['response', 'https://a.example/', http(200, 'text/html; charset=utf-8'), 'page'],
    ['response', 'https://a.example/x', http(200, 'application/xhtml+xml'), 'page'],
    ['response', 'https://a.example/x', http(200, 'application/octet-stream'), 'page (sniff)'],
    ['response', 'https://a.example/x', http(200, 'image/png'), 'skip:not_html'],
    ['response', 'https://a.example/x', http(301, 'text/html'), 'skip:status_not_2xx'],
    ['response', 'dns:a.example', 'x', 'skip:not_http'],
    ['request', 'https://a.example/', 'GET / HTTP/1.1\r\n\r\n', 'skip:request'],
    ['response', 'https://a.example/', 'garbage without headers', 'bad:bad_http'],
    ['resource', 'https://a.example/r', '<html></html>', [['Content-Type', 'text/html']], 'page'],
    ['resource', 'https://a.example/r.png', 'x', [['Content-Type', 'image/png']], 'skip:not_html'],
    ['response', '<https://wget.example/page>', http(200, 'text/html'), 'page'],
  ])('%s %s', (type, url, body, ...rest) => {
    const expected = rest.pop() as string;
    const extra = (rest[0] ?? []) as [string, string][];
    const c = classifyRecord(record(type as string, url as string, body as string, extra));
    const label =
      c.kind === 'site'
        ? `site:${c.file}`
        : c.kind === 'skip'
          ? `skip:${c.reason}`
          : c.kind === 'bad'
            ? `bad:${c.code}`
            : c.sniff
              ? 'page (sniff)'
              : 'page';
    expect(label).toBe(expected);
  });
});

function siteFile(
  origin: string,
  date: string,
  id: string,
  kind: SiteFileRecord['kind'] = 'robotsTxt',
): SiteFileRecord {
  return { kind, url: `${origin}/robots.txt`, origin, body: Buffer.from(`# ${id}`), status: 200, date, source: id, id };
}

describe('SiteRegistry', () => {
  test('in-order: the latest copy applies from where it appears; a first copy after pages is late', () => {
    const reg = new SiteRegistry('in-order', null);
    expect(reg.select('https://a.example', '2026-01-01T00:00:00Z')).toBeNull();
    const late = reg.add(siteFile('https://a.example', '2026-01-02T00:00:00Z', 'r1'));
    expect(late).toEqual({ origin: 'https://a.example', source: 'r1', pagesBefore: 1 });
    expect(reg.select('https://a.example', '2026-01-03T00:00:00Z')!.selection.robotsTxt!.id).toBe('r1');
    // A re-fetch replaces it, and is not "late".
    expect(reg.add(siteFile('https://a.example', '2026-01-04T00:00:00Z', 'r2'))).toBeNull();
    const s = reg.select('https://a.example', '2026-01-01T00:00:00Z')!;
    expect(s.selection.robotsTxt!.id).toBe('r2');
    expect(s.key).toContain('r2');
  });

  test('prescan: the copy in force at the page date, else the earliest after it', () => {
    const reg = new SiteRegistry('prescan', null);
    reg.add(siteFile('https://a.example', '2026-02-01T00:00:00Z', 'feb'));
    reg.add(siteFile('https://a.example', '2026-01-01T00:00:00Z', 'jan'));
    reg.add(siteFile('https://a.example', '2026-03-01T00:00:00Z', 'mar'));
    const at = (d: string) => reg.select('https://a.example', d)!.selection.robotsTxt!.id;
    expect(at('2025-12-01T00:00:00Z')).toBe('jan');
    expect(at('2026-01-15T00:00:00Z')).toBe('jan');
    expect(at('2026-02-01T00:00:00Z')).toBe('feb');
    expect(at('2026-06-01T00:00:00Z')).toBe('mar');
    expect(reg.select('https://other.example', '2026-06-01T00:00:00Z')).toBeNull();
  });

  test('--sites DIR (mirror layout) fills in kinds the archive lacks, for http and https', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a.example', '.well-known'), { recursive: true });
    mkdirSync(join(dir, 'a.example', 'licenses'), { recursive: true });
    writeFileSync(join(dir, 'a.example', 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    writeFileSync(join(dir, 'a.example', '.well-known', 'tdmrep.json'), '[]');
    writeFileSync(join(dir, 'a.example', 'ai.txt'), 'User-Agent: *\nDisallow: /\n');
    writeFileSync(join(dir, 'a.example', 'licenses', 'rsl.xml'), '<rsl/>');
    const reg = new SiteRegistry('in-order', new SitesDir(dir));
    reg.add(siteFile('https://a.example', '2026-01-01T00:00:00Z', 'archived'));
    const s = reg.select('https://a.example', null)!.selection;
    expect(s.robotsTxt!.id).toBe('archived');
    expect(s.tdmrepJson!.source).toBe(`sites:${join(dir, 'a.example', '.well-known', 'tdmrep.json')}`);
    expect(s.aiTxt).toBeDefined();
    expect(s.rsl.map((r) => r.url)).toEqual(['https://a.example/licenses/rsl.xml']);
    expect(reg.select('http://a.example', null)!.selection.robotsTxt!.source).toMatch(/^sites:/);
    expect(reg.select('https://b.example', null)).toBeNull();
  });
});

describe('outputs and the run journal', () => {
  test('OutputFile.reopen cuts an output back to its committed length', () => {
    const path = join(tempDir(), 'out.jsonl');
    const f = OutputFile.create(path);
    f.append('line 1\n');
    const committed = f.sync();
    f.append('line 2 (not committed, half written');
    f.close();
    const again = OutputFile.reopen(path, committed);
    again.append('line 2\n');
    again.close();
    expect(readFileSync(path, 'utf8')).toBe('line 1\nline 2\n');
    expect(() => OutputFile.reopen(path, 1000)).toThrow(/fewer than the 1000 committed/);
  });

  test('resumeMismatch names the option or input that changed', () => {
    const dir = tempDir();
    const input = join(dir, 'in.warc');
    writeFileSync(input, 'x');
    const inputs = identify([input]);
    const state = {
      command: 'scan-warc',
      fingerprint: 'a',
      options: { profile: 'conservative' },
      inputs,
    } as unknown as RunState<unknown>;
    expect(resumeMismatch(state, 'scan-warc', 'a', { profile: 'conservative' }, inputs)).toBeNull();
    expect(resumeMismatch(state, 'filter', 'a', {}, inputs)).toMatch(/"scan-warc" run/);
    expect(resumeMismatch(state, 'scan-warc', 'b', { profile: 'eu-statutory' }, inputs)).toBe(
      'the options differ from the interrupted run (profile: "conservative" → "eu-statutory")',
    );
    writeFileSync(input, 'xy');
    expect(resumeMismatch(state, 'scan-warc', 'a', { profile: 'conservative' }, identify([input]))).toMatch(
      /changed since/,
    );
  });

  test('Reorder emits in sequence whatever the completion order', () => {
    const seen: number[] = [];
    const r = new Reorder<number>((x) => seen.push(x));
    const order = [3, 0, 2, 5, 1, 4, 7, 6];
    for (const s of order) r.put(s, s * 10);
    expect(seen).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(() => r.put(2, 0)).toThrow(/twice/);
  });

  test('annotate inserts the field as text and keeps the rest of the line exactly', () => {
    const raw = '{"url": "https://x", "n": 1.50, "big": 12345678901234567890}';
    expect(annotate(raw, JSON.parse(raw), 'clearance', { reason: 'r' })).toBe(
      '{"clearance":{"reason":"r"},"url": "https://x", "n": 1.50, "big": 12345678901234567890}\n',
    );
    expect(annotate('{}', {}, 'c', 1)).toBe('{"c":1}\n');
    expect(annotate('{"c":0}', { c: 0 }, 'c', 1)).toBe('{"c":1,"record":{"c":0}}\n');
  });
});

describe('JsonlReader', () => {
  test('lines with offsets and numbers; blank lines; CRLF; last line without newline; resume', async () => {
    const path = join(tempDir(), 'd.jsonl');
    writeFileSync(path, '{"a":1}\r\n\n  \n{"b":2}\n{"c":3}');
    const items = [];
    for await (const i of new JsonlReader(path, 0, 1024).items()) items.push(i);
    expect(items.map((i) => [i.kind, i.line, i.offset, i.kind === 'line' ? i.bytes.toString() : ''])).toEqual([
      ['line', 1, 0, '{"a":1}\r'],
      ['blank', 2, 9, ''],
      ['blank', 3, 10, ''],
      ['line', 4, 13, '{"b":2}'],
      ['line', 5, 21, '{"c":3}'],
    ]);
    const resumed = [];
    for await (const i of new JsonlReader(path, 0, 1024, 21, 5).items()) resumed.push(i);
    expect(resumed).toEqual([expect.objectContaining({ line: 5, offset: 21, resumeAt: 28 })]);
  });

  async function readJsonl(path: string, max = 1024, start = 0, line = 1): Promise<JsonlItem[]> {
    const out: JsonlItem[] = [];
    for await (const i of new JsonlReader(path, 0, max, start, line).items()) out.push(i);
    return out;
  }
  const shape = (items: JsonlItem[]) =>
    items.map((i) => [
      i.kind,
      i.line,
      i.offset,
      i.kind === 'line' ? i.bytes.toString() : i.kind === 'problem' ? i.code : '',
    ]);

  test('a .jsonl.gz reads like the plain file (offsets in uncompressed bytes), resumes, bounds line length', async () => {
    const text = `{"a":1}\n\n{"b":"${'x'.repeat(3000)}"}\n{"c":3}\n{"d":4}`;
    const dir = tempDir();
    const plain = join(dir, 'd.jsonl');
    const gz = join(dir, 'd.jsonl.gz');
    writeFileSync(plain, text);
    // Two gzip members, as concatenated .gz files are.
    writeFileSync(gz, Buffer.concat([gzipSync(text.slice(0, 1500)), gzipSync(text.slice(1500))]));
    expect(shape(await readJsonl(gz, 100_000))).toEqual(shape(await readJsonl(plain, 100_000)));
    const limited = shape(await readJsonl(gz, 1000));
    expect(limited[2]).toEqual(['problem', 3, 9, 'line_too_long']);
    expect(limited.slice(3)).toEqual(shape(await readJsonl(plain, 1000)).slice(3));
    const c = text.indexOf('{"c"');
    expect(shape(await readJsonl(gz, 100_000, c, 4))).toEqual([
      ['line', 4, c, '{"c":3}'],
      ['line', 5, c + 8, '{"d":4}'],
    ]);
  });

  test('a truncated .jsonl.gz: the lines before the damage, then a read_error', async () => {
    const path = join(tempDir(), 't.jsonl.gz');
    const body = Array.from({ length: 200 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(50 + (i % 7)) })).join('\n');
    const gz = gzipSync(body);
    writeFileSync(path, gz.subarray(0, gz.length - 200));
    const items = await readJsonl(path, 100_000);
    const last = items[items.length - 1]!;
    expect(last).toEqual(expect.objectContaining({ kind: 'problem', code: 'read_error' }));
    expect(items.filter((i) => i.kind === 'line').length).toBeGreaterThan(100);
  });
});
