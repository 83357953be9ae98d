import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { generateWarc } from './generate.js';

/**
 * `npm run bench:batch`: scan-warc against the floor, all measured in this run on the same archive.
 *
 *   (a)  floor: inflate + WARC framing + bare htmlparser2 parse of every HTML response, one thread
 *   (a') the same floor through warcio's streaming parser (for comparison; not a target)
 *   (e)  the engine alone: the floor's reading, then engine.check on every page, one thread, no workers and
 *        no outputs — the cost of the checks, which bounds (b); (b) − (e) is what batch mode adds
 *   (b)  clearance scan-warc --workers 1
 *   (c)  clearance scan-warc with the default pool (os.availableParallelism() workers)
 *
 * Each is a fresh process, timed from spawn to exit (so start-up — loading the rules — counts against
 * scan-warc); runs are interleaved a, b, c, a, b, c... and the median of each is reported. Targets:
 * (b)/(a) ≥ 0.5 (throughput ratio), (c)/(b) ≥ 1.7× on 2 cores, peak RSS ≤ 300 MB.
 *
 *   npm run bench:batch -- [--pages 2000] [--runs 3] [--file existing.warc.gz]
 */
const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, 'bench', 'out', 'batch');
const BIN = join(ROOT, 'bin', 'clearance.js');
const FLOOR = join(__dirname, 'floor.js');
const GENERATOR_VERSION = 1;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Archive {
  file: string;
  bytes: number;
  htmlPages: number;
  htmlBytes: number;
  records: number;
}

async function archive(pages: number): Promise<Archive> {
  const given = arg('file', '');
  if (given) {
    const probe = floorRun(given);
    return {
      file: given,
      bytes: statSync(given).size,
      htmlPages: probe.pages,
      htmlBytes: probe.htmlBytes,
      records: probe.records,
    };
  }
  const file = join(OUT, `crawl-${pages}.warc.gz`);
  const metaPath = `${file}.json`;
  const want = { pages, sites: 80, seed: 7, version: GENERATOR_VERSION };
  if (existsSync(file) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as typeof want & Archive;
    if (meta.pages === want.pages && meta.seed === want.seed && meta.version === want.version) return { ...meta, file };
  }
  console.log(`generating ${file} (${pages} HTML pages)...`);
  const g = await generateWarc({ pages, sites: want.sites, seed: want.seed, out: file });
  const a: Archive = { file, bytes: g.bytes, htmlPages: g.htmlPages, htmlBytes: g.htmlBytes, records: g.records };
  writeFileSync(metaPath, JSON.stringify({ ...want, ...a }, null, 2));
  return a;
}

interface FloorResult {
  records: number;
  pages: number;
  htmlBytes: number;
  engineMs?: number;
  ms: number;
  peakRssMb: number;
  cpuMs: number;
}

