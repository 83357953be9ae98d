import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import { projectRoot } from '../src/rules/root.js';
import { startService } from '../src/serve/startService.js';
import { resolveConfig } from '../src/service/config.js';
import { createLogger } from '../src/service/logging.js';
import { PAGE_DETECTORS } from '../src/signals/pageDetectors.js';
import { openStore } from '../src/store/open.js';
import { createKey } from '../src/store/repos/keys.js';
import { newsPage } from './lib/newsPage.js';
import { fmt, measure } from './lib/timing.js';

/**
 * Issue 5 benchmark (`npm run bench:api`): the real service process (`node bin/clearance.js serve`, built
 * dist/) on a fresh SQLite file, storing every verdict, driven by autocannon from this process.
 *
 *   1. POST /v1/check with the 150 KB news page (unique URL per request, so every request is a new fetch
 *      + verdict + evidence in the store) at a fixed 200 requests/s: throughput, p50, p99.
 *   2. The maximum sustainable rate: closed-loop saturation with 4 connections, then a fixed-rate run at
 *      90 % of it to show it holds.
 *   3. Batch ingest: N distinct ~15 KB pages through POST /v1/check/batch, without storage (store=false)
 *      and with storage, same server, same pages: the with-storage / without-storage throughput ratio
 *      (target ≥ 0.70). N is 10,000 unless the engine is too slow to finish in about a minute.
 * Baselines measured in the same run: in-process `engine.check` on the same pages (no HTTP, no store).
 *
 * Phase A is the product as shipped. Phase B repeats it against a service whose engine leaves out the
 * notice-text detector (the most expensive one, issue 3): it isolates what the service itself costs
 * (HTTP, validation, site lookup, storage) from what the rules cost. Clearly labelled in the output.
 * Bounded: each phase ≈ 45 s of load plus ≤ 2 × 40 s of batch.
 */

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations; the two result fields used are typed above.
const autocannon = require('autocannon') as Autocannon;

const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'clearance.js');
const BATCH_TARGET = 10_000;
const BATCH_BUDGET_MS = 40_000;
const ROUNDS = 4;

interface Server {
  child: ChildProcess;
  base: string;
  port: number;
}

const SERVE_ARGS = ['--port', '0', '--host', '127.0.0.1', '--log-level', 'warn', '--rate-limit', '0'];

/** `full`: the shipped CLI. `no-notices`: this file in child mode, engine without the notice-text detector. */
function startServer(db: string, mode: 'full' | 'no-notices'): Promise<Server> {
  const args = mode === 'full' ? [BIN, 'serve', ...SERVE_ARGS, '--db', db] : [__filename, '--child-server', db];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c) => {
      err += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

function stopServer(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

async function run(label: string, opts: Record<string, unknown>): Promise<AutocannonResult> {
  const r = await autocannon(opts);
  console.log(
    `${label.padEnd(34)} ${r.requests.average.toFixed(1).padStart(7)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  ` +
      `p99 ${String(r.latency.p99).padStart(6)} ms  max ${r.latency.max} ms  non2xx ${r.non2xx} errors ${r.errors} timeouts ${r.timeouts}`,
  );
  return r;
}

/** Streams NDJSON lines to POST /v1/check/batch and waits for the `done` line; returns ms and counts. */
function postBatch(
  server: Server,
  key: string,
  lines: readonly string[],
  store: boolean,
): Promise<{ ms: number; ok: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: `/v1/check/batch${store ? '' : '?store=false'}`,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-ndjson' },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        tail = (tail + c).slice(-400);
      });
      res.on('end', () => {
        const last = tail.trim().split('\n').pop() ?? '';
        const done = JSON.parse(last) as { done?: boolean; ok: number; errors: number };
        if (!done.done) reject(new Error(`batch did not complete: ${last}`));
        else resolve({ ms: performance.now() - t0, ok: done.ok, errors: done.errors });
      });
    });
    let i = 0;
    const write = () => {
      while (i < lines.length) if (!req.write(lines[i++]!)) return void req.once('drain', write);
      req.end();
    };
    write();
  });
}

