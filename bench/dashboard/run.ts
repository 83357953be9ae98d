import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountDashboard } from '../../src/dashboard/index.js';
import { Engine } from '../../src/engine/engine.js';
import { bumpCounter } from '../../src/review/db/meta.js';
import { reviewDb } from '../../src/review/db/schema.js';
import { signIn } from '../../src/review/db/sessions.js';
import { Review } from '../../src/review/service.js';
import { projectRoot } from '../../src/rules/root.js';
import { createApp } from '../../src/service/app.js';
import { createLogger } from '../../src/service/logging.js';
import { openStore } from '../../src/store/open.js';
import { createKey } from '../../src/store/repos/keys.js';
import { generate } from './generate.js';

/**
 * `npm run bench:dashboard` — the review workspace at 100,000 stored items (issue 6):
 *
 *   1. generate 100,000 checked pages through the real ingest (≈ 2,000 domains, 90 days);
 *   2. first sync of the review queue, a domain conclusion and a bulk action (write paths);
 *   3. queue pages over real HTTP with a signed-in session: first page, a page 20 pages deep (keyset
 *      cursor), typical filters and sort orders, the JSON API, an item page, the overview — median and
 *      p95 of 25 requests each; baseline in the same run: GET /healthz on the same server;
 *   4. exports of all 100,000 items by the CLI in a child process (report CSV / JSON / HTML, exclusion
 *      list JSONL): wall time and peak RSS; baseline in the same run: the floor of streaming the same
 *      rows out of SQLite (raw better-sqlite3 `iterate`, one line per verdict, no processing).
 *
 * BENCH_ITEMS overrides the item count (e.g. 20000 for a quick look). Results: bench/out/dashboard.json.
 */
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const DOMAINS = Math.max(10, Math.round(ITEMS / 50));
const RUNS = 25;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

function get(port: number, path: string, cookie: string): Promise<{ status: number; ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes }),
      );
    });
    req.on('error', reject);
  });
}

async function timeGet(
  port: number,
  path: string,
  cookie: string,
  before: () => Promise<void> = async () => {},
): Promise<{ p50: number; p95: number; bytes: number }> {
  for (let i = 0; i < 3; i++) {
    await before();
    const w = await get(port, path, cookie);
    if (w.status !== 200) throw new Error(`${path} answered ${w.status}`);
  }
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    await before();
    const r = await get(port, path, cookie);
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), bytes };
}

/** Runs a script in a child node process; returns wall time and the child's peak RSS (MB). */
function child(script: string, env: Record<string, string>): Promise<{ ms: number; maxRssMb: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const wrapped = `${script}\nprocess.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));`;
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, ['-e', wrapped], {
      cwd: projectRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const rss = /MAXRSS (\d+)/.exec(stderr);
      if (code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ ms, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stderr });
    });
  });
}

