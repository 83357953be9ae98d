import request from 'supertest';
import { OPERATIONS } from '../../src/service/openapi/operations.js';
import { ROLES, type Role } from '../../src/store/schema.js';
import { bearer, expectSchema, type TestService, testService } from './helpers.js';

type Call = { method: 'get' | 'post' | 'put' | 'delete'; path: string; template: string; body?: string; type?: string };

const CHECK = JSON.stringify({ url: 'https://a.example/', text: 'x' });

/**
 * The role matrix, stated here independently of the operation table: who may call what. Every operation
 * of the API must appear (checked below), so a new route cannot ship without a decision in this table.
 */
const MATRIX: [Call, Role[] | 'public'][] = [
  [
    { method: 'post', path: '/v1/check', template: '/v1/check', body: CHECK, type: 'application/json' },
    ['crawler', 'admin'],
  ],
  [
    { method: 'post', path: '/v1/check/batch', template: '/v1/check/batch', body: CHECK, type: 'application/x-ndjson' },
    ['crawler', 'admin'],
  ],
  [
    {
      method: 'put',
      path: '/v1/sites/a.example/robots.txt',
      template: '/v1/sites/{origin}/robots.txt',
      body: '',
      type: 'text/plain',
    },
    ['crawler', 'admin'],
  ],
  [
    {
      method: 'put',
      path: '/v1/sites/a.example/tdmrep.json',
      template: '/v1/sites/{origin}/tdmrep.json',
      body: '[]',
      type: 'application/json',
    },
    ['crawler', 'admin'],
  ],
  [
    {
      method: 'put',
      path: '/v1/sites/a.example/ai.txt',
      template: '/v1/sites/{origin}/ai.txt',
      body: '',
      type: 'text/plain',
    },
    ['crawler', 'admin'],
  ],
  [
    {
      method: 'put',
      path: '/v1/sites/a.example/rsl?url=https%3A%2F%2Fa.example%2Frsl.xml',
      template: '/v1/sites/{origin}/rsl',
      body: '<rsl/>',
      type: 'application/xml',
    },
    ['crawler', 'admin'],
  ],
  [{ method: 'get', path: '/v1/sites/a.example', template: '/v1/sites/{origin}' }, ['reviewer', 'auditor', 'admin']],
  [
    { method: 'get', path: '/v1/verdicts?url=https%3A%2F%2Fa.example%2F', template: '/v1/verdicts' },
    ['reviewer', 'auditor', 'admin'],
  ],
  [{ method: 'get', path: '/v1/verdicts/1', template: '/v1/verdicts/{id}' }, ['reviewer', 'auditor', 'admin']],
  [
    {
      method: 'post',
      path: '/v1/keys',
      template: '/v1/keys',
      body: JSON.stringify({ role: 'crawler', label: 'm' }),
      type: 'application/json',
    },
    ['admin'],
  ],
  [{ method: 'get', path: '/v1/keys', template: '/v1/keys' }, ['admin']],
  [{ method: 'delete', path: '/v1/keys/999999', template: '/v1/keys/{id}' }, ['admin']],
  // The review workspace (issue 6): reviewers read and decide, auditors read and export, pipelines (crawler
  // keys) fetch exclusion lists. Bodies are minimal: an allowed role gets past the gate (400/404 are fine).
  [{ method: 'get', path: '/v1/review/items', template: '/v1/review/items' }, ['reviewer', 'auditor', 'admin']],
  [{ method: 'get', path: '/v1/review/items/1', template: '/v1/review/items/{id}' }, ['reviewer', 'auditor', 'admin']],
  [{ method: 'get', path: '/v1/review/overview', template: '/v1/review/overview' }, ['reviewer', 'auditor', 'admin']],
  [{ method: 'post', path: '/v1/conclusions', template: '/v1/conclusions', body: '{}' }, ['reviewer', 'admin']],
  [
    { method: 'post', path: '/v1/conclusions/bulk', template: '/v1/conclusions/bulk', body: '{}' },
    ['reviewer', 'admin'],
  ],
  [{ method: 'get', path: '/v1/conclusions', template: '/v1/conclusions' }, ['reviewer', 'auditor', 'admin']],
  [{ method: 'get', path: '/v1/conclusions/1', template: '/v1/conclusions/{id}' }, ['reviewer', 'auditor', 'admin']],
  [
    { method: 'post', path: '/v1/conclusions/1/revoke', template: '/v1/conclusions/{id}/revoke', body: '{}' },
    ['reviewer', 'admin'],
  ],
  [{ method: 'get', path: '/v1/publishers', template: '/v1/publishers' }, ['reviewer', 'auditor', 'admin']],
  [
    { method: 'put', path: '/v1/publishers/acme', template: '/v1/publishers/{name}', body: '{}' },
    ['reviewer', 'admin'],
  ],
  [{ method: 'get', path: '/v1/exports/report', template: '/v1/exports/report' }, ['auditor', 'admin']],
  [
    { method: 'get', path: '/v1/exports/exclusions?use=ai-train', template: '/v1/exports/exclusions' },
    ['crawler', 'auditor', 'admin'],
  ],
  [{ method: 'get', path: '/v1/audit', template: '/v1/audit' }, ['auditor', 'admin']],
  [{ method: 'get', path: '/v1/audit/verify', template: '/v1/audit/verify' }, ['auditor', 'admin']],
  [{ method: 'get', path: '/healthz', template: '/healthz' }, 'public'],
  [{ method: 'get', path: '/metrics', template: '/metrics' }, 'public'],
  [{ method: 'get', path: '/openapi.json', template: '/openapi.json' }, 'public'],
];

