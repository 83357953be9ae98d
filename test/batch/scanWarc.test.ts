import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXCLUSION_COLUMNS, type ExclusionRecord, exclusionCsvHeader } from '../../src/export/exclusion';
import { cli, jsonl, readOut } from './helpers/cli';
import {
  type FixtureRecord,
  HTML,
  html,
  lyingRecord,
  serializeRecord,
  tempDir,
  type WrittenWarc,
  writeWarc,
} from './helpers/warcFixtures';

interface VerdictLine {
  record_id: string;
  url: string;
  file: string;
  offset: number;
  uses: Record<string, string>;
  exclude: { training: boolean; redistribution: boolean };
  signals: string[];
  evidence_ids: string[];
  site_files?: Record<string, string>;
  language: string | null;
  notes?: string[];
  error?: { code: string; message: string };
}

const CLOSED_ROBOTS = 'User-agent: *\nDisallow: /\n';
const TXT: [string, string][] = [['Content-Type', 'text/plain']];

function chunked(data: Buffer): Buffer {
  const half = Math.floor(data.length / 2);
  const parts = [data.subarray(0, half), data.subarray(half)];
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from('0\r\n\r\n'),
  ]);
}

/** A crawl in crawl order, one record of each kind scan-warc must tell apart. Index = record position. */
const CRAWL: FixtureRecord[] = [
  /* 0 */ { type: 'warcinfo', url: '' },
  /* 1 */ { type: 'request', url: 'https://closed.example/robots.txt' },
  /* 2 */ { url: 'https://closed.example/robots.txt', headers: TXT, body: CLOSED_ROBOTS },
  /* 3 */ { url: 'https://closed.example/a.html', headers: HTML, body: html('<p>closed site page</p>') },
  /* 4 */ { url: 'https://open.example/robots.txt', status: 404, headers: HTML, body: '<h1>not found</h1>' },
  /* 5 */ {
    url: 'https://open.example/tdm.html',
    headers: HTML,
    body: html('<p>reserved</p>', '<meta name="tdm-reservation" content="1">'),
  },
  /* 6 */ { url: 'https://open.example/plain.html', headers: HTML, body: html('<p>nothing special here</p>') },
  /* 7 */ {
    url: 'https://open.example/logo.png',
    headers: [['Content-Type', 'image/png']],
    body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]),
  },
  /* 8 */ { type: 'metadata', url: 'https://open.example/plain.html', body: 'fetchTimeMs: 12\r\n' },
  /* 9 */ { url: 'https://open.example/sniffed', headers: TXT, body: html('<p>typed as text, is HTML</p>') },
  /* 10 */ { url: 'https://open.example/readme.txt', headers: TXT, body: 'Just a text file.\n' },
  /* 11 */ {
    url: 'https://open.example/enc.html',
    headers: [
      ['Content-Type', 'text/html'],
      ['Content-Encoding', 'gzip'],
      ['Transfer-Encoding', 'chunked'],
    ],
    body: chunked(gzipSync(Buffer.from(html('<p>encoded</p>', '<meta name="robots" content="noai">')))),
  },
  /* 12 */ { url: 'https://open.example/gone.html', status: 404, headers: HTML, body: html('<p>gone</p>') },
  /* 13 */ { url: 'https://late.example/early.html', headers: HTML, body: html('<p>before robots.txt</p>') },
  /* 14 */ { url: 'https://late.example/robots.txt', headers: TXT, body: CLOSED_ROBOTS },
  /* 15 */ { url: 'https://late.example/after.html', headers: HTML, body: html('<p>after robots.txt</p>') },
  /* 16 */ {
    type: 'revisit',
    url: 'https://open.example/plain.html',
    warcHeaders: { 'WARC-Refers-To': '<urn:uuid:x>' },
  },
  /* 17 */ {
    url: 'https://open.example/de.html',
    headers: [['Content-Type', 'text/html; charset=iso-8859-1']],
    body: Buffer.from(
      '<html lang="de"><head><title>Straße</title></head><body><p>Grüße aus München</p></body></html>',
      'latin1',
    ),
  },
  /* 18 */ {
    type: 'resource',
    url: 'https://res.example/page.html',
    warcHeaders: { 'Content-Type': 'text/html' },
    body: html('<p>a resource record</p>', '<meta name="robots" content="noai">'),
  },
];

