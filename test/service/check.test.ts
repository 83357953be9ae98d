import request from 'supertest';
import { getFetchBody } from '../../src/store/repos/fetches.js';
import { bearer, expectSchema, PLAIN_HTML, RESERVED_HTML, type TestService, testService } from './helpers.js';

describe('POST /v1/check', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await testService();
  });
  afterEach(async () => {
    await svc.cleanup();
  });

  const post = (body: unknown, query = '') =>
    request(svc.app)
      .post(`/v1/check${query}`)
      .set(bearer(svc.keys.crawler))
      .send(body as object);

  it('returns the engine verdict plus its stored id, and stores it for GET /v1/verdicts', async () => {
    const res = await post({
      id: 'req-1',
      url: 'https://news.example/a',
      headers: { 'x-robots-tag': 'noai', 'content-type': 'text/html; charset=utf-8' },
      html: RESERVED_HTML,
      status: 200,
      fetchedAt: '2026-11-01T10:00:00Z',
    });
    expect(res.status).toBe(200);
    expectSchema(res.body, 'CheckResponse');
    expect(res.body.id).toBe('req-1');
    expect(res.body.uses['ai-train']).toBe('denied');
    expect(res.body.exclude.training).toBe(true);
    expect(res.body.evidence.map((e: { signal: string }) => e.signal)).toEqual(
      expect.arrayContaining(['robots-meta', 'x-robots-tag', 'cc-license']),
    );
    expect(res.body.stored).toEqual({ verdictId: expect.any(Number), fetchId: expect.any(Number), created: true });
    expect(res.headers['x-request-id']).toBeTruthy();

    const got = await request(svc.app)
      .get('/v1/verdicts')
      .query({ url: 'https://news.example/a' })
      .set(bearer(svc.keys.reviewer));
    expect(got.status).toBe(200);
    expectSchema(got.body, 'VerdictsForUrl');
    expect(got.body.latest.id).toBe(res.body.stored.verdictId);
    expect(got.body.latest.fetch).toMatchObject({ status: 200, fetchedAt: '2026-11-01T10:00:00.000Z', title: 'Story' });
    const { stored: _s, id: _i, ...verdict } = res.body;
    // Evidence always carries the rules version once stored.
    for (const e of verdict.evidence) e.rulesVersion ??= verdict.rulesVersion;
    expect(got.body.latest.verdict).toEqual(verdict);

    const byId = await request(svc.app).get(`/v1/verdicts/${res.body.stored.verdictId}`).set(bearer(svc.keys.auditor));
    expect(byId.status).toBe(200);
    expectSchema(byId.body, 'StoredVerdict');
  });

  it('keeps a text excerpt (lead + surroundings of text evidence) but not the body by default', async () => {
    const res = await post({ url: 'https://news.example/a', html: RESERVED_HTML });
    const fetch = await svc.store.db.selectFrom('fetches').selectAll().executeTakeFirstOrThrow();
    expect(fetch.body_gzip).toBeNull();
    const excerpt = JSON.parse(fetch.text_excerpt_json!) as { lead: string; contexts: unknown[] };
    expect(excerpt.lead).toContain('Story text that matters.');
    expect(await getFetchBody(svc.store.db, res.body.stored.fetchId)).toBeNull();
  });

  it('?store=false checks without writing anything', async () => {
    const res = await post({ url: 'https://news.example/a', html: RESERVED_HTML }, '?store=false');
    expect(res.status).toBe(200);
    expect(res.body.stored).toBeNull();
    expect(res.body.uses['ai-train']).toBe('denied');
    const n = await svc.store.db
      .selectFrom('fetches')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('is idempotent: the same page twice is one fetch and one verdict', async () => {
    const body = { url: 'https://news.example/a', html: RESERVED_HTML, headers: [['X-Robots-Tag', 'noai']] };
    const a = await post(body);
    const b = await post(body);
    expect(b.body.stored).toEqual({ ...a.body.stored, created: false });
    const rows = await svc.store.db.selectFrom('verdicts').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps history: a changed page is a new verdict, the old one stays listed', async () => {
    const a = await post({ url: 'https://news.example/a', html: RESERVED_HTML });
    const b = await post({ url: 'https://news.example/a', html: PLAIN_HTML });
    const got = await request(svc.app)
      .get('/v1/verdicts')
      .query({ url: 'https://news.example/a' })
      .set(bearer(svc.keys.reviewer));
    expect(got.body.latest.id).toBe(b.body.stored.verdictId);
    expect(got.body.history.map((h: { id: number }) => h.id)).toEqual([
      b.body.stored.verdictId,
      a.body.stored.verdictId,
    ]);
    expect(got.body.history[1].uses['ai-train']).toBe('denied');
    expect(got.body.history[0].uses['ai-train']).toBe('unknown');
    expect(got.body.history[0].bodySha256).not.toBe(got.body.history[1].bodySha256);
  });

  it('evaluates a given profile and agent, and refuses an unknown profile naming the field', async () => {
    const ok = await post({ url: 'https://news.example/a', text: 'hello', profile: 'eu-statutory', agent: 'GPTBot' });
    expect(ok.status).toBe(200);
    expect(ok.body.profile).toBe('eu-statutory');
    expect(ok.body.agent).toMatchObject({ token: 'gptbot' });
    const bad = await post({ url: 'https://news.example/a', text: 'hello', profile: 'no-such-profile' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'unknown_profile', field: 'profile' });
  });

  it('refuses binary content with a clear error', async () => {
    const res = await post({ url: 'https://news.example/a', html: 'abc\u0000def' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'binary', field: 'html' });
  });

  it('keeps the body with --store-bodies', async () => {
    const withBodies = await testService({ storeBodies: true });
    try {
      const res = await request(withBodies.app)
        .post('/v1/check')
        .set(bearer(withBodies.keys.crawler))
        .send({ url: 'https://news.example/a', html: RESERVED_HTML });
      expect((await getFetchBody(withBodies.store.db, res.body.stored.fetchId))!.toString()).toBe(RESERVED_HTML);
    } finally {
      await withBodies.cleanup();
    }
  });
});

