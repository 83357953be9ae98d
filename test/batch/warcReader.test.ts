import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { field } from '../../src/batch/input/headerBlock';
import { type WarcItem, type WarcProblem, WarcReader, type WarcRecord } from '../../src/batch/input/warcReader';
import {
  type FixtureRecord,
  HTML,
  html,
  lyingRecord,
  serializeRecord,
  tempDir,
  writeWarc,
} from './helpers/warcFixtures';

const MB = 1024 * 1024;

async function readAll(path: string, maxRecordBytes = 32 * MB, startOffset = 0): Promise<WarcItem[]> {
  const out: WarcItem[] = [];
  for await (const item of new WarcReader(path, 0, { maxRecordBytes, startOffset }).items()) out.push(item);
  return out;
}

const records = (items: WarcItem[]) => items.filter((i): i is WarcRecord => i.kind === 'record');
const problems = (items: WarcItem[]) => items.filter((i): i is WarcProblem => i.kind === 'problem');
const urls = (items: WarcItem[]) => records(items).map((r) => field(r.warcHeaders, 'WARC-Target-URI'));

function pages(n: number, from = 0): FixtureRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `https://site.example/p${from + i}`,
    headers: HTML,
    body: html(`<p>page ${from + i}</p>`),
  }));
}

describe('WarcReader: well-formed archives written by warcio', () => {
  test.each([true, false])('gzip=%s: every record, in order, with its offset and exact block', async (gzip) => {
    const w = await writeWarc([{ type: 'warcinfo', url: '' }, ...pages(5)], { gzip });
    const items = await readAll(w.path);
    expect(problems(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(6);
    expect(recs.map((r) => r.offset)).toEqual(w.offsets);
    expect(recs.map((r) => field(r.warcHeaders, 'WARC-Type'))).toEqual([
      'warcinfo',
      'response',
      'response',
      'response',
      'response',
      'response',
    ]);
    // The block is exactly Content-Length bytes: the HTTP message, ending with the page.
    const block = recs[1]!.block.toString('utf8');
    expect(block.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(block.endsWith('<p>page 0</p></body></html>')).toBe(true);
    expect(recs[1]!.block.length).toBe(Number(field(recs[1]!.warcHeaders, 'Content-Length')));
    // Every record ends its unit: reading can resume after any of them.
    expect(recs.map((r) => r.resumeAt)).toEqual([...w.offsets.slice(1), readFileSync(w.path).length]);
  });

  test('resumes at a recorded offset', async () => {
    const w = await writeWarc(pages(4));
    const items = await readAll(w.path, 32 * MB, w.offsets[2]!);
    expect(urls(items)).toEqual(['https://site.example/p2', 'https://site.example/p3']);
  });

  test('several records in one gzip member are all read (member offset + index)', async () => {
    const plain = await Promise.all(pages(3).map((r, i) => serializeRecord(r, i, false)));
    const dir = tempDir();
    const path = join(dir, 'multi.warc.gz');
    const single = await serializeRecord(pages(1, 9)[0]!, 9, true);
    writeFileSync(path, Buffer.concat([gzipSync(Buffer.concat(plain)), single]));
    const recs = records(await readAll(path));
    expect(recs.map((r) => [r.offset, r.indexInMember])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [gzipSync(Buffer.concat(plain)).length, 0],
    ]);
    // Only the last record of the member is a resume point.
    expect(recs.map((r) => r.resumeAt === null)).toEqual([true, true, false, false]);
  });

  test('an empty file has no records and no problems', async () => {
    const path = join(tempDir(), 'empty.warc.gz');
    writeFileSync(path, '');
    expect(await readAll(path)).toEqual([]);
  });
});

describe('WarcReader: damaged input is reported with file, offset and reason, and reading goes on', () => {
  test('a truncated .warc.gz: the records before the cut, then `truncated` at the member that was cut', async () => {
    const w = await writeWarc(pages(4));
    const bytes = readFileSync(w.path);
    const cut = w.offsets[3]! + Math.floor(w.chunks[3]!.length / 2);
    const path = join(tempDir(), 'cut.warc.gz');
    writeFileSync(path, bytes.subarray(0, cut));
    const items = await readAll(path);
    expect(urls(items)).toEqual(['https://site.example/p0', 'https://site.example/p1', 'https://site.example/p2']);
    expect(problems(items)).toEqual([expect.objectContaining({ code: 'truncated', offset: w.offsets[3], file: path })]);
  });

  test('a truncated uncompressed .warc', async () => {
    const w = await writeWarc(pages(3), { gzip: false });
    const bytes = readFileSync(w.path);
    const path = join(tempDir(), 'cut.warc');
    writeFileSync(path, bytes.subarray(0, bytes.length - 30));
    const items = await readAll(path);
    expect(urls(items)).toHaveLength(2);
    expect(problems(items)).toEqual([expect.objectContaining({ code: 'truncated', offset: w.offsets[2] })]);
  });

  test.each([
    ['a JSONL file', '{"url":"https://a.example","text":"x"}\n'],
    ['an HTML page', '<!DOCTYPE html><html><body>hello</body></html>'],
    ['binary noise', Buffer.from([0x00, 0x01, 0xfe, 0x7f, 0x10, 0x20, 0x30])],
  ])('%s is "not_warc" at offset 0', async (_name, content) => {
    const path = join(tempDir(), 'input.warc');
    writeFileSync(path, content);
    const items = await readAll(path);
    expect(items).toEqual([expect.objectContaining({ kind: 'problem', code: 'not_warc', offset: 0 })]);
  });

  test('a gzip file that does not hold WARC records', async () => {
    const path = join(tempDir(), 'notwarc.warc.gz');
    writeFileSync(path, gzipSync(Buffer.from('hello, this is just text\n')));
    const items = await readAll(path);
    expect(records(items)).toEqual([]);
    expect(problems(items)[0]).toEqual(expect.objectContaining({ code: 'not_warc_record', offset: 0 }));
  });

  test.each([
    [true, -10],
    [true, 25],
    [false, -10],
    [false, 25],
  ])(
    'gzip=%s, Content-Length off by %d: that record is `bad_content_length`, the next ones are read',
    async (gzip, delta) => {
      const good = pages(3);
      const chunks = [
        await serializeRecord(good[0]!, 0, gzip),
        await lyingRecord(
          { url: 'https://site.example/liar', headers: HTML, body: html('<p>liar</p>') },
          1,
          delta,
          gzip,
        ),
        await serializeRecord(good[1]!, 2, gzip),
        await serializeRecord(good[2]!, 3, gzip),
      ];
      const path = join(tempDir(), `liar.warc${gzip ? '.gz' : ''}`);
      writeFileSync(path, Buffer.concat(chunks));
      const items = await readAll(path);
      expect(urls(items)).toEqual(['https://site.example/p0', 'https://site.example/p1', 'https://site.example/p2']);
      const p = problems(items);
      expect(p).toHaveLength(1);
      expect(p[0]).toEqual(
        expect.objectContaining({
          code: 'bad_content_length',
          offset: chunks[0]!.length,
          url: 'https://site.example/liar',
          recordId: expect.stringMatching(/^<urn:uuid:/),
        }),
      );
    },
  );

  test('a damaged gzip member (bytes overwritten): `corrupt_gzip`, then the next member', async () => {
    const w = await writeWarc(pages(4));
    const bytes = Buffer.from(readFileSync(w.path));
    const mid = w.offsets[1]! + 30;
    for (let i = 0; i < 40; i++) bytes[mid + i] = 0xff;
    const path = join(tempDir(), 'corrupt.warc.gz');
    writeFileSync(path, bytes);
    const items = await readAll(path);
    expect(urls(items)).toEqual(['https://site.example/p0', 'https://site.example/p2', 'https://site.example/p3']);
    expect(problems(items)).toEqual([
      expect.objectContaining({ code: 'corrupt_gzip', offset: w.offsets[1], skippedBytes: w.chunks[1]!.length }),
    ]);
  });

  test('garbage between records of an uncompressed file: reported, then the next "WARC/" record', async () => {
    const chunks = [
      await serializeRecord(pages(1)[0]!, 0, false),
      Buffer.from('this line is not a record\r\n'),
      await serializeRecord(pages(1, 1)[0]!, 1, false),
    ];
    const path = join(tempDir(), 'garbage.warc');
    writeFileSync(path, Buffer.concat(chunks));
    const items = await readAll(path);
    expect(urls(items)).toEqual(['https://site.example/p0', 'https://site.example/p1']);
    expect(problems(items)).toEqual([
      expect.objectContaining({ code: 'not_warc_record', offset: chunks[0]!.length, skippedBytes: chunks[1]!.length }),
    ]);
  });

  test.each([true, false])(
    'gzip=%s: a 50 MB record over the limit is skipped unread (`record_too_large`, with its URL)',
    async (gzip) => {
      const big = Buffer.alloc(50 * MB, 'a');
      const chunks = [
        await serializeRecord(pages(1)[0]!, 0, gzip),
        await serializeRecord({ url: 'https://site.example/huge', headers: HTML, body: big }, 1, gzip),
        await serializeRecord(pages(1, 1)[0]!, 2, gzip),
      ];
      const path = join(tempDir(), `big.warc${gzip ? '.gz' : ''}`);
      writeFileSync(path, Buffer.concat(chunks));
      const items = await readAll(path, 32 * MB);
      expect(urls(items)).toEqual(['https://site.example/p0', 'https://site.example/p1']);
      expect(problems(items)).toEqual([
        expect.objectContaining({
          code: 'record_too_large',
          offset: chunks[0]!.length,
          url: 'https://site.example/huge',
          resumeAt: chunks[0]!.length + chunks[1]!.length,
        }),
      ]);
    },
    30000,
  );

  test('the limit is configurable: a 2 MB record with --max-record-mb 1', async () => {
    const chunks = [
      await serializeRecord(
        { url: 'https://site.example/two', headers: HTML, body: Buffer.alloc(2 * MB, 'b') },
        0,
        true,
      ),
      await serializeRecord(pages(1)[0]!, 1, true),
    ];
    const path = join(tempDir(), 'two.warc.gz');
    writeFileSync(path, Buffer.concat(chunks));
    const items = await readAll(path, 1 * MB);
    expect(urls(items)).toEqual(['https://site.example/p0']);
    expect(problems(items)[0]).toEqual(expect.objectContaining({ code: 'record_too_large', offset: 0 }));
  });

  test('a large archive gzipped as a whole (one member) is named as such, not as one huge record', async () => {
    // 6 × 400 KB inflates past the 1 MB limit plus the header allowance (1 MB).
    const big = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        serializeRecord(
          { url: `https://site.example/w${i}`, headers: HTML, body: Buffer.alloc(400 * 1024, 'w') },
          i,
          false,
        ),
      ),
    );
    const path = join(tempDir(), 'whole.warc.gz');
    writeFileSync(path, gzipSync(Buffer.concat(big)));
    const items = await readAll(path, 1 * MB);
    expect(items).toEqual([
      expect.objectContaining({
        code: 'record_too_large',
        offset: 0,
        message: expect.stringMatching(/gzipped as a whole/),
      }),
    ]);
  });

  test('a file that cannot be read is `read_error`', async () => {
    const items = await readAll(join(tempDir(), 'missing.warc.gz'));
    expect(items).toEqual([expect.objectContaining({ code: 'read_error', offset: 0 })]);
  });
});