const PAGE_RECORDS = [3, 5, 6, 9, 11, 13, 15, 17, 18];

let crawl: WrittenWarc;

beforeAll(async () => {
  crawl = await writeWarc(CRAWL, { name: 'crawl.warc.gz' });
});

async function scan(
  extra: string[] = [],
  files = [crawl.path],
): Promise<{ out: string; code: number; stderr: string }> {
  const out = join(tempDir(), 'out');
  const r = await cli(['scan-warc', ...files, '--out', out, '--quiet', ...extra]);
  return { out, code: r.code, stderr: r.stderr };
}

describe('scan-warc on a crawl with robots.txt, non-HTML and encoded records', () => {
  let out: string;
  let lines: VerdictLine[];
  const byUrl = (url: string) => lines.find((l) => l.url === url)!;

  beforeAll(async () => {
    const r = await scan(['--workers', '2']);
    expect(r.code).toBe(0);
    out = r.out;
    lines = jsonl<VerdictLine>(join(out, 'verdicts.jsonl'));
  });

  test('one verdict line per HTML response, in input order, with record id, file and offset', () => {
    expect(lines.map((l) => l.offset)).toEqual(PAGE_RECORDS.map((i) => crawl.offsets[i]));
    expect(lines.map((l) => l.url)).toEqual(PAGE_RECORDS.map((i) => CRAWL[i]!.url));
    expect(lines[0]!.record_id).toMatch(/^<urn:uuid:/);
    expect(lines.every((l) => l.file === crawl.path)).toBe(true);
  });

  test('robots.txt in the archive applies to later pages of its origin, with its provenance', () => {
    const closed = byUrl('https://closed.example/a.html');
    expect(closed.signals).toContain('robots-txt');
    expect(closed.uses.tdm).toBe('denied');
    expect(closed.exclude.training).toBe(true);
    expect(closed.site_files).toEqual({ 'robots.txt': `${crawl.path}@${crawl.offsets[2]}` });
    // A 404 robots.txt means no restriction (RFC 9309).
    const plain = byUrl('https://open.example/plain.html');
    expect(plain.exclude).toEqual({ training: false, redistribution: false });
    expect(plain.uses.tdm).not.toBe('denied');
  });

  test('in-order mode: a page before its robots.txt is checked without it; the page after gets it', () => {
    expect(byUrl('https://late.example/early.html').site_files).toBeUndefined();
    expect(byUrl('https://late.example/early.html').exclude.training).toBe(false);
    expect(byUrl('https://late.example/after.html').exclude.training).toBe(true);
    const summary = JSON.parse(readOut(out, 'summary.json'));
    expect(summary.late_site_files).toBe(1);
  });

  test('page-level signals, sniffed HTML, decoded payloads, legacy charsets and resource records', () => {
    const tdm = byUrl('https://open.example/tdm.html');
    expect(tdm.signals).toContain('tdmrep-meta');
    expect(tdm.uses.tdm).toBe('denied');
    expect(byUrl('https://open.example/sniffed').evidence_ids).toBeDefined();
    const enc = byUrl('https://open.example/enc.html');
    expect(enc.signals).toContain('robots-meta');
    expect(enc.uses['ai-train']).toBe('denied');
    expect(byUrl('https://open.example/de.html').language).toBe('de');
    expect(byUrl('https://res.example/page.html').uses['ai-train']).toBe('denied');
  });

  test('exclusions.jsonl and .csv list exactly the excluded pages, in the shared export format', () => {
    const excluded = lines.filter((l) => l.exclude.training || l.exclude.redistribution).map((l) => l.url);
    expect(excluded.length).toBeGreaterThanOrEqual(5);
    const recs = jsonl<ExclusionRecord>(join(out, 'exclusions.jsonl'));
    expect(recs.map((r) => r.url)).toEqual(excluded);
    const closed = recs.find((r) => r.url === 'https://closed.example/a.html')!;
    expect(closed.domain).toBe('closed.example');
    expect(closed.exclude_training).toBe(true);
    expect(closed.source).toBe(`${crawl.path}@${crawl.offsets[3]}`);
    expect(closed.evidence_ids.length).toBeGreaterThan(0);
    expect(Object.keys(closed).sort()).toEqual([...EXCLUSION_COLUMNS].sort());
    const csv = readOut(out, 'exclusions.csv');
    expect(csv.startsWith(exclusionCsvHeader())).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(excluded.length + 1);
  });

  test('summary.json counts records, skips, site files, outcomes, signals, languages, domains, timings', () => {
    const s = JSON.parse(readOut(out, 'summary.json'));
    expect(s.complete).toBe(true);
    expect(s.records.total).toBe(CRAWL.length);
    expect(s.records.by_type).toEqual({ warcinfo: 1, request: 1, response: 14, metadata: 1, revisit: 1, resource: 1 });
    expect(s.skipped).toEqual({
      warcinfo: 1,
      request: 1,
      metadata: 1,
      revisit: 1,
      not_html: 2,
      status_not_2xx: 1,
    });
    expect(s.site_files).toEqual({ robotsTxt: 3 });
    expect(s.pages.checked).toBe(PAGE_RECORDS.length);
    expect(s.pages.exclude_training).toBe(lines.filter((l) => l.exclude.training).length);
    expect(s.pages.signals['tdmrep-meta']).toBe(1);
    expect(s.pages.languages.de).toBe(1);
    expect(s.pages.top_domains[0]).toEqual({ domain: 'open.example', pages: 5, excluded: expect.any(Number) });
    expect(s.errors.total).toBe(0);
    expect(s.timings.wall_ms).toBeGreaterThan(0);
    expect(s.timings.peak_rss_mb).toBeGreaterThan(0);
  });

  test('the output is the same bytes with 0, 1 or 2 workers (order does not depend on scheduling)', async () => {
    const reference = ['verdicts.jsonl', 'exclusions.jsonl', 'exclusions.csv'].map((f) => readOut(out, f));
    for (const workers of ['0', '1']) {
      const r = await scan(['--workers', workers]);
      expect(['verdicts.jsonl', 'exclusions.jsonl', 'exclusions.csv'].map((f) => readOut(r.out, f))).toEqual(reference);
    }
  });
});