/** Child mode for phase B: the same service (startService), engine without the notice-text detector. */
async function childServer(db: string): Promise<void> {
  const engine = new Engine({ detectors: PAGE_DETECTORS.filter((d) => d.name !== 'notice-text') });
  const config = resolveConfig({ flags: { port: '0', host: '127.0.0.1', db, 'rate-limit': '0' }, env: {} });
  const running = await startService(config, { engine, logger: createLogger('warn') });
  process.stderr.write(`listening on http://127.0.0.1:${running.port}\n`);
  process.once('SIGTERM', () => {
    running.stop().then(() => process.exit(0));
  });
}

interface PhaseResult {
  label: string;
  engineMs: number;
  fixed200: AutocannonResult;
  saturation: AutocannonResult | null;
  sustainRate: number;
  sustained: AutocannonResult | null;
  batch: { pages: number; engineRate: number; dryRate: number; storedRate: number; ratio: number };
}

/** How the fixed-rate load is applied, and whether the saturation runs follow it. */
interface LoadShape {
  connections: number;
  seconds: number;
  saturation: boolean;
}

const FULL_SHAPE: LoadShape = { connections: 16, seconds: 15, saturation: true };

async function phase(
  label: string,
  mode: 'full' | 'no-notices',
  engine: Engine,
  shape: LoadShape = FULL_SHAPE,
): Promise<PhaseResult> {
  console.log(`\n== ${label} ==`);
  const dir = mkdtempSync(join(tmpdir(), 'clearance-bench-api-'));
  try {
    return await phaseIn(dir, label, mode, engine, shape);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function phaseIn(
  dir: string,
  label: string,
  mode: 'full' | 'no-notices',
  engine: Engine,
  shape: LoadShape,
): Promise<PhaseResult> {
  const db = join(dir, 'bench.db');
  const seeded = await openStore({ path: db });
  const { key } = await createKey(seeded, { role: 'crawler', label: 'bench', actor: 'bench' });
  await seeded.close();
  const page = newsPage();
  const headers = { 'content-type': 'text/html; charset=utf-8', 'x-robots-tag': 'noarchive' };
  const engineMs = measure(
    () => engine.check({ url: 'https://news.example.com/a', headers, body: page, kind: 'html' }),
    {
      warmup: 5,
      batches: 5,
      perBatch: 4,
    },
  );
  console.log(
    `page ${(Buffer.byteLength(page) / 1024).toFixed(0)} KiB; in-process engine.check ${fmt(engineMs)} per page`,
  );
  const server = await startServer(db, mode);
  try {
    // autocannon replaces [<id>] with a fresh id per request: every request is a new URL and a new fetch.
    const body = JSON.stringify({
      url: 'https://news.example.com/politics/2026/11/article-[<id>]',
      headers,
      html: page,
    });
    const common = {
      url: `${server.base}/v1/check`,
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body,
      idReplacement: true,
    };
    await run('warm-up (closed loop, 4 conn, 5 s)', { ...common, connections: 4, duration: 5 });
    const fixed200 = await run(`fixed 200 req/s (${shape.connections} conn, ${shape.seconds} s)`, {
      ...common,
      connections: shape.connections,
      overallRate: 200,
      duration: shape.seconds,
    });
    const saturation = shape.saturation
      ? await run('saturation (closed loop, 4 conn, 10 s)', { ...common, connections: 4, duration: 10 })
      : null;
    const sustainRate = saturation ? Math.max(1, Math.floor(saturation.requests.average * 0.9)) : 0;
    const sustained = saturation
      ? await run(`fixed ${sustainRate} req/s (90 % of saturation, 10 s)`, {
          ...common,
          connections: 16,
          overallRate: sustainRate,
          duration: 10,
        })
      : null;

    // Batch: distinct pages (50 templates × unique URL and a unique comment, so every body hash differs).
    const templates = Array.from({ length: 50 }, (_, s) => newsPage({ targetBytes: 15_000, seed: 100 + s }));
    // Warm the in-process engine on batch pages first so the baseline is JIT-warm like the server.
    const inProcessMs = measure(
      () => {
        for (let i = 0; i < 20; i++)
          engine.check({ url: `https://batch.example/${i}`, headers, body: templates[i]!, kind: 'html' });
      },
      { warmup: 5, batches: 5, perBatch: 1 },
    );
    const perPage = inProcessMs / 20;
    const pages = Math.max(400, Math.min(BATCH_TARGET, Math.floor(BATCH_BUDGET_MS / (perPage * 1.6))));
    const linesFor = (tag: string, count: number) =>
      Array.from(
        { length: count },
        (_, i) =>
          `${JSON.stringify({
            url: `https://batch${i % 40}.example/${tag}/${i}`,
            headers,
            html: templates[i % templates.length]!.replace('</body>', `<!-- ${tag} ${i} --></body>`),
          })}\n`,
      );
    console.log(
      `batch of ${pages} distinct ~15 KB pages each way${pages < BATCH_TARGET ? ` (capped from ${BATCH_TARGET} to stay within time: engine ${fmt(perPage)}/page)` : ''}, in ${ROUNDS} alternating rounds`,
    );
    await postBatch(server, key, linesFor('warm', Math.min(300, pages)), true);
    // The machine is shared: alternate store=false and stored rounds so both see the same background load.
    const dry = { ms: 0, ok: 0, errors: 0 };
    const stored = { ms: 0, ok: 0, errors: 0 };
    const per = Math.ceil(pages / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const order: boolean[] = round % 2 === 0 ? [false, true] : [true, false];
      for (const store of order) {
        const r = await postBatch(server, key, linesFor(`${store ? 'stored' : 'dry'}-${round}`, per), store);
        const acc = store ? stored : dry;
        acc.ms += r.ms;
        acc.ok += r.ok;
        acc.errors += r.errors;
      }
    }
    const engineRate = 1000 / perPage;
    const dryRate = (dry.ok / dry.ms) * 1000;
    const storedRate = (stored.ok / stored.ms) * 1000;
    console.log(`  in-process engine.check (no HTTP, no store)  ${engineRate.toFixed(1)} pages/s`);
    console.log(
      `  batch, store=false                           ${dryRate.toFixed(1)} pages/s (${dry.ok} ok, ${dry.errors} errors)`,
    );
    console.log(
      `  batch, stored                                ${storedRate.toFixed(1)} pages/s (${stored.ok} ok, ${stored.errors} errors)`,
    );
    console.log(
      `  stored / store=false = ${(storedRate / dryRate).toFixed(2)} (target >= 0.70); stored / in-process engine = ${(storedRate / engineRate).toFixed(2)}`,
    );
    return {
      label,
      engineMs,
      fixed200,
      saturation,
      sustainRate,
      sustained,
      batch: { pages, engineRate, dryRate, storedRate, ratio: storedRate / dryRate },
    };
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  console.log(
    `machine: load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores, shared)`,
  );
  const full = await phase('A. the service as shipped (clearance serve, full engine)', 'full', new Engine());
  const lean = await phase(
    'B. service overhead: same service, engine without the notice-text detector',
    'no-notices',
    new Engine({ detectors: PAGE_DETECTORS.filter((d) => d.name !== 'notice-text') }),
  );
  console.log('\n== summary ==');
  for (const r of [full, lean])
    console.log(
      `${r.label}\n  engine ${fmt(r.engineMs)}/page in-process; /v1/check at 200 req/s: ${r.fixed200.requests.average.toFixed(1)} req/s achieved, ` +
        `p50 ${r.fixed200.latency.p50} ms, p99 ${r.fixed200.latency.p99} ms (target p99 <= 20 ms); ` +
        `max sustainable ~${r.saturation?.requests.average.toFixed(0)} req/s (p99 ${r.sustained?.latency.p99} ms at ${r.sustainRate} req/s); ` +
        `batch stored/dry ${r.batch.ratio.toFixed(2)} over ${r.batch.pages} pages (target >= 0.70)`,
    );
  const out = join(ROOT, 'bench', 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'api.json'), `${JSON.stringify({ loadavg: loadavg(), phases: [full, lean] }, null, 2)}\n`);
}

/** The service rows of `npm run bench` (issue 14's shape: 200 req/s for 20 s, 40 connections, distinct URLs). */
export interface ServiceRows {
  achieved: number;
  p50: number;
  p99: number;
  errors: number;
  storedOverDry: number;
  batchPages: number;
}

export async function serviceRows(): Promise<ServiceRows> {
  const r = await phase('service: the shipped `clearance serve`, full engine', 'full', new Engine(), {
    connections: 40,
    seconds: 20,
    saturation: false,
  });
  const f = r.fixed200;
  return {
    achieved: f.requests.average,
    p50: f.latency.p50,
    p99: f.latency.p99,
    errors: f.errors + f.non2xx + f.timeouts,
    storedOverDry: r.batch.ratio,
    batchPages: r.batch.pages,
  };
}

if (process.argv[2] === '--child-server') {
  childServer(process.argv[3]!).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