function timed(cmd: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, cmd, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function floorRun(file: string, mode: '' | '--warcio' | '--engine' = ''): FloorResult & { wallMs: number } {
  const r = timed([FLOOR, file, ...(mode ? [mode] : [])]);
  return { ...(JSON.parse(r.stdout) as FloorResult), wallMs: r.ms };
}

interface ScanResult {
  wallMs: number;
  peakRssMb: number;
  pages: number;
  innerMs: number;
  cpuMs: number;
}

function scanRun(file: string, workers: number | null): ScanResult {
  const out = join(OUT, `scan-${workers ?? 'pool'}`);
  rmSync(out, { recursive: true, force: true });
  const r = timed([
    BIN,
    'scan-warc',
    file,
    '--out',
    out,
    '--quiet',
    ...(workers === null ? [] : ['--workers', String(workers)]),
  ]);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    pages: { checked: number };
    timings: { peak_rss_mb: number; wall_ms: number; cpu_ms: number };
  };
  return {
    wallMs: r.ms,
    peakRssMb: s.timings.peak_rss_mb,
    pages: s.pages.checked,
    innerMs: s.timings.wall_ms,
    cpuMs: s.timings.cpu_ms,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

/** The batch rows of `npm run bench`: scan-warc (default pool) vs the floor, 2 workers vs 1, peak RSS. */
export interface BatchRows {
  poolOverFloor: number;
  poolOverOne: number;
  peakRssMb: number;
  pages: number;
}

export async function batchRows(
  runs = Number(arg('runs', '3')),
  pages = Number(arg('pages', '2000')),
): Promise<BatchRows> {
  mkdirSync(OUT, { recursive: true });
  const a = await archive(pages);
  const loadBefore = loadavg();
  console.log(
    `archive: ${a.file}\n  ${(a.bytes / 1e6).toFixed(1)} MB gzip, ${a.records} records, ${a.htmlPages} HTML pages, ${(a.htmlBytes / 1e6).toFixed(1)} MB of HTML`,
  );
  console.log(
    `machine: ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const floor: (FloorResult & { wallMs: number })[] = [];
  const one: ScanResult[] = [];
  const pool: ScanResult[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(floorRun(a.file));
    one.push(scanRun(a.file, 1));
    pool.push(scanRun(a.file, null));
    console.log(
      `  run ${i + 1}: floor ${(floor[i]!.wallMs / 1000).toFixed(2)} s, 1 worker ${(one[i]!.wallMs / 1000).toFixed(2)} s, pool ${(pool[i]!.wallMs / 1000).toFixed(2)} s`,
    );
  }
  const warcio = floorRun(a.file, '--warcio');
  const engineOnly = floorRun(a.file, '--engine');
  const fa = median(floor.map((f) => f.wallMs));
  const fb = median(one.map((r) => r.wallMs));
  const fc = median(pool.map((r) => r.wallMs));
  const loadAfter = loadavg();
  const line = (label: string, ms: number, rss: number, cpu: number) =>
    `${label.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${mbps(a.bytes, ms).toFixed(1).padStart(6)} MB/s gz  ${mbps(a.htmlBytes, ms).toFixed(1).padStart(6)} MB/s HTML  CPU ${(cpu / 1000).toFixed(2)} s  peak RSS ${rss} MB`;
  const cpuA = median(floor.map((f) => f.cpuMs));
  const cpuB = median(one.map((r) => r.cpuMs));
  const cpuC = median(pool.map((r) => r.cpuMs));
  console.log(`\n== scan-warc vs the floor (median of ${runs}, wall clock per process) ==`);
  console.log(line('(a)  floor: inflate + frame + bare parse', fa, median(floor.map((f) => f.peakRssMb)), cpuA));
  console.log(line("(a') floor through warcio (reference)", warcio.wallMs, warcio.peakRssMb, warcio.cpuMs));
  console.log(
    line('(e)  engine alone, 1 thread, no batch machinery', engineOnly.wallMs, engineOnly.peakRssMb, engineOnly.cpuMs),
  );
  console.log(line('(b)  scan-warc --workers 1', fb, Math.max(...one.map((r) => r.peakRssMb)), cpuB));
  const poolLabel = `(c)  scan-warc, default pool (${availableParallelism()} workers)`;
  console.log(line(poolLabel, fc, Math.max(...pool.map((r) => r.peakRssMb)), cpuC));
  const ratio = fa / fb;
  const speedup = fb / fc;
  const poolOverFloor = fa / fc;
  const rss = Math.max(...one.map((r) => r.peakRssMb), ...pool.map((r) => r.peakRssMb));
  console.log(
    `\n(b)/(a) throughput ratio: ${ratio.toFixed(2)} (target >= 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `(c)/(a) throughput, default pool vs the floor: ${poolOverFloor.toFixed(2)} (target >= 0.5) ${poolOverFloor >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `(c)/(b) speed-up:         ${speedup.toFixed(2)}x (target >= 1.7x on 2 cores) ${speedup >= 1.7 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(`peak RSS:                 ${rss} MB (target <= 300 MB) ${rss <= 300 ? 'OK' : 'ABOVE TARGET'}`);
  console.log(
    `CPU time (robust to other load): (b)/(a) ${(cpuA / cpuB).toFixed(2)}; scan-warc --workers 1 uses ${(cpuB / engineOnly.cpuMs).toFixed(2)}x the CPU of the engine-alone run; the pool ${(cpuC / cpuB).toFixed(2)}x the CPU of one worker`,
  );
  console.log(
    `load average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (other processes share these cores; compare ratios, not seconds)`,
  );
  const result = {
    archive: a,
    cores: availableParallelism(),
    runs,
    load_before: loadBefore,
    load_after: loadAfter,
    floor_ms: floor.map((f) => f.wallMs),
    floor_warcio_ms: warcio.wallMs,
    engine_alone_ms: engineOnly.wallMs,
    engine_check_ms: engineOnly.engineMs ?? null,
    scan_1_worker_ms: one.map((r) => r.wallMs),
    scan_pool_ms: pool.map((r) => r.wallMs),
    ratio_b_over_a: ratio,
    speedup_c_over_b: speedup,
    peak_rss_mb: rss,
    cpu_ms: {
      floor: floor.map((f) => f.cpuMs),
      one: one.map((r) => r.cpuMs),
      pool: pool.map((r) => r.cpuMs),
      engine_alone: engineOnly.cpuMs,
    },
  };
  writeFileSync(join(OUT, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return { poolOverFloor, poolOverOne: speedup, peakRssMb: rss, pages: a.htmlPages };
}

if (require.main === module)
  batchRows().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
