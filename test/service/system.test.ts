import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/service/app.js';
import { createLogger } from '../../src/service/logging.js';
import { openStore } from '../../src/store/open.js';
import { createKey } from '../../src/store/repos/keys.js';
import { bearer, engine, expectSchema, RESERVED_HTML, type TestService, testService } from './helpers.js';

describe('GET /openapi.json', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await testService();
  });
  afterAll(async () => {
    await svc.cleanup();
  });

  it('is an OpenAPI 3.1 document whose every $ref resolves and whose operations are unique and role-tagged', async () => {
    const res = await request(svc.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const refs = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.add(x);
          else walk(x);
        }
    };
    walk(doc);
    for (const r of refs) {
      const name = r.replace('#/components/schemas/', '');
      expect(doc.components.schemas[name]).toBeDefined();
    }
    const ids: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>))
      for (const [method, op] of Object.entries(ops)) {
        ids.push(op.operationId as string);
        expect(Array.isArray(op['x-roles'])).toBe(true);
        expect(Object.keys(op.responses as object).length).toBeGreaterThan(0);
        expect(`${method} ${path}`).toBeTruthy();
      }
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/check',
        '/v1/check/batch',
        '/v1/sites/{origin}/robots.txt',
        '/v1/sites/{origin}/tdmrep.json',
        '/v1/sites/{origin}/ai.txt',
        '/v1/sites/{origin}/rsl',
        '/v1/sites/{origin}',
        '/v1/verdicts',
        '/healthz',
        '/metrics',
      ]),
    );
  });
});

describe('health, metrics, errors, logs', () => {
  it('GET /healthz reports ok with the rules version', async () => {
    const svc = await testService();
    try {
      const res = await request(svc.app).get('/healthz');
      expect(res.status).toBe(200);
      expectSchema(res.body, 'Health');
      expect(res.body).toMatchObject({ status: 'ok', rulesVersion: engine.resources.rulesVersion });
    } finally {
      await svc.cleanup();
    }
  });

  it('GET /metrics: request counts and latency by route, verdicts by use and outcome, store size', async () => {
    const svc = await testService();
    try {
      await request(svc.app)
        .post('/v1/check')
        .set(bearer(svc.keys.crawler))
        .send({ url: 'https://news.example/a', html: RESERVED_HTML });
      const res = await request(svc.app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain/);
      const text = res.text;
      expect(text).toMatch(/clearance_http_requests_total\{method="POST",route="\/v1\/check",status="200"\} 1/);
      expect(text).toMatch(
        /clearance_http_request_duration_seconds_bucket\{le="0\.02",method="POST",route="\/v1\/check"\} [01]\n/,
      );
      expect(text).toMatch(/clearance_http_request_duration_seconds_count\{method="POST",route="\/v1\/check"\} 1/);
      expect(text).toMatch(/clearance_verdicts_total\{use="ai-train",outcome="denied"\} 1/);
      expect(text).toMatch(/clearance_pages_checked_total\{stored="true"\} 1/);
      expect(text).toMatch(/clearance_store_rows\{table="verdicts"\} 1/);
      expect(text).toMatch(/clearance_store_rows\{table="api_keys"\} 4/);
      const bytes = Number(/clearance_store_bytes (\d+)/.exec(text)![1]);
      expect(bytes).toBeGreaterThan(4096);
      expect(text).toMatch(/clearance_process_cpu_user_seconds_total/);
    } finally {
      await svc.cleanup();
    }
  });

  it('unknown routes are JSON 404, wrong methods 405 with Allow; security headers are set', async () => {
    const svc = await testService();
    try {
      const nf = await request(svc.app).get('/nope');
      expect(nf.status).toBe(404);
      expectSchema(nf.body, 'Error');
      expect(nf.body.error.code).toBe('not_found');
      const na = await request(svc.app).get('/v1/check').set(bearer(svc.keys.crawler));
      expect(na.status).toBe(405);
      expect(na.headers.allow).toBe('POST');
      expect(nf.headers['x-content-type-options']).toBe('nosniff');
      expect(nf.headers['x-powered-by']).toBeUndefined();
    } finally {
      await svc.cleanup();
    }
  });

  it('a 500 never shows a stack or internals to the client, only a request id; the log has the details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearance-500-'));
    const out = new PassThrough();
    let log = '';
    out.on('data', (c) => {
      log += c.toString();
    });
    const store = await openStore({ path: join(dir, 'c.db') });
    const { key } = await createKey(store, { role: 'crawler', label: 'c', actor: 'test' });
    const { app, close } = createApp({
      store,
      engine,
      config: { rateLimit: { perSecond: 0, burst: 1 }, checkWorkers: 1 },
      logger: createLogger('info', out),
    });
    try {
      // Break the database under the running app: every query now fails inside the driver.
      await store.close();
      const res = await request(app)
        .post('/v1/check')
        .set(bearer(key))
        .set('X-Request-Id', 'trace-500')
        .send({ url: 'https://a.example/', text: 'x' });
      // Authentication itself needs the database, so the failure surfaces there.
      expect(res.status).toBe(500);
      expectSchema(res.body, 'Error');
      expect(res.body.error.code).toBe('internal');
      expect(res.body.error.requestId).toBe('trace-500');
      const raw = JSON.stringify(res.body);
      expect(raw).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|destroyed|kysely/i);
      const health = await request(app).get('/healthz');
      expect(health.status).toBe(503);
      expect(log).toContain('"reqId":"trace-500"');
      expect(log).toMatch(/"stack":"/);
    } finally {
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs one structured line per request with request id, route, status and key id — never the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearance-log-'));
    const out = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    out.on('data', (c) => {
      for (const l of c.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
    });
    const store = await openStore({ path: join(dir, 'c.db') });
    const { key, id } = await createKey(store, { role: 'crawler', label: 'c', actor: 'test' });
    const { app, close } = createApp({
      store,
      engine,
      config: { rateLimit: { perSecond: 0, burst: 1 }, checkWorkers: 1 },
      logger: createLogger('info', out),
    });
    try {
      const ok = await request(app).post('/v1/check').set(bearer(key)).send({ url: 'https://a.example/', text: 'x' });
      const bad = await request(app)
        .post('/v1/check')
        .set(bearer(key))
        .set('X-Request-Id', 'bad id with spaces')
        .send({});
      await new Promise((r) => setImmediate(r));
      const reqLines = lines.filter((l) => l.msg === 'request');
      expect(reqLines).toHaveLength(2);
      expect(reqLines[0]).toMatchObject({
        reqId: ok.headers['x-request-id'],
        route: '/v1/check',
        status: 200,
        keyId: id,
        role: 'crawler',
      });
      expect(reqLines[1]).toMatchObject({ status: 400 });
      expect(bad.headers['x-request-id']).not.toBe('bad id with spaces');
      expect(JSON.stringify(lines)).not.toContain(key);
    } finally {
      await close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
