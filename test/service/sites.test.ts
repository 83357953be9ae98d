import request from 'supertest';
import { bearer, expectSchema, type TestService, testService } from './helpers.js';

const ORIGIN = encodeURIComponent('https://news.example');
const SIGNAL_ROBOTS = 'User-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n';
const OPEN_ROBOTS = 'User-agent: *\nAllow: /\n';

describe('site files', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await testService({ maxSiteFileBytes: 2048 });
  });
  afterEach(async () => {
    await svc.cleanup();
  });

  const put = (path: string, body: string, type = 'text/plain') =>
    request(svc.app).put(path).set(bearer(svc.keys.crawler)).set('Content-Type', type).send(body);
  const check = (body: object) => request(svc.app).post('/v1/check').set(bearer(svc.keys.crawler)).send(body);

  it('upload robots.txt, then checks of that origin use it; the verdict records the snapshot', async () => {
    const up = await put(`/v1/sites/${ORIGIN}/robots.txt`, SIGNAL_ROBOTS);
    expect(up.status).toBe(201);
    expectSchema(up.body, 'SnapshotAck');
    expect(up.body.snapshot).toMatchObject({ kind: 'robots.txt', url: 'https://news.example/robots.txt', status: 200 });
    const res = await check({ url: 'https://news.example/politics/a', html: '<p>Story</p>' });
    expect(res.status).toBe(200);
    expect(res.body.uses['ai-train']).toBe('denied');
    const site = res.body.evidence.filter((e: { source: string }) => e.source === 'site');
    expect(site.map((e: { signal: string }) => e.signal)).toContain('robots-content-signal');
    const stored = await request(svc.app)
      .get(`/v1/verdicts/${res.body.stored.verdictId}`)
      .set(bearer(svc.keys.reviewer));
    expect(stored.body.siteSnapshotIds).toEqual([up.body.snapshot.id]);
    // Another origin is not affected.
    const other = await check({ url: 'https://other.example/a', html: '<p>Story</p>' });
    expect(other.body.uses['ai-train']).toBe('unknown');
  });

  it('a bare host and the encoded origin name the same site', async () => {
    await put('/v1/sites/news.example/robots.txt', SIGNAL_ROBOTS);
    const again = await put(`/v1/sites/${ORIGIN}/robots.txt`, SIGNAL_ROBOTS);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.snapshot.seenCount).toBe(2);
  });

  it('keeps history and answers since when the site reserves AI training', async () => {
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-01-01T00:00:00Z`, OPEN_ROBOTS);
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-02-01T00:00:00Z`, OPEN_ROBOTS); // unchanged
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-03-01T00:00:00Z`, SIGNAL_ROBOTS);
    await put(`/v1/sites/${ORIGIN}/ai.txt?fetchedAt=2026-03-05T00:00:00Z`, 'User-Agent: *\nDisallow: *.txt\n');
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-04-01T00:00:00Z`, SIGNAL_ROBOTS); // unchanged
    const res = await request(svc.app).get(`/v1/sites/${ORIGIN}`).set(bearer(svc.keys.auditor));
    expect(res.status).toBe(200);
    expectSchema(res.body, 'SiteReport');
    expect(res.body.origin).toBe('https://news.example');
    const robots = res.body.files.find((f: { kind: string }) => f.kind === 'robots.txt');
    expect(robots.current.body).toBe(SIGNAL_ROBOTS);
    expect(robots.current.lastSeenAt).toBe('2026-04-01T00:00:00.000Z');
    expect(robots.history.map((h: { fetchedAt: string }) => h.fetchedAt)).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(res.body.uses['ai-train']).toBe('denied');
    expect(res.body.signals.map((e: { signal: string }) => e.signal)).toContain('robots-content-signal');
    expect(res.body.timeline[0]).toMatchObject({ from: '2026-01-01T00:00:00.000Z', until: '2026-03-01T00:00:00.000Z' });
    expect(res.body.timeline[0].uses['ai-train']).not.toBe('denied');
    expect(res.body.reservesAiTrainSince).toBe('2026-03-01T00:00:00.000Z');
  });

  it('evaluates each snapshot state once and stores it; later reports read the stored evaluations', async () => {
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-01-01T00:00:00Z`, OPEN_ROBOTS);
    await put(`/v1/sites/${ORIGIN}/robots.txt?fetchedAt=2026-03-01T00:00:00Z`, SIGNAL_ROBOTS);
    const get = () => request(svc.app).get(`/v1/sites/${ORIGIN}`).set(bearer(svc.keys.auditor));
    const first = await get();
    expect(first.status).toBe(200);
    const stored = () => svc.store.db.selectFrom('site_evaluations').selectAll().execute();
    const rows = await stored();
    // Two states in the history (the second is also the current one): two evaluations.
    expect(rows.map((r) => r.state_key).sort()).toEqual(['1', '2']);
    // Proof that the second report reads them: a stored evaluation changed by hand shows up as is.
    await svc.store.db
      .updateTable('site_evaluations')
      .set({
        uses_json: rows.find((r) => r.state_key === '2')!.uses_json.replace('"search":"allowed"', '"search":"denied"'),
      })
      .where('state_key', '=', '2')
      .execute();
    const second = await get();
    expect(second.body.uses.search).toBe('denied');
    expect(await stored()).toHaveLength(2);
    // Another agent is another evaluation.
    await request(svc.app).get(`/v1/sites/${ORIGIN}?agent=GPTBot`).set(bearer(svc.keys.auditor));
    expect((await stored()).filter((r) => r.agent === 'gptbot')).toHaveLength(2);
  });

  it('robots.txt fetched with 404 means no rules; the status is stored', async () => {
    const up = await put(`/v1/sites/${ORIGIN}/robots.txt?status=404`, '');
    expect(up.body.snapshot.status).toBe(404);
    const res = await check({ url: 'https://news.example/a', html: '<p>x</p>', agent: 'GPTBot' });
    expect(res.body.agent.mayFetch).toBe(true);
  });

  it('inline site files in a check are stored as snapshots and used for that check', async () => {
    const res = await check({
      url: 'https://news.example/a',
      html: '<p>x</p>',
      site: { robotsTxt: SIGNAL_ROBOTS, fetchedAt: '2026-05-01T00:00:00Z' },
    });
    expect(res.body.uses['ai-train']).toBe('denied');
    const site = await request(svc.app).get(`/v1/sites/${ORIGIN}`).set(bearer(svc.keys.reviewer));
    expect(site.body.files[0].current).toMatchObject({ source: 'inline', fetchedAt: '2026-05-01T00:00:00.000Z' });
    // A later check without site files uses the stored snapshot.
    const later = await check({ url: 'https://news.example/b', html: '<p>y</p>' });
    expect(later.body.uses['ai-train']).toBe('denied');
  });

  it('inline site files in a dry run are used but not stored', async () => {
    const res = await request(svc.app)
      .post('/v1/check?store=false')
      .set(bearer(svc.keys.crawler))
      .send({ url: 'https://news.example/a', html: '<p>x</p>', site: { robotsTxt: SIGNAL_ROBOTS } });
    expect(res.body.uses['ai-train']).toBe('denied');
    const site = await request(svc.app).get(`/v1/sites/${ORIGIN}`).set(bearer(svc.keys.reviewer));
    expect(site.status).toBe(404);
  });

  it('stores tdmrep.json, ai.txt and RSL documents (RSL by URL)', async () => {
    const tdm = await put(
      `/v1/sites/${ORIGIN}/tdmrep.json`,
      JSON.stringify([{ location: '/', 'tdm-reservation': 1 }]),
      'application/json',
    );
    expect(tdm.status).toBe(201);
    expect(tdm.body.snapshot.url).toBe('https://news.example/.well-known/tdmrep.json');
    const rslUrl = 'https://news.example/license.xml';
    const rsl = await put(
      `/v1/sites/${ORIGIN}/rsl?url=${encodeURIComponent(rslUrl)}`,
      '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><prohibits type="usage">ai-train</prohibits></license></content></rsl>',
      'application/rsl+xml',
    );
    expect(rsl.status).toBe(201);
    expect(rsl.body.snapshot).toMatchObject({ kind: 'rsl', url: rslUrl });
    const ai = await put(`/v1/sites/${ORIGIN}/ai.txt`, 'User-Agent: *\nDisallow: /\n');
    expect(ai.status).toBe(201);
    const res = await check({ url: 'https://news.example/a', html: '<p>x</p>' });
    expect(res.body.uses.tdm).toBe('denied');
    const stored = await request(svc.app)
      .get(`/v1/verdicts/${res.body.stored.verdictId}`)
      .set(bearer(svc.keys.reviewer));
    expect(stored.body.siteSnapshotIds).toHaveLength(3);
  });

  it('refuses bad input: RSL without url, bad origin, file too large, unsupported type', async () => {
    const noUrl = await put(`/v1/sites/${ORIGIN}/rsl`, '<rsl/>', 'application/xml');
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error).toMatchObject({ code: 'invalid_query', field: 'url' });
    const badOrigin = await put(`/v1/sites/${encodeURIComponent('https://news.example/path')}/robots.txt`, OPEN_ROBOTS);
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.body.error).toMatchObject({ code: 'invalid_path', field: 'origin' });
    const ftp = await put(`/v1/sites/${encodeURIComponent('ftp://news.example')}/robots.txt`, OPEN_ROBOTS);
    expect(ftp.status).toBe(400);
    const big = await put(`/v1/sites/${ORIGIN}/robots.txt`, `User-agent: *\n${'#'.repeat(3000)}`);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too_large');
    const png = await put(`/v1/sites/${ORIGIN}/robots.txt`, 'x', 'image/png');
    expect(png.status).toBe(415);
    const badStatus = await put(`/v1/sites/${ORIGIN}/robots.txt?status=abc`, OPEN_ROBOTS);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.field).toBe('status');
    const unknownSite = await request(svc.app).get('/v1/sites/nowhere.example').set(bearer(svc.keys.reviewer));
    expect(unknownSite.status).toBe(404);
  });
});
