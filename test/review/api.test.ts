import { createHash } from 'node:crypto';
import request from 'supertest';
import { UTF8_BOM } from '../../src/export/csv';
import type { Verdict } from '../../src/model/verdict';
import type { Role } from '../../src/store/schema';
import { NOAI, TDM_RESERVED } from './helpers';
import { bearer, type ReviewService, reviewService } from './service';

let svc: ReviewService;

beforeAll(async () => {
  svc = await reviewService();
});
afterAll(() => svc.cleanup());

const as = (role: Role) => bearer(svc.keys[role]);

async function checkPage(url: string, html: string): Promise<Verdict & { stored: unknown }> {
  const r = await request(svc.app).post('/v1/check').set(as('crawler')).send({ url, html });
  expect(r.status).toBe(200);
  return r.body as Verdict & { stored: unknown };
}

async function conclude(role: Role, body: Record<string, unknown>) {
  return request(svc.app).post('/v1/conclusions').set(as(role)).send(body);
}

const licence = {
  action: 'licence-acquired',
  reason: 'LICENSE_ACQUIRED',
  comment: 'Annual licence signed with Example Media',
  licenceRef: 'CT-2026-0042',
  scope: { kind: 'domain', domain: 'example.com' },
};

describe('conclusions over HTTP', () => {
  test('detected first; a domain conclusion then applies to another page of the domain at its check', async () => {
    const a = await checkPage('https://news.example.com/a', TDM_RESERVED('A'));
    expect(a.exclude.training).toBe(true);
    expect(a.concluded).toBeUndefined();

    const created = await conclude('reviewer', licence);
    expect(created.status).toBe(201);
    expect(created.body.conclusion.id).toMatch(/^cn_/);
    expect(created.body.conclusion.createdBy).toBe('test-reviewer (key:2)');
    expect(created.body.refreshed).toBe(1);

    const b = await checkPage('https://www.example.com/b', TDM_RESERVED('B'));
    expect(b.exclude.training).toBe(false);
    expect(b.concluded).toMatchObject({ action: 'licence-acquired', licenceRef: 'CT-2026-0042', scope: licence.scope });
    expect(b.evidence.every((e) => e.concluded?.conclusionId === created.body.conclusion.id)).toBe(true);
    // Another domain is untouched.
    const c = await checkPage('https://other.org/c', TDM_RESERVED('C'));
    expect(c.concluded).toBeUndefined();
    // The stored verdict of page A is unchanged (detected); its queue item shows the effective state.
    const stored = await request(svc.app)
      .get('/v1/verdicts')
      .query({ url: 'https://news.example.com/a' })
      .set(as('auditor'));
    expect(stored.body.latest.verdict.exclude.training).toBe(true);
    const items = await request(svc.app)
      .get('/v1/review/items')
      .query({ domain: 'example.com', scope: 'all' })
      .set(as('auditor'));
    expect(items.status).toBe(200);
    expect(items.body.items.map((i: { status: string }) => i.status)).toEqual(['licence-acquired', 'licence-acquired']);
    expect(items.body.counts).toMatchObject({ total: 2, open: 0, concluded: 2, excludeTraining: 0 });
  });

  test('a narrower scope wins over a broader one, whatever the order they were made in', async () => {
    const page = await conclude('admin', {
      action: 'override',
      reason: 'POLICY_DECISION',
      comment: 'This section is syndicated content not covered by the licence',
      permissions: { 'ai-train': 'denied' },
      scope: { kind: 'path', origin: 'https://www.example.com', prefix: '/b' },
    });
    expect(page.status).toBe(201);
    const b = await checkPage('https://www.example.com/b', TDM_RESERVED('B'));
    expect(b.concluded?.action).toBe('override');
    expect(b.uses['ai-train']).toBe('denied');
    expect(b.exclude.training).toBe(true);
    // A newer but broader publisher conclusion does not beat the path one.
    const pub = await conclude('reviewer', {
      action: 'confirm',
      reason: 'VERIFIED_WITH_PUBLISHER',
      comment: 'Group policy confirmed',
      scope: { kind: 'publisher', publisher: 'Example Group', domains: ['example.com', 'example.org'] },
    });
    expect(pub.status).toBe(201);
    expect((await checkPage('https://www.example.com/b', TDM_RESERVED('B'))).concluded?.action).toBe('override');
    // Revoking the path conclusion falls back to the domain one.
    const revoked = await request(svc.app)
      .post(`/v1/conclusions/${page.body.conclusion.id}/revoke`)
      .set(as('reviewer'))
      .send({ comment: 'entered for the wrong section' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.conclusion.revokedAt).toBeTruthy();
    expect((await checkPage('https://www.example.com/b', TDM_RESERVED('B'))).concluded?.action).toBe(
      'licence-acquired',
    );
  });

  test('an expired conclusion no longer applies', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const r = await conclude('reviewer', {
      action: 'false-positive',
      reason: 'DETECTION_ERROR',
      comment: 'noai comes from an embedded third-party widget',
      scope: { kind: 'page', url: 'https://blog.test.net/x' },
      evidenceIds: [],
      expiresAt,
    });
    expect(r.status).toBe(201);
    expect(r.body.conclusion.expiresAt).toBe(expiresAt);
    const before = await checkPage('https://blog.test.net/x', NOAI);
    expect(before.concluded?.action).toBe('false-positive');
    await new Promise((res) => setTimeout(res, 1700));
    const after = await checkPage('https://blog.test.net/x', NOAI);
    expect(after.concluded).toBeUndefined();
  });

  test('invalid conclusions: 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...licence, comment: '' }, 'comment'],
      [{ ...licence, reason: 'BECAUSE' }, 'reason'],
      [{ ...licence, licenceRef: undefined }, 'licenceRef'],
      [{ ...licence, scope: { kind: 'domain', domain: 'not a domain' } }, 'scope.domain'],
      [{ ...licence, scope: { kind: 'planet' } }, 'scope.kind'],
      [{ ...licence, expiresAt: '2020-01-01' }, 'expiresAt'],
      [{ ...licence, action: 'override', permissions: undefined }, 'permissions'],
    ];
    for (const [body, field] of cases) {
      const r = await conclude('reviewer', body);
      expect([r.status, r.body.error.field]).toEqual([400, field]);
    }
    const unknownPublisher = await conclude('reviewer', {
      ...licence,
      scope: { kind: 'publisher', publisher: 'Nobody' },
    });
    expect(unknownPublisher.status).toBe(400);
    expect(unknownPublisher.body.error.field).toBe('scope.publisher');
    expect((await request(svc.app).get('/v1/conclusions/cn_0000000000000000').set(as('reviewer'))).status).toBe(404);
  });

  test('role checks', async () => {
    for (const role of ['crawler', 'auditor'] as Role[]) expect((await conclude(role, licence)).status).toBe(403);
    expect((await request(svc.app).get('/v1/review/items').set(as('crawler'))).status).toBe(403);
    expect((await request(svc.app).get('/v1/exports/report').set(as('reviewer'))).status).toBe(403);
    expect((await request(svc.app).get('/v1/audit/verify').set(as('reviewer'))).status).toBe(403);
    expect((await request(svc.app).get('/v1/exports/exclusions?use=ai-train').set(as('crawler'))).status).toBe(200);
    expect((await request(svc.app).post('/v1/conclusions').send(licence)).status).toBe(401);
  });

  test('publishers: define once, conclude by name, filter the queue by it', async () => {
    const put = await request(svc.app)
      .put('/v1/publishers/Other%20Media')
      .set(as('reviewer'))
      .send({ domains: ['other.org'] });
    expect(put.status).toBe(200);
    expect(put.body.domains).toEqual(['other.org']);
    const r = await conclude('reviewer', {
      action: 'confirm',
      reason: 'VERIFIED_WITH_PUBLISHER',
      comment: 'confirmed by mail',
      scope: { kind: 'publisher', publisher: 'Other Media' },
    });
    expect(r.status).toBe(201);
    expect(r.body.conclusion.scope.domains).toEqual(['other.org']);
    const items = await request(svc.app)
      .get('/v1/review/items')
      .query({ publisher: 'Other Media', scope: 'all' })
      .set(as('reviewer'));
    expect(items.body.items.map((i: { url: string }) => i.url)).toEqual(['https://other.org/c']);
    expect(
      (await request(svc.app).get('/v1/review/items').query({ publisher: 'Nope' }).set(as('reviewer'))).status,
    ).toBe(400);
  });

  test('bulk action on a filtered selection: one audited page conclusion per item', async () => {
    const r = await request(svc.app)
      .post('/v1/conclusions/bulk')
      .set(as('reviewer'))
      .send({
        filter: { domain: 'other.org', scope: 'all' },
        conclusion: { action: 'confirm', reason: 'POLICY_DECISION', comment: 'bulk confirm' },
      });
    expect(r.status).toBe(201);
    expect(r.body.conclusions).toBe(1);
    const list = await request(svc.app).get('/v1/conclusions').query({ state: 'active' }).set(as('auditor'));
    expect(list.body.conclusions.filter((c: { bulkId: string | null }) => c.bulkId === r.body.bulkId)).toHaveLength(1);
    const none = await request(svc.app)
      .post('/v1/conclusions/bulk')
      .set(as('reviewer'))
      .send({
        filter: { domain: 'nothing.example' },
        conclusion: { action: 'confirm', reason: 'OTHER', comment: 'x' },
      });
    expect([none.status, none.body.error.field]).toEqual([400, 'selection']);
  });

  test('queue: filters, sort, keyset pagination and item detail', async () => {
    for (let i = 0; i < 7; i++) await checkPage(`https://paged.example.net/p${i}`, TDM_RESERVED(`P${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: Record<string, string> = { domain: 'paged.example.net', limit: '3', sort: 'newest' };
      if (cursor) q.cursor = cursor;
      const r = await request(svc.app).get('/v1/review/items').query(q).set(as('reviewer'));
      expect(r.status).toBe(200);
      expect(r.body.counts.total).toBe(7);
      seen.push(...r.body.items.map((i: { url: string }) => i.url));
      cursor = r.body.next;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(
      (
        await request(svc.app)
          .get('/v1/review/items')
          .query({ signal: 'tdmrep-meta', domain: 'paged.example.net' })
          .set(as('reviewer'))
      ).body.counts.total,
    ).toBe(7);
    expect(
      (
        await request(svc.app)
          .get('/v1/review/items')
          .query({ signal: 'robots-meta', domain: 'paged.example.net' })
          .set(as('reviewer'))
      ).body.counts.total,
    ).toBe(0);
    expect(
      (await request(svc.app).get('/v1/review/items').query({ language: 'fr' }).set(as('reviewer'))).body.items.map(
        (i: { url: string }) => i.url,
      ),
    ).toEqual(['https://blog.test.net/x']);
    expect(
      (await request(svc.app).get('/v1/review/items').query({ cursor: 'garbage' }).set(as('reviewer'))).body.error
        .field,
    ).toBe('cursor');
    expect((await request(svc.app).get('/v1/review/items').query({ bogus: '1' }).set(as('reviewer'))).status).toBe(400);
    const impossible = await request(svc.app).get('/v1/review/items').query({ from: '2026-02-31' }).set(as('reviewer'));
    expect([impossible.status, impossible.body.error.field]).toEqual([400, 'from']);

    const first = (
      await request(svc.app).get('/v1/review/items').query({ domain: 'paged.example.net' }).set(as('reviewer'))
    ).body.items[0];
    const item = await request(svc.app).get(`/v1/review/items/${first.id}`).set(as('auditor'));
    expect(item.status).toBe(200);
    expect(item.body.detected.evidence[0].signal).toBe('tdmrep-meta');
    expect(item.body.urlHistory).toHaveLength(1);
    expect((await request(svc.app).get('/v1/review/items/999999').set(as('auditor'))).status).toBe(404);
  });

  test('overview figures and the rules version in force', async () => {
    const r = await request(svc.app).get('/v1/review/overview').set(as('reviewer'));
    expect(r.status).toBe(200);
    expect(r.body.rules.version).toBe(svc.ctx.engine.resources.rulesVersion);
    expect(r.body.totals.flagged).toBeGreaterThanOrEqual(10);
    expect(r.body.flaggedBySignal.map((s: { signal: string }) => s.signal)).toContain('tdmrep-meta');
    expect(r.body.topDomains[0].domain).toBe('paged.example.net');
  });
});

describe('exports over HTTP', () => {
  test('report CSV: BOM, formula neutralised, domain filter, audit entry', async () => {
    await conclude('reviewer', {
      action: 'confirm',
      reason: 'OTHER',
      comment: '@SUM(1+1) -2 +3 =cmd|"/c calc"!A0',
      scope: { kind: 'page', url: 'https://paged.example.net/p0' },
    });
    const r = await request(svc.app)
      .get('/v1/exports/report')
      .query({ format: 'csv', domain: 'paged.example.net' })
      .set(as('auditor'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="clearance-report-.*\.csv"/);
    expect(r.text.startsWith(UTF8_BOM)).toBe(true);
    const rows = r.text.trim().split('\r\n');
    expect(rows).toHaveLength(8);
    expect(r.text).toContain(`"'@SUM(1+1) -2 +3 =cmd|""/c calc""!A0"`);
    for (const row of rows.slice(1)) for (const cell of row.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
    const audit = await request(svc.app).get('/v1/audit').query({ limit: 1000 }).set(as('auditor'));
    const last = audit.body.entries.filter((e: { action: string }) => e.action === 'export.report').pop();
    expect(last.details).toMatchObject({ format: 'csv', items: 7, filters: { domain: 'paged.example.net' } });
  });

  test('report JSON and HTML; time filters; HTML served with a strict CSP', async () => {
    const json = await request(svc.app)
      .get('/v1/exports/report')
      .query({ from: '2000-01-01', to: '2000-12-31' })
      .set(as('auditor'));
    expect(JSON.parse(json.text).header.counts.items).toBe(0);
    const html = await request(svc.app)
      .get('/v1/exports/report')
      .query({ format: 'html', exclude: 'training' })
      .set(as('admin'));
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-/);
    // The hash in the policy is the hash of the inline style, so browsers apply it (and nothing else).
    const style = /<style>([\s\S]*?)<\/style>/.exec(html.text)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
    expect(html.text).toContain('clearance audit report');
    expect((await request(svc.app).get('/v1/exports/report').query({ format: 'pdf' }).set(as('auditor'))).status).toBe(
      400,
    );
    expect(
      (await request(svc.app).get('/v1/exports/report').query({ profile: 'nope' }).set(as('auditor'))).body.error.field,
    ).toBe('profile');
  });

  test('exclusions JSONL and CSV with filters', async () => {
    const jsonl = await request(svc.app)
      .get('/v1/exports/exclusions')
      .query({ use: 'ai-train', domain: 'paged.example.net' })
      .set(as('crawler'));
    expect(jsonl.status).toBe(200);
    const recs = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { url: string; concluded_by: string | null });
    expect(recs).toHaveLength(7);
    expect(recs.find((x) => x.url === 'https://paged.example.net/p0')?.concluded_by).toBe('test-reviewer (key:2)');
    const csv = await request(svc.app)
      .get('/v1/exports/exclusions')
      .query({ use: 'ai-train', format: 'csv', from: '2000-01-01', to: '2000-01-02' })
      .set(as('auditor'));
    expect(csv.text).toBe(
      `${UTF8_BOM}url,domain,denied,conditional,exclude_training,exclude_redistribution,reasons,evidence_ids,profile,rules_version,decided_at,concluded_by,concluded_at,source\r\n`,
    );
    expect((await request(svc.app).get('/v1/exports/exclusions').set(as('crawler'))).body.error.field).toMatch(/use/);
  });

  test('the audit chain holds after all of this, and covers conclusions, keys and exports', async () => {
    const v = await request(svc.app).get('/v1/audit/verify').set(as('auditor'));
    expect(v.body).toMatchObject({ ok: true, problem: null });
    const actions = new Set(
      (await request(svc.app).get('/v1/audit').query({ limit: 1000 }).set(as('admin'))).body.entries.map(
        (e: { action: string }) => e.action,
      ),
    );
    for (const a of [
      'key.create',
      'conclusion.create',
      'conclusion.revoke',
      'publisher.set',
      'export.report',
      'export.exclusions',
      'rules.loaded',
    ])
      expect(actions).toContain(a);
  });

  test('the OpenAPI document describes the review API', async () => {
    const doc = (await request(svc.app).get('/openapi.json')).body;
    expect(doc.paths['/v1/conclusions'].post['x-roles']).toEqual(['reviewer', 'admin']);
    expect(doc.components.schemas.Verdict.properties.concluded).toBeDefined();
  });
});