function cli(args: string[]): string {
  return `require('./dist/cli/main.js').main(${JSON.stringify(args)}).then((c) => { process.exitCode = c; });`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-bench-dashboard-'));
  const dbPath = join(dir, 'clearance.db');
  const out: Record<string, unknown> = { items: ITEMS, domains: DOMAINS, loadavgStart: loadavg() };
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(
    `dashboard bench: ${ITEMS.toLocaleString('en')} items over ${DOMAINS} domains; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  try {
    const store = await openStore({ path: dbPath });
    const engine = new Engine();
    let t = Date.now();
    await generate(store, engine, { count: ITEMS, domains: DOMAINS, days: 90, end: new Date() }, (n) => {
      if (n % 20_000 === 0) log(`  generated ${n.toLocaleString('en')}`);
    });
    out.generateSeconds = (Date.now() - t) / 1000;
    log(`generate (real ingest): ${(out.generateSeconds as number).toFixed(1)} s`);

    const review = new Review(store, engine, { syncPage: 2000 });
    t = Date.now();
    const s = await review.sync();
    out.firstSyncSeconds = (Date.now() - t) / 1000;
    log(`first queue sync: ${s.synced.toLocaleString('en')} items in ${(out.firstSyncSeconds as number).toFixed(1)} s`);
    t = Date.now();
    const idle = await review.sync();
    out.idleSyncMs = Date.now() - t;
    log(`sync with nothing new: ${out.idleSyncMs} ms (${idle.synced} items)`);

    const rdb = reviewDb(store.db);
    const top = await rdb
      .selectFrom('review_items')
      .select(['domain', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('domain')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const actor = { id: 'key:bench', label: 'bench' };
    t = Date.now();
    const dc = await review.createConclusion(
      {
        action: 'confirm',
        reason: 'VERIFIED_WITH_PUBLISHER',
        comment: 'bench',
        scope: { kind: 'domain', domain: top.domain },
      },
      actor,
    );
    out.domainConclusion = { domain: top.domain, items: Number(top.n), refreshed: dc.refreshed, ms: Date.now() - t };
    log(`domain conclusion on ${top.domain}: ${dc.refreshed} items re-evaluated in ${Date.now() - t} ms`);
    t = Date.now();
    const bulk = await review.bulkConclude(
      { action: 'licence-acquired', reason: 'LICENSE_ACQUIRED', comment: 'bench bulk', licenceRef: 'B-1' },
      { filter: { profile: 'conservative', scope: 'flagged', domain: 'site1.example' } },
      actor,
    );
    out.bulk = { conclusions: bulk.conclusions, ms: Date.now() - t };
    log(`bulk action: ${bulk.conclusions} page conclusions in ${Date.now() - t} ms`);

    const key = await createKey(store, { role: 'admin', label: 'bench', actor: 'bench' });
    const session = await signIn(store.db, key.key);
    if (!session.ok) throw new Error('sign-in failed');
    const cookie = `clr_session=${session.token}`;
    const { app } = createApp({
      store,
      engine,
      // The dashboard does not check pages: no check workers.
      config: { logLevel: 'silent', rateLimit: { perSecond: 0, burst: 1 }, checkWorkers: 0 },
      logger: createLogger('silent'),
      mount: [mountDashboard],
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    const port = (server.address() as AddressInfo).port;

    // A cursor 20 pages deep, found by following "next" links of the API.
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const r = await new Promise<string>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port,
              path: `/v1/review/items?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
              headers: { authorization: `Bearer ${key.key}` },
            },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => {
                body += c.toString();
              });
              res.on('end', () => resolve(body));
            },
          )
          .on('error', reject);
      });
      cursor = (JSON.parse(r) as { next: string }).next;
    }
    const firstItem = await rdb
      .selectFrom('review_items')
      .select('id')
      .where('flagged', '=', 1)
      .orderBy('priority', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const scenarios: [string, string][] = [
      ['baseline: GET /healthz', '/healthz'],
      ['queue, first page (50, counts)', '/dashboard/'],
      ['queue, 20 pages deep (cursor)', `/dashboard/?cursor=${cursor}`],
      [`queue, domain filter (${top.domain})`, `/dashboard/?domain=${top.domain}`],
      ['queue, signal=notice-text', '/dashboard/?signal=notice-text'],
      ['queue, language=fr', '/dashboard/?language=fr'],
      ['queue, status=open, excluded from training', '/dashboard/?status=open&exclude=training'],
      [
        'queue, ai-train denied, last 30 days',
        `/dashboard/?use=ai-train&outcome=denied&from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`,
      ],
      ['queue, sort=confidence', '/dashboard/?sort=confidence'],
      ['queue, all items, newest, 200/page', '/dashboard/?scope=all&sort=newest&limit=200'],
      ['API GET /v1/review/items (50)', '/v1/review/items?limit=50'],
      ['item page', `/dashboard/items/${firstItem.id}`],
      ['overview (charts data)', '/dashboard/overview'],
    ];
    const pages: Record<string, { p50: number; p95: number; bytes: number; vsBaseline: number }> = {};
    let baseline = 1;
    // Cold: the queue changed before every request (as when crawlers keep adding verdicts), so the counts
    // over the whole filter are computed each time. Warm: nothing changed, the counts come from the cache.
    const invalidate = async () => {
      await bumpCounter(store.db, 'items_version');
    };
    log(`\nHTTP (sequential, ${RUNS} runs after 3 warm-up; median / p95; cold = queue changed before each request):`);
    for (const [name, path] of scenarios) {
      const modes: ['cold' | 'warm' | '', () => Promise<void>][] = name.startsWith('queue')
        ? [
            ['cold', invalidate],
            ['warm', async () => {}],
          ]
        : [['', async () => {}]];
      for (const [mode, before] of modes) {
        const label = mode ? `${name} [${mode}]` : name;
        const r = path.startsWith('/v1/')
          ? await timeGetBearer(port, path, key.key)
          : await timeGet(port, path, cookie, before);
        if (name.startsWith('baseline')) baseline = r.p50;
        pages[label] = { ...r, vsBaseline: r.p50 / baseline };
        log(
          `  ${label.padEnd(55)} ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  ${(r.p50 / baseline).toFixed(1).padStart(6)}× baseline  ${(r.bytes / 1024).toFixed(0)} KB`,
        );
      }
    }
    out.pages = pages;
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();

    log(`\nExports of all ${ITEMS.toLocaleString('en')} items (CLI child process; wall time, peak RSS):`);
    const env = { CLEARANCE_DB: dbPath };
    const exportsOut: Record<string, { seconds: number; maxRssMb: number; mb: number; itemsPerSecond: number }> = {};
    const floorFile = join(dir, 'floor.txt');
    const floorScript = `const D = require('better-sqlite3'); const fs = require('fs'); const db = new D(${JSON.stringify(dbPath)}, { readonly: true });
      const out = fs.openSync(${JSON.stringify(floorFile)}, 'w'); let buf = [];
      for (const r of db.prepare('select v.id, v.url, v.decided_at, v.verdict_json from latest_verdicts lv join verdicts v on v.id = lv.verdict_id order by v.decided_at, v.id').iterate()) {
        buf.push(r.id + ',' + r.url + ',' + r.decided_at + ',' + r.verdict_json.length + '\\n'); if (buf.length === 1000) { fs.writeSync(out, buf.join('')); buf = []; } }
      fs.writeSync(out, buf.join('')); fs.closeSync(out);`;
    const runs: [string, string, string[] | null][] = [
      ['floor: raw SQLite scan of the same rows', floorFile, null],
      ['report --format csv', join(dir, 'report.csv'), ['report', '--format', 'csv', '--out', join(dir, 'report.csv')]],
      [
        'report --format json',
        join(dir, 'report.json'),
        ['report', '--format', 'json', '--out', join(dir, 'report.json')],
      ],
      [
        'report --format html',
        join(dir, 'report.html'),
        ['report', '--format', 'html', '--out', join(dir, 'report.html')],
      ],
      [
        'exclusions --use ai-train (jsonl)',
        join(dir, 'excl.jsonl'),
        ['exclusions', '--use', 'ai-train', '--out', join(dir, 'excl.jsonl')],
      ],
    ];
    let floor = 1;
    for (const [name, file, args] of runs) {
      const r = await child(args ? cli(args) : floorScript, env);
      const mb = statSync(file).size / 1024 / 1024;
      if (!args) floor = r.ms;
      exportsOut[name] = { seconds: r.ms / 1000, maxRssMb: r.maxRssMb, mb, itemsPerSecond: ITEMS / (r.ms / 1000) };
      log(
        `  ${name.padEnd(40)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${(r.ms / floor).toFixed(1).padStart(5)}× floor  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB  ${mb.toFixed(1).padStart(6)} MB written`,
      );
    }
    out.exports = exportsOut;
    out.loadavgEnd = loadavg();
    mkdirSync(join(projectRoot(), 'bench', 'out'), { recursive: true });
    writeFileSync(join(projectRoot(), 'bench', 'out', 'dashboard.json'), `${JSON.stringify(out, null, 2)}\n`);
    log(
      `\nload average at the end ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; results in bench/out/dashboard.json`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeGetBearer(
  port: number,
  path: string,
  key: string,
): Promise<{ p50: number; p95: number; bytes: number }> {
  const one = () =>
    new Promise<{ ms: number; bytes: number; status: number }>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      http
        .get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${key}` } }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
          });
          res.on('end', () =>
            resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes, status: res.statusCode ?? 0 }),
          );
        })
        .on('error', reject);
    });
  for (let i = 0; i < 3; i++) if ((await one()).status !== 200) throw new Error(`${path} failed`);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await one();
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), bytes };
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
