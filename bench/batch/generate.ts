import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WARCRecord, WARCSerializer } from 'warcio';
import {
  type HttpResponse,
  makeSites,
  otherResponse,
  pageResponse,
  pick,
  rng,
  robotsResponse,
  type Site,
} from './corpus.js';

/**
 * Writes a realistic crawl archive for `npm run bench:batch`: per-record gzip (as Common Crawl ships them),
 * written with warcio's own serializer. Crawl order: each site's robots.txt is fetched before its first
 * page; captures of different sites interleave; every response has its request record, a third of them a
 * metadata record; about 5 % of responses are not HTML (images, PDFs, JSON).
 *
 *   node dist-bench/bench/batch/generate.js [--pages 2000] [--sites 80] [--out bench/out/batch/crawl.warc.gz]
 */
export interface GenerateOptions {
  pages: number;
  sites: number;
  out: string;
  seed?: number;
}

export interface GenerateResult {
  file: string;
  bytes: number;
  uncompressedBytes: number;
  htmlPages: number;
  htmlBytes: number;
  records: number;
}

const START = Date.parse('2026-10-01T08:00:00Z');

function recordId(n: number): string {
  const h = createHash('sha1').update(`bench-record-${n}`).digest('hex');
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}>`;
}

export async function generateWarc(options: GenerateOptions): Promise<GenerateResult> {
  const r = rng(options.seed ?? 7);
  const sites = makeSites(r, options.sites);
  mkdirSync(dirname(options.out), { recursive: true });
  const tmp = `${options.out}.partial`;
  const fd = openSync(tmp, 'w');
  let n = 0;
  let uncompressed = 0;
  let htmlPages = 0;
  let htmlBytes = 0;
  const write = async (record: WARCRecord) => {
    const bytes = await WARCSerializer.serialize(record, { gzip: true });
    writeSync(fd, bytes);
  };
  const date = () => new Date(START + n * 1370).toISOString().replace(/\.\d+Z$/, 'Z');
  const capture = async (url: string, res: HttpResponse) => {
    const u = new URL(url);
    await write(
      WARCRecord.create(
        {
          url,
          date: date(),
          type: 'request',
          warcHeaders: { 'WARC-Record-ID': recordId(n++) },
          statusline: `GET ${u.pathname} HTTP/1.1`,
          httpHeaders: { Host: u.host, 'User-Agent': 'CCBot/2.0 (https://commoncrawl.org/faq/)', Accept: '*/*' },
        },
        [],
      ),
    );
    const statusText = res.status === 200 ? 'OK' : res.status === 404 ? 'Not Found' : 'Service Unavailable';
    await write(
      WARCRecord.create(
        {
          url,
          date: date(),
          type: 'response',
          warcHeaders: { 'WARC-Record-ID': recordId(n++) },
          statusline: `HTTP/1.1 ${res.status} ${statusText}`,
          httpHeaders: [...res.headers, ['Content-Length', String(res.body.byteLength)]],
        },
        [res.body],
      ),
    );
    uncompressed += res.body.byteLength;
    if (n % 3 === 0)
      await write(
        WARCRecord.create(
          {
            url,
            date: date(),
            type: 'metadata',
            warcHeaders: { 'WARC-Record-ID': recordId(n++), 'Content-Type': 'application/warc-fields' },
          },
          [Buffer.from(`fetchTimeMs: ${Math.floor(r() * 900)}\r\ncharset-detected: UTF-8\r\n`)],
        ),
      );
  };

  await write(
    WARCRecord.createWARCInfo(
      { filename: 'crawl.warc.gz', date: date(), warcHeaders: { 'WARC-Record-ID': recordId(n++) } },
      { software: 'clearance bench generator', format: 'WARC File Format 1.0', isPartOf: 'clearance-bench' },
    ),
  );
  const fetchedRobots = new Set<Site>();
  for (let p = 0; p < options.pages; p++) {
    const site = pick(r, sites);
    if (!fetchedRobots.has(site)) {
      fetchedRobots.add(site);
      await capture(`${site.origin}/robots.txt`, robotsResponse(site));
    }
    if (r() < 0.05) {
      const o = otherResponse(r);
      await capture(`${site.origin}${o.path}`, o.response);
    }
    const size = 20_000 + Math.floor(180_000 * r() ** 1.5);
    const path = `/${pick(r, ['news', 'politik', 'culture', 'sport', 'economy'])}/2026/${p}-article.html`;
    const res = pageResponse(r, site, path, size);
    await capture(`${site.origin}${path}`, res);
    htmlPages++;
    htmlBytes += res.body.byteLength;
  }
  closeSync(fd);
  renameSync(tmp, options.out);
  return {
    file: options.out,
    bytes: statSync(options.out).size,
    uncompressedBytes: uncompressed,
    htmlPages,
    htmlBytes,
    records: n,
  };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

if (require.main === module) {
  const out = arg('out', join(__dirname, '..', '..', '..', 'bench', 'out', 'batch', 'crawl.warc.gz'));
  generateWarc({ pages: Number(arg('pages', '2000')), sites: Number(arg('sites', '80')), out }).then(
    (g) => {
      console.log(
        `${g.file}: ${(g.bytes / 1e6).toFixed(1)} MB compressed, ${g.records} records, ${g.htmlPages} HTML pages (${(g.htmlBytes / 1e6).toFixed(1)} MB)`,
      );
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
