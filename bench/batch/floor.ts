import { createReadStream } from 'node:fs';
import { Parser } from 'htmlparser2';
import { WARCParser } from 'warcio';
import { field } from '../../src/batch/input/headerBlock.js';
import { parseHttpResponse } from '../../src/batch/input/httpMessage.js';
import { WarcReader } from '../../src/batch/input/warcReader.js';
import { Engine } from '../../src/engine/engine.js';

/**
 * The floor for `npm run bench:batch`: the least work any WARC screening must do, on one thread —
 * inflate every gzip member, frame every WARC record, split the HTTP headers off, and run a bare
 * htmlparser2 parse (no-op callbacks) over every HTML response. `--warcio` does the same with warcio's
 * streaming parser (pako), for comparison. `--engine` runs the engine's `check` instead of the bare parse,
 * in this one thread with no batch machinery (no workers, no outputs): the cost of the checks themselves,
 * which scan-warc cannot go below. Prints one JSON line.
 *
 *   node dist-bench/bench/batch/floor.js FILE [--warcio | --engine]
 */
function bareParse(html: string): void {
  const p = new Parser(
    { onopentag() {}, ontext() {}, onclosetag() {} },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  p.end(html);
}

async function nativeFloor(
  file: string,
  engine: Engine | null,
): Promise<{ records: number; pages: number; htmlBytes: number; engineMs?: number }> {
  let engineNs = 0n;
  let records = 0;
  let pages = 0;
  let htmlBytes = 0;
  for await (const item of new WarcReader(file, 0, { maxRecordBytes: 32 << 20 }).items()) {
    if (item.kind !== 'record') continue;
    records++;
    if (field(item.warcHeaders, 'WARC-Type') !== 'response') continue;
    const http = parseHttpResponse(item.block);
    if ('error' in http || !/html/i.test(field(http.headers, 'Content-Type') ?? '')) continue;
    pages++;
    htmlBytes += http.body.length;
    if (!engine) {
      bareParse(http.body.toString('utf8'));
      continue;
    }
    const t0 = process.hrtime.bigint();
    engine.check({
      url: field(item.warcHeaders, 'WARC-Target-URI'),
      headers: http.headers,
      body: http.body,
      kind: 'html',
    });
    engineNs += process.hrtime.bigint() - t0;
  }
  return engine ? { records, pages, htmlBytes, engineMs: Number(engineNs) / 1e6 } : { records, pages, htmlBytes };
}

async function warcioFloor(file: string): Promise<{ records: number; pages: number; htmlBytes: number }> {
  let records = 0;
  let pages = 0;
  let htmlBytes = 0;
  for await (const r of new WARCParser(createReadStream(file))) {
    records++;
    if (r.warcType !== 'response') continue;
    const type = r.httpHeaders?.headers.get('Content-Type') ?? '';
    if (!/html/i.test(type)) continue;
    const body = await r.readFully(true);
    pages++;
    htmlBytes += body.length;
    bareParse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  }
  return { records, pages, htmlBytes };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: floor.js FILE [--warcio | --engine]');
  const useWarcio = process.argv.includes('--warcio');
  // Rules load before the clock starts: this measures the checks, not start-up.
  const engine = process.argv.includes('--engine') ? new Engine() : null;
  const t0 = process.hrtime.bigint();
  const r = useWarcio ? await warcioFloor(file) : await nativeFloor(file, engine);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const usage = process.resourceUsage();
  const peakRssMb = Math.round(usage.maxRSS / 1024);
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  console.log(JSON.stringify({ ...r, ms, peakRssMb, cpuMs }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