describe('scan-warc site files', () => {
  test('--prescan: the robots.txt fetched after a page still applies to it (copy in force by date)', async () => {
    const r = await scan(['--prescan', '--workers', '1']);
    const lines = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl'));
    const early = lines.find((l) => l.url === 'https://late.example/early.html')!;
    expect(early.exclude.training).toBe(true);
    expect(early.site_files).toEqual({ 'robots.txt': `${crawl.path}@${crawl.offsets[14]}` });
    expect(JSON.parse(readOut(r.out, 'summary.json')).late_site_files).toBe(0);
  });

  test('--sites DIR supplies a robots.txt for an origin the archive has none for', async () => {
    const sites = tempDir();
    mkdirSync(join(sites, 'open.example'));
    writeFileSync(join(sites, 'open.example', 'robots.txt'), CLOSED_ROBOTS);
    mkdirSync(join(sites, 'closed.example'));
    writeFileSync(join(sites, 'closed.example', 'robots.txt'), 'User-agent: *\nAllow: /\n');
    const r = await scan(['--sites', sites, '--workers', '1']);
    const lines = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl'));
    // open.example: the archive's robots.txt was a 404, so... the archive copy still wins.
    const plain = lines.find((l) => l.url === 'https://open.example/plain.html')!;
    expect(plain.site_files?.['robots.txt']).toBe(`${crawl.path}@${crawl.offsets[4]}`);
    // res.example has no archived robots.txt: nothing from the folder either (no folder for it).
    expect(lines.find((l) => l.url === 'https://res.example/page.html')!.site_files).toBeUndefined();
    // closed.example: the archive's copy wins over the folder's.
    expect(lines.find((l) => l.url === 'https://closed.example/a.html')!.exclude.training).toBe(true);
  });

  test('a robots.txt redirect (http → https) is followed within the archive, as RFC 9309 asks', async () => {
    const w = await writeWarc([
      {
        url: 'http://redir.example/robots.txt',
        status: 301,
        headers: [['Location', 'https://redir.example/robots.txt']],
      },
      { url: 'https://redir.example/robots.txt', headers: TXT, body: CLOSED_ROBOTS },
      { url: 'http://redir.example/page', headers: HTML, body: html('<p>x</p>') },
      {
        url: 'http://gone.example/robots.txt',
        status: 301,
        headers: [['Location', 'https://elsewhere.example/r.txt']],
      },
      { url: 'http://gone.example/page', headers: HTML, body: html('<p>y</p>') },
    ]);
    const r = await scan(['--workers', '1'], [w.path]);
    const [redirected, unfollowed] = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl'));
    expect(redirected!.exclude.training).toBe(true);
    expect(redirected!.site_files).toEqual({ 'robots.txt': `${w.path}@${w.offsets[1]}` });
    // The target is not in the archive: the 3xx itself is passed on (robots.txt unavailable, no restriction).
    expect(unfollowed!.site_files).toEqual({ 'robots.txt': `${w.path}@${w.offsets[3]}` });
    expect(unfollowed!.exclude.training).toBe(false);
  });

  test('--sites DIR is used when the archive has no site file for the origin', async () => {
    const w = await writeWarc([{ url: 'https://mirror.example/p.html', headers: HTML, body: html('<p>x</p>') }]);
    const sites = tempDir();
    mkdirSync(join(sites, 'mirror.example'));
    writeFileSync(join(sites, 'mirror.example', 'robots.txt'), CLOSED_ROBOTS);
    const r = await scan(['--sites', sites, '--workers', '1'], [w.path]);
    const [line] = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl'));
    expect(line!.exclude.training).toBe(true);
    expect(line!.site_files?.['robots.txt']).toBe(`sites:${join(sites, 'mirror.example', 'robots.txt')}`);
  });
});

