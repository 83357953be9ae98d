import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../src/rules/root.js';

/**
 * Issue 12 benchmark (`npm run bench:healthz [-- --root DIR] [-- --serve-arg X ...]`): how long `/healthz`
 * takes while the slowest inputs the issue names are being checked. The real service process
 * (`node DIR/bin/clearance.js serve`, DIR = this checkout by default, so an older checkout can be measured
 * the same way) on a fresh SQLite file; one client polls /healthz back to back while others send:
 *   - 4 × POST /v1/check with "All rights reserved. " × 50,000 (1 MB of text),
 *   - 2 × POST /v1/check with 100,000 nested <div>,
 *   - 1 × POST /v1/check whose robots.txt has a 40-dash comment separator,
 *   - 1 × POST /v1/check/batch of 2,000 lines (2 KB of text each).
 * Reported: /healthz p50 / p99 / max while the load runs, and how long the load took. Extra arguments
 * after --serve-arg go to `serve` (e.g. `--serve-arg --check-workers --serve-arg 0` for the inline mode).
 */

function arg(name: string): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) if (argv[i] === name && argv[i + 1] !== undefined) out.push(argv[++i]!);
  return out;
}

const ROOT = resolve(arg('--root')[0] ?? projectRoot());
const BIN = join(ROOT, 'bin', 'clearance.js');

interface Server {
  child: ChildProcess;
  port: number;
}

function startServer(db: string): Promise<Server> {
  const args = [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn', '--rate-limit', '0'];
  const child = spawn(process.execPath, [...args, '--db', db, ...arg('--serve-arg')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((ok, fail) => {
    child.stderr!.on('data', (c) => {
      err += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) ok({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}): ${err}`)));
  });
}

function send(port: number, key: string | null, method: string, path: string, body?: string, type?: string) {
  return new Promise<number>((ok, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'Content-Type': type ?? 'application/json' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-healthz-'));
  const db = join(dir, 'bench.db');
  const key = execFileSync(process.execPath, [
    BIN,
    'keys',
    'create',
    '--role',
    'crawler',
    '--label',
    'bench',
    '--db',
    db,
  ])
    .toString()
    .split('\n')[0]!
    .trim();
  const server = await startServer(db);
  const port = server.port;
  try {
    const check = (body: unknown) => send(port, key, 'POST', '/v1/check?store=false', JSON.stringify(body));
    const batchLines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({
        url: `https://b.example/${i}`,
        text: `Article ${i}. ${'The market square was busy. '.repeat(70)}`,
      }),
    ).join('\n');
    const loads: [string, () => Promise<number>][] = [
      ...Array.from({ length: 4 }, (_, i): [string, () => Promise<number>] => [
        `rights × 50,000 #${i + 1}`,
        () => check({ url: `https://r${i}.example/`, text: 'All rights reserved. '.repeat(50_000) }),
      ]),
      ...Array.from({ length: 2 }, (_, i): [string, () => Promise<number>] => [
        `100,000 nested div #${i + 1}`,
        () => check({ url: `https://d${i}.example/`, html: `${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}` }),
      ]),
      [
        'robots.txt separator',
        () =>
          check({
            url: 'https://s.example/',
            text: 'x',
            site: { robotsTxt: `# ${'-'.repeat(40)}\nUser-agent: *\nDisallow: /private\n` },
          }),
      ],
      [
        'batch of 2,000 lines',
        () => send(port, key, 'POST', '/v1/check/batch?store=false', batchLines, 'application/x-ndjson'),
      ],
    ];
    // Warm: one health check and one small check, so start-up is not measured.
    await send(port, null, 'GET', '/healthz');
    await check({ url: 'https://warm.example/', text: 'All rights reserved.' });
    const t0 = performance.now();
    let running = loads.length;
    const done = loads.map(([label, f]) =>
      f().then((status) => {
        running--;
        console.log(`  ${label.padEnd(24)} ${status}  after ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      }),
    );
    const health: number[] = [];
    while (running > 0) {
      const h0 = performance.now();
      await send(port, null, 'GET', '/healthz');
      health.push(performance.now() - h0);
    }
    await Promise.all(done);
    const sorted = [...health].sort((a, b) => a - b);
    console.log(
      `/healthz during load: ${health.length} requests, p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; load took ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
