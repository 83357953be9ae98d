import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceConfig } from '../../src/service/config';
import { type TestService, testService } from './helpers';

/**
 * Issue 12: checks run on worker threads, so a slow page never holds the HTTP thread; every check has a
 * time budget (flag, never a silent "allowed") and a hard limit (the worker is replaced); a full queue is
 * a 503 with Retry-After. Assertions are about order and outcome, not about milliseconds.
 */
const SLOW_TEXT = 'All rights reserved. '.repeat(50_000);

interface Running {
  svc: TestService;
  server: Server;
  port: number;
}

async function running(config: Partial<ServiceConfig>): Promise<Running> {
  const svc = await testService(config);
  const server = svc.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { svc, server, port: (server.address() as AddressInfo).port };
}

async function stop(r: Running): Promise<void> {
  await new Promise((resolve) => r.server.close(resolve));
  await r.svc.cleanup();
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  text: string;
}

function call(r: Running, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: r.port,
        method,
        path,
        headers: {
          Authorization: `Bearer ${r.svc.keys.crawler}`,
          ...(data ? { 'Content-Type': contentType, 'Content-Length': String(data.length) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(text);
          } catch {
            // NDJSON or empty
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const flagCodes = (v: Record<string, unknown>) => (v.flags as { code: string }[]).map((f) => f.code);

describe('checks off the HTTP thread', () => {
  let r: Running;
  beforeAll(async () => {
    r = await running({ checkWorkers: 2, checkBudgetMs: 60_000 });
  });
  afterAll(() => stop(r));

  test('/healthz answers while slow checks run', async () => {
    let slowDone = 0;
    const slow = Array.from({ length: 4 }, () =>
      call(r, 'POST', '/v1/check?store=false', { url: 'https://slow.example/', text: SLOW_TEXT }).then((res) => {
        slowDone++;
        return res;
      }),
    );
    // Let the checks reach the workers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health: number[] = [];
    for (let i = 0; i < 20; i++) health.push((await call(r, 'GET', '/healthz')).status);
    const doneWhileHealthy = slowDone;
    const results = await Promise.all(slow);
    expect(health.every((s) => s === 200)).toBe(true);
    // Twenty health checks finished before the four slow checks did: the HTTP thread was never blocked.
    expect(doneWhileHealthy).toBeLessThan(4);
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.body.uses).toBeDefined();
    }
  });

  test('a batch of slow lines leaves room for other requests (fair queue)', async () => {
    const lines = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ id: i, url: `https://b${i}.example/`, text: SLOW_TEXT }),
    );
    let batchDone = false;
    const batch = call(r, 'POST', '/v1/check/batch?store=false', `${lines.join('\n')}\n`, 'application/x-ndjson').then(
      (res) => {
        batchDone = true;
        return res;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const single = await call(r, 'POST', '/v1/check?store=false', {
      url: 'https://quick.example/',
      text: 'Text and data mining of this site is prohibited.',
    });
    const singleBeforeBatch = !batchDone;
    const res = await batch;
    expect(single.status).toBe(200);
    expect((single.body.uses as Record<string, string>).tdm).toBe('denied');
    // The single check did not wait for the six slow lines: it was queued behind at most the batch's window.
    expect(singleBeforeBatch).toBe(true);
    const out = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.at(-1)).toEqual({ done: true, lines: 6, ok: 6, errors: 0 });
    expect(out.slice(0, 6).map((l) => l.id)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('time budget and hard limit', () => {
  test('past the budget: evidence so far, check_budget_exceeded, excluded, never a silent "allowed"', async () => {
    const r = await running({ checkWorkers: 1, checkBudgetMs: 1 });
    try {
      const res = await call(r, 'POST', '/v1/check?store=false', {
        url: 'https://budget.example/',
        headers: { 'TDM-Reservation': '1' },
        text: `${'The market square was busy. '.repeat(20_000)}\n\nNo AI training without a licence.`,
      });
      expect(res.status).toBe(200);
      const flag = (res.body.flags as { code: string; detail: string }[]).find(
        (f) => f.code === 'check_budget_exceeded',
      );
      expect(flag?.detail).toMatch(/time budget of 1 ms .* not examined: \d+ text passages?/);
      // The machine-readable header was read; the page is out of training and redistribution under conservative.
      expect((res.body.uses as Record<string, string>).tdm).toBe('denied');
      expect((res.body.exclude as Record<string, boolean>).training).toBe(true);
    } finally {
      await stop(r);
    }
  });

  test('past the hard limit: the worker is replaced, the answer is unknown + flagged, the next check works', async () => {
    const r = await running({ checkWorkers: 1, checkBudgetMs: 60_000, checkHardLimitMs: 200 });
    try {
      const res = await call(r, 'POST', '/v1/check?store=true', { url: 'https://stuck.example/', text: SLOW_TEXT });
      expect(res.status).toBe(200);
      expect(flagCodes(res.body)).toContain('check_budget_exceeded');
      expect(Object.values(res.body.uses as Record<string, string>).every((u) => u === 'unknown')).toBe(true);
      expect((res.body.exclude as Record<string, boolean>).training).toBe(true);
      // Stored like any verdict, so it reaches the review queue.
      expect((res.body.stored as { verdictId: number }).verdictId).toBeGreaterThan(0);
      const next = await call(r, 'POST', '/v1/check?store=false', {
        url: 'https://next.example/',
        text: 'Text and data mining is prohibited.',
      });
      expect(next.status).toBe(200);
      expect((next.body.uses as Record<string, string>).tdm).toBe('denied');
    } finally {
      await stop(r);
    }
  });

  test('a full queue is 503 with Retry-After, not a wait without end', async () => {
    const r = await running({ checkWorkers: 1, checkQueue: 1, checkBudgetMs: 60_000 });
    try {
      const all = await Promise.all(
        Array.from({ length: 4 }, () =>
          call(r, 'POST', '/v1/check?store=false', { url: 'https://q.example/', text: SLOW_TEXT }),
        ),
      );
      const statuses = all.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
      const refused = all.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const x of refused) {
        expect(x.headers['retry-after']).toBe('1');
        expect((x.body.error as { code: string }).code).toBe('overloaded');
      }
    } finally {
      await stop(r);
    }
  });
});
