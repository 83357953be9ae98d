import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Process-level: the built CLI (`node bin/clearance.js`, compiled by jest's globalSetup) serving a real
 * SQLite file. Ingest, stop the process, start it again on the same file: everything is still there.
 */
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'clearance.js');

interface Running {
  child: ChildProcess;
  base: string;
  stderr: () => string;
}

function start(db: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db, '--log-level', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, CLEARANCE_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    child.stderr!.on('data', (c) => {
      err += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]!, stderr: () => err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.once('exit', (code) => resolve(code));
    r.child.kill('SIGTERM');
  });
}

function cli(args: string[], db: string) {
  return spawnSync(process.execPath, [BIN, ...args, '--db', db], { cwd: ROOT, encoding: 'utf8' });
}

async function call(
  base: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': type } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

describe('clearance serve + keys as processes on one SQLite file', () => {
  let dir: string;
  let running: Running | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearance-restart-'));
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null) await stop(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('first start explains how to create the first admin key; keys create prints only the key on stdout', async () => {
    const db = join(dir, 'var', 'clearance.db');
    running = await start(db);
    expect(running.stderr()).toMatch(/clearance keys create --role admin/);
    const admin = cli(['keys', 'create', '--role', 'admin', '--label', 'admin'], db);
    expect(admin.status).toBe(0);
    expect(admin.stdout).toMatch(/^clr_[A-Za-z0-9_-]{43}\n$/);
    expect(admin.stderr).toMatch(/created key 1 .*role admin/);
    const crawler = cli(['keys', 'create', '--role', 'crawler', '--label', 'crawler-eu-1'], db).stdout.trim();
    const doomed = cli(['keys', 'create', '--role', 'crawler', '--label', 'doomed'], db).stdout.trim();
    const base = running.base;

    // Ingest: a site file, a page, a batch.
    expect(
      (
        await call(
          base,
          crawler,
          'PUT',
          '/v1/sites/news.example/robots.txt',
          'User-agent: *\nContent-Signal: ai-train=no\n',
          'text/plain',
        )
      ).status,
    ).toBe(201);
    const checked = await call(base, crawler, 'POST', '/v1/check', {
      url: 'https://news.example/a',
      html: '<p>Story</p>',
    });
    expect(checked.status).toBe(200);
    const verdictId = checked.json().stored.verdictId as number;
    expect(checked.json().uses['ai-train']).toBe('denied');
    const batch = await call(
      base,
      crawler,
      'POST',
      '/v1/check/batch',
      `${JSON.stringify({ url: 'https://news.example/b', text: 'x' })}\n${JSON.stringify({ url: 'https://news.example/c', text: 'y' })}\n`,
      'application/x-ndjson',
    );
    expect(batch.text.trim().split('\n')).toHaveLength(3);

    // A key revoked by the CLI (another process) is refused by the running server at once.
    expect((await call(base, doomed, 'POST', '/v1/check', { url: 'https://news.example/d', text: 'x' })).status).toBe(
      200,
    );
    const listed = cli(['keys', 'list'], db);
    const doomedId = listed.stdout
      .split('\n')
      .find((l) => l.includes('doomed'))!
      .split('\t')[0]!;
    expect(cli(['keys', 'revoke', doomedId], db).status).toBe(0);
    expect((await call(base, doomed, 'POST', '/v1/check', { url: 'https://news.example/d', text: 'x' })).status).toBe(
      401,
    );

    // Stop; it exits cleanly.
    expect(await stop(running)).toBe(0);

    // Start again on the same file: everything is there.
    running = await start(db);
    expect(running.stderr()).not.toMatch(/No admin API key/);
    const adminKey = admin.stdout.trim();
    const got = await call(
      running.base,
      adminKey,
      'GET',
      `/v1/verdicts?url=${encodeURIComponent('https://news.example/a')}`,
    );
    expect(got.status).toBe(200);
    expect(got.json().latest.id).toBe(verdictId);
    expect(got.json().latest.verdict.uses['ai-train']).toBe('denied');
    const site = await call(running.base, adminKey, 'GET', '/v1/sites/news.example');
    expect(site.json().files[0].current.body).toContain('Content-Signal');
    for (const u of ['b', 'c', 'd'])
      expect(
        (
          await call(
            running.base,
            adminKey,
            'GET',
            `/v1/verdicts?url=${encodeURIComponent(`https://news.example/${u}`)}`,
          )
        ).status,
      ).toBe(200);
    // Idempotent across restarts.
    const again = await call(running.base, crawler, 'POST', '/v1/check', {
      url: 'https://news.example/a',
      html: '<p>Story</p>',
    });
    expect(again.json().stored).toEqual({ verdictId, fetchId: checked.json().stored.fetchId, created: false });
    expect((await call(running.base, doomed, 'GET', '/v1/keys')).status).toBe(401);
    expect(await stop(running)).toBe(0);
  }, 90_000);

  it('refuses bad usage with exit code 2 and a message naming the problem', () => {
    const db = join(dir, 'other.db');
    const r = cli(['keys', 'create', '--role', 'superuser', '--label', 'x'], db);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/role must be one of crawler, reviewer, auditor, admin/);
    expect(r.stdout).toBe('');
    const p = spawnSync(process.execPath, [BIN, 'serve', '--port', 'eighty'], { cwd: ROOT, encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/--port/);
    const missing = cli(['keys', 'revoke', '12345'], db);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no API key "12345"/);
  });
});