describe('scan-warc on damaged archives', () => {
  let files: {
    good: WrittenWarc;
    truncated: string;
    notWarc: string;
    liar: string;
    liarOffset: number;
    truncatedAt: number;
  };

  beforeAll(async () => {
    const dir = tempDir();
    const good = await writeWarc(
      [1, 2, 3].map((i) => ({ url: `https://good.example/${i}`, headers: HTML, body: html(`<p>${i}</p>`) })),
      { dir, name: 'good.warc.gz' },
    );
    const t = await writeWarc(
      [1, 2, 3].map((i) => ({ url: `https://cut.example/${i}`, headers: HTML, body: html(`<p>${i}</p>`) })),
      { dir, name: 'full.warc.gz' },
    );
    const truncated = join(dir, 'truncated.warc.gz');
    writeFileSync(truncated, readFileSync(t.path).subarray(0, t.offsets[2]! + 20));
    const notWarc = join(dir, 'notes.warc');
    writeFileSync(notWarc, 'these are my notes, not an archive\n');
    const first = await serializeRecord(
      { url: 'https://liar.example/1', headers: HTML, body: html('<p>1</p>') },
      0,
      true,
    );
    const lie = await lyingRecord(
      { url: 'https://liar.example/2', headers: HTML, body: html('<p>2</p>') },
      1,
      40,
      true,
    );
    const last = await serializeRecord(
      { url: 'https://liar.example/3', headers: HTML, body: html('<p>3</p>') },
      2,
      true,
    );
    const liar = join(dir, 'liar.warc.gz');
    writeFileSync(liar, Buffer.concat([first, lie, last]));
    files = { good, truncated, notWarc, liar, liarOffset: first.length, truncatedAt: t.offsets[2]! };
  });

  test('each problem is reported (file, offset, reason), counted, skipped; the run goes on and exits 0', async () => {
    const r = await scan(['--workers', '2'], [files.truncated, files.notWarc, files.liar, files.good.path]);
    expect(r.code).toBe(0);
    const errors = jsonl<{ file: string; offset: number; code: string; message: string; url?: string }>(
      join(r.out, 'errors.jsonl'),
    );
    expect(errors.map((e) => [e.file, e.offset, e.code])).toEqual([
      [files.truncated, files.truncatedAt, 'truncated'],
      [files.notWarc, 0, 'not_warc'],
      [files.liar, files.liarOffset, 'bad_content_length'],
    ]);
    expect(errors[2]!.url).toBe('https://liar.example/2');
    const urls = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl')).map((l) => l.url);
    expect(urls).toEqual([
      'https://cut.example/1',
      'https://cut.example/2',
      'https://liar.example/1',
      'https://liar.example/3',
      'https://good.example/1',
      'https://good.example/2',
      'https://good.example/3',
    ]);
    const s = JSON.parse(readOut(r.out, 'summary.json'));
    expect(s.errors.by_code).toEqual({ truncated: 1, not_warc: 1, bad_content_length: 1 });
    expect(s.errors.first).toHaveLength(3);
  });

  test('--strict turns reported problems into exit code 1; a clean archive still exits 0', async () => {
    expect((await scan(['--strict', '--workers', '1'], [files.liar])).code).toBe(1);
    expect((await scan(['--strict', '--workers', '1'], [files.good.path])).code).toBe(0);
  });

  test('a page the engine refuses (binary body typed as HTML) is an error line, not a crash', async () => {
    const w = await writeWarc([
      { url: 'https://bin.example/a', headers: HTML, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2]) },
      { url: 'https://bin.example/b', headers: HTML, body: html('<p>fine</p>') },
    ]);
    const r = await scan(['--workers', '1'], [w.path]);
    const lines = jsonl<VerdictLine>(join(r.out, 'verdicts.jsonl'));
    expect(lines[0]!.error?.code).toBe('binary');
    expect(lines[1]!.uses).toBeDefined();
    const errors = jsonl<{ code: string; offset: number }>(join(r.out, 'errors.jsonl'));
    expect(errors).toEqual([expect.objectContaining({ code: 'binary', offset: w.offsets[0] })]);
  });
});

