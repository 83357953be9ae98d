import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, jsonl } from './helpers/cli';
import { tempDir } from './helpers/warcFixtures';

const TDM_HTML = '<html><head><meta name="tdm-reservation" content="1"></head><body><p>reserved</p></body></html>';
const CC_BY_NC =
  '<html><head><link rel="license" href="https://creativecommons.org/licenses/by-nc-nd/4.0/"></head><body><p>x</p></body></html>';

/** Dataset lines as written by someone else's tool: spacing, key order and number formats to keep. */
const LINES = [
  /* 1 */ '{"url": "https://a.example/1", "text": "An ordinary paragraph.", "score": 1.50}',
  /* 2 */ JSON.stringify({ url: 'https://b.example/2', html: TDM_HTML, id: 2 }),
  /* 3 */ '{"url":"https://c.example/3","text":"plain","big":12345678901234567890}',
  /* 4 */ '',
  /* 5 */ 'not json at all',
  /* 6 */ JSON.stringify({ url: 'https://d.example/6', html: '<p>hi</p>', headers: { 'X-Robots-Tag': 'noai' } }),
  /* 7 */ JSON.stringify({ url: 'https://e.example/7', id: 7 }),
  /* 8 */ JSON.stringify({ url: 'https://f.example/8', html: CC_BY_NC }),
  /* 9 */ JSON.stringify({ url: 'not a url', text: 'x' }),
  /* 10 */ '["an", "array"]',
  /* 11 */ JSON.stringify({ url: 'https://g.example/11', text: 'x', clearance: 'already here' }),
];