describe('request validation against the OpenAPI document (400 naming the field)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await testService();
  });
  afterAll(async () => {
    await svc.cleanup();
  });

  const cases: [string, unknown, string, RegExp][] = [
    ['missing url', { html: '<p>x</p>' }, 'url', /url is required/],
    ['neither html nor text', { url: 'https://a.example/' }, 'html', /one of: html, text/],
    ['both html and text', { url: 'https://a.example/', html: 'x', text: 'y' }, 'text', /only one of html, text/],
    ['relative url', { url: '/a', html: 'x' }, 'url', /url must/],
    ['non-http url', { url: 'ftp://a.example/x', text: 'x' }, 'url', /url must match pattern/],
    ['status out of range', { url: 'https://a.example/', text: 'x', status: 999 }, 'status', /status must be <= 599/],
    ['bad fetchedAt', { url: 'https://a.example/', text: 'x', fetchedAt: 'yesterday' }, 'fetchedAt', /date-time/],
    [
      'headers of the wrong type',
      { url: 'https://a.example/', text: 'x', headers: 'x-robots-tag: noai' },
      'headers',
      /allowed forms/,
    ],
    [
      'header value not a string',
      { url: 'https://a.example/', text: 'x', headers: { a: 5 } },
      'headers.a',
      /allowed forms/,
    ],
    ['unknown field', { url: 'https://a.example/', text: 'x', extra: 1 }, 'extra', /not a known field/],
    [
      'nested bad field',
      { url: 'https://a.example/', text: 'x', site: { robotsStatus: 'x' } },
      'site.robotsStatus',
      /integer/,
    ],
    ['bad agent token', { url: 'https://a.example/', text: 'x', agent: 'Bad Bot/1.0' }, 'agent', /pattern/],
    ['not an object', [1, 2], '', /must be object/],
  ];
  it.each(cases)('%s', async (_name, body, field, message) => {
    const res = await request(svc.app)
      .post('/v1/check')
      .set(bearer(svc.keys.crawler))
      .send(body as object);
    expect(res.status).toBe(400);
    expectSchema(res.body, 'Error');
    expect(res.body.error.code).toBe('invalid_body');
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an unknown query parameter (a typo must not turn a dry run into a write)', async () => {
    const res = await request(svc.app)
      .post('/v1/check?stor=false')
      .set(bearer(svc.keys.crawler))
      .send({ url: 'https://a.example/', text: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', field: 'stor' });
  });

  it('refuses a bad value of a known query parameter', async () => {
    const res = await request(svc.app)
      .post('/v1/check?store=no')
      .set(bearer(svc.keys.crawler))
      .send({ url: 'https://a.example/', text: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', field: 'store' });
  });

  it('malformed JSON is a 400 invalid_json', async () => {
    const res = await request(svc.app)
      .post('/v1/check')
      .set(bearer(svc.keys.crawler))
      .set('Content-Type', 'application/json')
      .send('{"url": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('a body of another type is 415', async () => {
    const res = await request(svc.app)
      .post('/v1/check')
      .set(bearer(svc.keys.crawler))
      .set('Content-Type', 'text/html')
      .send('<p>x</p>');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('a missing body is a 400', async () => {
    const res = await request(svc.app).post('/v1/check').set(bearer(svc.keys.crawler));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
  });
});

describe('limits', () => {
  it('a body over --max-body is 413, and a smaller one passes', async () => {
    const svc = await testService({ maxBodyBytes: 4096 });
    try {
      const big = await request(svc.app)
        .post('/v1/check')
        .set(bearer(svc.keys.crawler))
        .send({ url: 'https://a.example/', text: 'x'.repeat(5000) });
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('too_large');
      expect(big.body.error.message).toContain('4096');
      const small = await request(svc.app)
        .post('/v1/check')
        .set(bearer(svc.keys.crawler))
        .send({ url: 'https://a.example/', text: 'x'.repeat(1000) });
      expect(small.status).toBe(200);
    } finally {
      await svc.cleanup();
    }
  });

  it('an inline site file over --max-site-file is 413 naming the field', async () => {
    const svc = await testService({ maxSiteFileBytes: 100 });
    try {
      const res = await request(svc.app)
        .post('/v1/check')
        .set(bearer(svc.keys.crawler))
        .send({ url: 'https://a.example/', text: 'x', site: { robotsTxt: `User-agent: *\n${'#'.repeat(200)}` } });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'too_large', field: 'site.robotsTxt' });
    } finally {
      await svc.cleanup();
    }
  });
});