describe('scan-warc runs and usage', () => {
  test('an existing output folder is not overwritten without --force; --resume of a finished run does nothing', async () => {
    const r = await scan(['--workers', '1']);
    const again = await cli(['scan-warc', crawl.path, '--out', r.out, '--workers', '1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--resume.*--force/);
    const resumed = await cli(['scan-warc', crawl.path, '--out', r.out, '--workers', '1', '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/already complete/);
    const forced = await cli(['scan-warc', crawl.path, '--out', r.out, '--workers', '1', '--force', '--quiet']);
    expect(forced.code).toBe(0);
  });

  test('--resume with other options is refused', async () => {
    const r = await scan(['--workers', '1', '--commit-every', '1']);
    // Make the run look interrupted, then resume with another profile.
    const state = JSON.parse(readOut(r.out, 'run-state.json'));
    state.complete = false;
    writeFileSync(join(r.out, 'run-state.json'), JSON.stringify(state));
    const bad = await cli(['scan-warc', crawl.path, '--out', r.out, '--resume', '--profile', 'eu-statutory']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot --resume: the options differ/);
  });

  test('the final summary line is printed unless --quiet', async () => {
    const out = join(tempDir(), 'o');
    const r = await cli(['scan-warc', crawl.path, '--out', out, '--workers', '1']);
    expect(r.stderr).toMatch(/^scan-warc: 19 records, 9 pages checked \(\d+ excluded from training/m);
    expect(r.stderr).toMatch(/late site file/);
  });

  test.each([
    [['scan-warc', '--out', 'x'], /at least one WARC file/],
    [['scan-warc', 'missing.warc.gz', '--out', 'x'], /no such file/],
    [['scan-warc', '@CRAWL'], /--out DIR is required/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--workers', 'many'], /--workers must be a whole number/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--max-record-mb', '0'], /--max-record-mb must be between/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--profile', 'nope'], /unknown profile/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--sites', '/nonexistent/sites'], /does not exist/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--resume', '--force'], /exclude each other/],
    [['scan-warc', '@CRAWL', '--out', 'x', '--bogus'], /Unknown option/],
  ])('bad usage %j → exit 2 with a clear message', async (argv, message) => {
    const r = await cli(argv.map((a) => (a === '@CRAWL' ? crawl.path : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