function dataset(lines = LINES): string {
  const dir = tempDir();
  const path = join(dir, 'data.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Dropped {
  clearance: {
    use: string;
    reason: string;
    permission?: string;
    evidence_ids?: string[];
    signals?: string[];
    error?: { code: string };
    line: number;
  };
  raw?: string;
  record?: unknown;
  url?: string;
}

async function filter(input: string, extra: string[] = []) {
  const dir = tempDir();
  const keep = join(dir, 'kept.jsonl');
  const drop = join(dir, 'dropped.jsonl');
  const r = await cli(['filter', input, '--keep', keep, '--drop', drop, '--quiet', '--workers', '1', ...extra]);
  return { ...r, keep, drop, dir };
}

describe('clearance filter', () => {
  test('kept lines are the input lines byte for byte; dropped lines are annotated; every line lands once', async () => {
    const r = await filter(dataset());
    expect(r.code).toBe(0);
    const kept = readFileSync(r.keep, 'utf8').split('\n').filter(Boolean);
    expect(kept).toEqual([LINES[0], LINES[2], LINES[10]]);
    const dropped = jsonl<Dropped>(r.drop);
    expect(dropped.map((d) => d.clearance.line)).toEqual([2, 5, 6, 7, 8, 9, 10]);
    const tdm = dropped[0]!;
    expect(tdm.clearance).toEqual(
      expect.objectContaining({ use: 'ai-train', permission: 'denied', signals: ['tdmrep-meta'], line: 2 }),
    );
    expect(tdm.clearance.evidence_ids).toHaveLength(1);
    expect(tdm.clearance.reason).toMatch(/tdmrep-meta/);
    // The rest of the dropped line is the original object, untouched.
    expect(
      readFileSync(r.drop, 'utf8')
        .split('\n')[0]!
        .endsWith(`${LINES[1]!.slice(1)}`),
    ).toBe(true);
    const errors = Object.fromEntries(
      dropped.filter((d) => d.clearance.error).map((d) => [d.clearance.line, d.clearance.error!.code]),
    );
    expect(errors).toEqual({ 5: 'bad_json', 7: 'no_content', 9: 'bad_url', 10: 'bad_line' });
    expect(dropped.find((d) => d.clearance.line === 5)!.raw).toBe('not json at all');
    const summary = JSON.parse(readFileSync(`${r.keep}.summary.json`, 'utf8'));
    expect(summary.lines).toEqual({ total: 10, blank: 1, kept: 3, dropped: 7 });
    expect(summary.errors.by_code).toEqual({ bad_json: 1, no_content: 1, bad_url: 1, bad_line: 1 });
  });

  test('a line with the annotation field already present is wrapped, the original kept whole', async () => {
    const line = JSON.stringify({ url: 'https://g.example/x', html: TDM_HTML, clearance: 'mine' });
    const r = await filter(dataset([line]));
    const [d] = jsonl<Dropped & { record: { clearance: string } }>(r.drop);
    expect(d!.clearance.permission).toBe('denied');
    expect(d!.record.clearance).toBe('mine');
  });

  test('--use redistribution keeps what ai-train drops and drops a non-redistributable licence', async () => {
    const r = await filter(dataset(LINES.slice(0, 3).concat(LINES[7]!)), ['--use', 'redistribution']);
    const kept = readFileSync(r.keep, 'utf8').split('\n').filter(Boolean);
    expect(kept).toContain(LINES[1]);
    const dropped = jsonl<Dropped>(r.drop);
    expect(dropped.map((d) => d.clearance.line)).toEqual([4]);
    expect(dropped[0]!.clearance.use).toBe('redistribution');
  });

  test('field names are configurable', async () => {
    const input = dataset([
      JSON.stringify({ link: 'https://x.example/1', body: TDM_HTML, hdrs: {} }),
      JSON.stringify({ link: 'https://x.example/2', content: 'plain text' }),
    ]);
    const r = await filter(input, [
      '--url-field',
      'link',
      '--html-field',
      'body',
      '--text-field',
      'content',
      '--headers-field',
      'hdrs',
      '--annotation-field',
      '_why',
    ]);
    const dropped = jsonl<{ _why: { permission: string }; link: string }>(r.drop);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!._why.permission).toBe('denied');
    expect(dropped[0]!.link).toBe('https://x.example/1');
    expect(readFileSync(r.keep, 'utf8')).toContain('https://x.example/2');
  });

  test('--sites DIR applies a site robots.txt to the lines of its host', async () => {
    const sites = tempDir();
    mkdirSync(join(sites, 'a.example'));
    writeFileSync(join(sites, 'a.example', 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    const r = await filter(dataset([LINES[0]!, LINES[2]!]), ['--sites', sites]);
    const dropped = jsonl<Dropped & { clearance: { site_files: Record<string, string> } }>(r.drop);
    expect(dropped.map((d) => d.url)).toEqual(['https://a.example/1']);
    expect(dropped[0]!.clearance.site_files['robots.txt']).toBe(`sites:${join(sites, 'a.example', 'robots.txt')}`);
  });

  test('same output with threads and without', async () => {
    const input = dataset();
    const a = await filter(input, ['--workers', '2']);
    const b = await filter(input, ['--workers', '0']);
    expect(readFileSync(a.keep)).toEqual(readFileSync(b.keep));
    expect(readFileSync(a.drop)).toEqual(readFileSync(b.drop));
  });

  test('a gzipped dataset (.jsonl.gz) gives the same kept and dropped lines', async () => {
    const plain = dataset();
    const gz = join(tempDir(), 'data.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = await filter(plain);
    const b = await filter(gz);
    expect(readFileSync(b.keep)).toEqual(readFileSync(a.keep));
    expect(readFileSync(b.drop)).toEqual(readFileSync(a.drop));
  });

  test('--strict exits 1 when a line could not be checked', async () => {
    expect((await filter(dataset(), ['--strict'])).code).toBe(1);
    expect((await filter(dataset([LINES[0]!]), ['--strict'])).code).toBe(0);
  });

  test('a line over --max-line-mb is dropped unread, with its position', async () => {
    const big = JSON.stringify({ url: 'https://big.example/', text: 'x'.repeat(1024 * 1024 + 10) });
    const r = await filter(dataset([LINES[0]!, big, LINES[2]!]), ['--max-line-mb', '1']);
    expect(readFileSync(r.keep, 'utf8').split('\n').filter(Boolean)).toEqual([LINES[0], LINES[2]]);
    const [d] = jsonl<{ clearance: { error: { code: string }; line: number; offset: number } }>(r.drop);
    expect(d!.clearance).toEqual(expect.objectContaining({ line: 2, offset: LINES[0]!.length + 1 }));
    expect(d!.clearance.error.code).toBe('line_too_long');
  });

  test.each([
    [['filter', '@DATA', '--drop', 'd.jsonl'], /--keep FILE is required/],
    [['filter', '@DATA', '--keep', 'k.jsonl'], /--drop FILE is required/],
    [['filter', '@DATA', '--keep', 'k.jsonl', '--drop', 'k.jsonl'], /must be different files/],
    [['filter', '@DATA', '--keep', 'k.jsonl', '--drop', 'd.jsonl', '--use', 'eating'], /--use must be one of/],
    [['filter', 'nope.jsonl', '--keep', 'k.jsonl', '--drop', 'd.jsonl'], /no such file/],
  ])('bad usage %j → exit 2', async (argv, message) => {
    const data = dataset();
    const r = await cli(argv.map((a) => (a === '@DATA' ? data : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