function send(svc: TestService, call: Call, key?: string) {
  let r = request(svc.app)[call.method](call.path);
  if (key) r = r.set(bearer(key));
  if (call.body !== undefined) r = r.set('Content-Type', call.type ?? 'application/json').send(call.body);
  return r;
}

describe('role matrix: each role × each route → allowed or 403', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await testService();
  });
  afterAll(async () => {
    await svc.cleanup();
  });

  it('covers every operation of the API', () => {
    const covered = new Set(MATRIX.map(([c]) => `${c.method} ${c.template}`));
    expect(OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((k) => !covered.has(k))).toEqual([]);
  });

  const cases: [string, Call, Role | 'none', boolean][] = [];
  for (const [call, allowed] of MATRIX)
    for (const role of [...ROLES, 'none'] as const)
      cases.push([
        `${call.method.toUpperCase()} ${call.template} as ${role}`,
        call,
        role,
        allowed === 'public' || (role !== 'none' && allowed.includes(role)),
      ]);

  it.each(cases)('%s', async (_name, call, role, allowed) => {
    const res = await send(svc, call, role === 'none' ? undefined : svc.keys[role]);
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else if (role === 'none') {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
      expectSchema(res.body, 'Error');
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});

describe('keys', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await testService();
  });
  afterEach(async () => {
    await svc.cleanup();
  });

  it('an unknown key, a malformed header and a revoked key are 401', async () => {
    const unknown = await request(svc.app).get('/v1/keys').set(bearer('clr_not-a-real-key'));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_key');
    const basic = await request(svc.app).get('/v1/keys').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(basic.status).toBe(401);
  });

  it('admins create, list and revoke keys over HTTP; the secret is shown once and never listed', async () => {
    const created = await request(svc.app)
      .post('/v1/keys')
      .set(bearer(svc.keys.admin))
      .send({ role: 'crawler', label: 'crawler-eu-1' });
    expect(created.status).toBe(201);
    expectSchema(created.body, 'NewApiKey');
    const key = created.body.key as string;
    expect(key).toMatch(/^clr_[A-Za-z0-9_-]{43}$/);
    const use = await request(svc.app)
      .post('/v1/check')
      .set(bearer(key))
      .send({ url: 'https://a.example/', text: 'x' });
    expect(use.status).toBe(200);

    const list = await request(svc.app).get('/v1/keys').set(bearer(svc.keys.admin));
    expectSchema(list.body, 'ApiKeyList');
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body.keys.find((k: { id: number }) => k.id === created.body.id)).toMatchObject({
      role: 'crawler',
      label: 'crawler-eu-1',
      prefix: key.slice(0, 10),
    });
    const rows = await svc.store.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(key);

    const revoked = await request(svc.app).delete(`/v1/keys/${created.body.id}`).set(bearer(svc.keys.admin));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    const after = await request(svc.app)
      .post('/v1/check')
      .set(bearer(key))
      .send({ url: 'https://a.example/', text: 'x' });
    expect(after.status).toBe(401);
    const listed = await request(svc.app).get('/v1/keys').set(bearer(svc.keys.admin));
    expect(listed.body.keys.some((k: { id: number }) => k.id === created.body.id)).toBe(false);
    const all = await request(svc.app).get('/v1/keys?includeRevoked=true').set(bearer(svc.keys.admin));
    expect(all.body.keys.some((k: { id: number }) => k.id === created.body.id)).toBe(true);

    const audit = await svc.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const mine = audit.filter((a) => a.subject === `key:${created.body.id}`);
    expect(mine.map((a) => a.action)).toEqual(['key.create', 'key.revoke']);
    expect(mine.every((a) => a.actor.startsWith('key:'))).toBe(true);
  });

  it('refuses a bad role or label naming the field, and a missing key id is 404', async () => {
    const role = await request(svc.app).post('/v1/keys').set(bearer(svc.keys.admin)).send({ role: 'root', label: 'x' });
    expect(role.status).toBe(400);
    expect(role.body.error.field).toBe('role');
    const label = await request(svc.app)
      .post('/v1/keys')
      .set(bearer(svc.keys.admin))
      .send({ role: 'crawler', label: '   ' });
    expect(label.status).toBe(400);
    expect(label.body.error.field).toBe('label');
    const missing = await request(svc.app).delete('/v1/keys/424242').set(bearer(svc.keys.admin));
    expect(missing.status).toBe(404);
  });
});

describe('rate limit per key', () => {
  it('answers 429 with Retry-After once a key exceeds its burst; other keys are not affected', async () => {
    const svc = await testService({ rateLimit: { perSecond: 0.5, burst: 3 } });
    try {
      const call = (key: string) => request(svc.app).get('/v1/verdicts/1').set(bearer(key));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(svc.keys.reviewer)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await call(svc.keys.reviewer);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.headers['ratelimit-limit']).toBe('3');
      expect((await call(svc.keys.auditor)).status).toBe(404);
      const metrics = await request(svc.app).get('/metrics');
      expect(metrics.text).toMatch(/clearance_rate_limited_total\{role="reviewer"\} 2/);
    } finally {
      await svc.cleanup();
    }
  });
});
