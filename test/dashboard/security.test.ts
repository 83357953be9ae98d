import request from 'supertest';
import { mountDashboard } from '../../src/dashboard/index';
import { revokeKey } from '../../src/store/repos/keys';
import { TDM_RESERVED } from '../review/helpers';
import { bearer, type ReviewService, reviewService } from '../review/service';

/** Sign-in, sessions, CSRF, roles and headers of the dashboard, over real HTTP handling (supertest). */
let svc: ReviewService;

beforeAll(async () => {
  svc = await reviewService([mountDashboard]);
  const r = await request(svc.app)
    .post('/v1/check')
    .set(bearer(svc.keys.crawler))
    .send({ url: 'https://news.example.com/a', html: TDM_RESERVED('A') });
  expect(r.status).toBe(200);
});
afterAll(() => svc.cleanup());

function cookieOf(res: request.Response, name: string): string | undefined {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set.find((c) => c.startsWith(`${name}=`));
}

/** Signs in like a browser: GET the form (login cookie + token), POST it back. Returns the session cookie. */
async function signIn(key: string): Promise<{ cookie: string; csrf: string }> {
  const form = await request(svc.app).get('/dashboard/login');
  const login = cookieOf(form, 'clr_login')!.split(';')[0]!;
  const token = /name="_login" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await request(svc.app)
    .post('/dashboard/login')
    .set('Cookie', login)
    .set('Sec-Fetch-Site', 'same-origin')
    .type('form')
    .send({ key, _login: token, next: '/dashboard/' });
  expect(res.status).toBe(303);
  const cookie = cookieOf(res, 'clr_session')!.split(';')[0]!;
  const queue = await request(svc.app).get('/dashboard/').set('Cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(queue.text)![1]!;
  return { cookie, csrf };
}

describe('dashboard security', () => {
  test('strict CSP and security headers on every page; no inline script or style anywhere', async () => {
    const res = await request(svc.app).get('/dashboard/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const { cookie } = await signIn(svc.keys.reviewer);
    for (const path of [
      '/dashboard/',
      '/dashboard/items/1',
      '/dashboard/overview',
      '/dashboard/conclusions',
      '/dashboard/publishers',
    ]) {
      const page = await request(svc.app).get(path).set('Cookie', cookie);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")/);
      expect(page.text).not.toMatch(/\sstyle="|\son[a-z]+="/i);
    }
  });

  test('the session cookie is HttpOnly, SameSite=Strict, scoped to /dashboard; sessions live server-side', async () => {
    const form = await request(svc.app).get('/dashboard/login');
    const login = cookieOf(form, 'clr_login')!;
    expect(login).toMatch(/HttpOnly/);
    expect(login).toMatch(/SameSite=Strict/);
    const { cookie } = await signIn(svc.keys.auditor);
    expect(cookie).toMatch(/^clr_session=[A-Za-z0-9_-]{43}$/);
    const token = cookie.split('=')[1]!;
    const rows = await svc.store.db
      .selectFrom('dashboard_sessions' as never)
      .selectAll()
      .execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  test('without a session: GET redirects to sign-in (keeping a local next), POST is refused', async () => {
    const r = await request(svc.app).get('/dashboard/items/1');
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/dashboard/login?next=%2Fdashboard%2Fitems%2F1');
    expect((await request(svc.app).post('/dashboard/bulk').type('form').send({})).status).toBe(401);
  });

  test('sign-in refuses a missing login token, another site, a crawler key and a wrong key', async () => {
    const noToken = await request(svc.app).post('/dashboard/login').type('form').send({ key: svc.keys.reviewer });
    expect(noToken.status).toBe(403);
    const form = await request(svc.app).get('/dashboard/login');
    const login = cookieOf(form, 'clr_login')!.split(';')[0]!;
    const token = /name="_login" value="([^"]+)"/.exec(form.text)![1]!;
    const post = (key: string, site = 'same-origin') =>
      request(svc.app)
        .post('/dashboard/login')
        .set('Cookie', login)
        .set('Sec-Fetch-Site', site)
        .type('form')
        .send({ key, _login: token });
    expect((await post(svc.keys.reviewer, 'cross-site')).status).toBe(403);
    const crawler = await post(svc.keys.crawler);
    expect(crawler.status).toBe(401);
    expect(crawler.text).toContain('Crawler keys cannot sign in');
    expect((await post('clr_wrong')).status).toBe(401);
  });

  test('an open redirect through next= is impossible', async () => {
    const form = await request(svc.app).get('/dashboard/login');
    const login = cookieOf(form, 'clr_login')!.split(';')[0]!;
    const token = /name="_login" value="([^"]+)"/.exec(form.text)![1]!;
    for (const next of [
      'https://evil.example/',
      '//evil.example/',
      '/dashboard/\\\\evil.example',
      'javascript:alert(1)',
    ]) {
      const r = await request(svc.app)
        .post('/dashboard/login')
        .set('Cookie', login)
        .type('form')
        .send({ key: svc.keys.reviewer, _login: token, next });
      expect([next, r.headers.location]).toEqual([next, '/dashboard/']);
    }
  });

  test('every POST needs the session CSRF token and a same-origin request', async () => {
    const { cookie, csrf } = await signIn(svc.keys.reviewer);
    const body = { action: 'confirm', reason: 'OTHER', comment: 'csrf test', scope: 'page' };
    const noToken = await request(svc.app)
      .post('/dashboard/items/1/conclude')
      .set('Cookie', cookie)
      .type('form')
      .send(body);
    expect(noToken.status).toBe(403);
    const wrong = await request(svc.app)
      .post('/dashboard/items/1/conclude')
      .set('Cookie', cookie)
      .type('form')
      .send({ ...body, _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const crossSite = await request(svc.app)
      .post('/dashboard/items/1/conclude')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ ...body, _csrf: csrf });
    expect(crossSite.status).toBe(403);
    const ok = await request(svc.app)
      .post('/dashboard/items/1/conclude')
      .set('Cookie', cookie)
      .type('form')
      .send({ ...body, _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toMatch(/^\/dashboard\/items\/1\?msg=concluded&id=cn_/);
  });

  test('a refused conclusion re-renders the form with the reason and keeps what was typed', async () => {
    const { cookie, csrf } = await signIn(svc.keys.reviewer);
    const r = await request(svc.app).post('/dashboard/items/1/conclude').set('Cookie', cookie).type('form').send({
      _csrf: csrf,
      action: 'licence-acquired',
      reason: 'LICENSE_ACQUIRED',
      comment: 'my <b>careful</b> note',
      scope: 'domain',
      scope_domain: 'example.com',
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('licenceRef: is required');
    expect(r.text).toContain('my &lt;b&gt;careful&lt;/b&gt; note');
  });

  test('roles: auditors cannot conclude, reviewers cannot export or read the audit log', async () => {
    const auditor = await signIn(svc.keys.auditor);
    const r = await request(svc.app)
      .post('/dashboard/items/1/conclude')
      .set('Cookie', auditor.cookie)
      .type('form')
      .send({ _csrf: auditor.csrf, action: 'confirm', reason: 'OTHER', comment: 'x', scope: 'page' });
    expect(r.status).toBe(403);
    expect((await request(svc.app).get('/dashboard/export/report.csv').set('Cookie', auditor.cookie)).status).toBe(200);
    const reviewer = await signIn(svc.keys.reviewer);
    expect((await request(svc.app).get('/dashboard/export/report.csv').set('Cookie', reviewer.cookie)).status).toBe(
      403,
    );
    expect((await request(svc.app).get('/dashboard/audit').set('Cookie', reviewer.cookie)).status).toBe(403);
    const audit = await request(svc.app).get('/dashboard/audit').set('Cookie', auditor.cookie);
    expect(audit.text).toContain('The hash chain holds');
  });

  test('sign-out ends the session; revoking the key ends its sessions at once', async () => {
    const a = await signIn(svc.keys.reviewer);
    const out = await request(svc.app)
      .post('/dashboard/logout')
      .set('Cookie', a.cookie)
      .type('form')
      .send({ _csrf: a.csrf });
    expect(out.status).toBe(303);
    expect((await request(svc.app).get('/dashboard/').set('Cookie', a.cookie)).status).toBe(303);
    const b = await signIn(svc.keys.admin);
    expect((await request(svc.app).get('/dashboard/').set('Cookie', b.cookie)).status).toBe(200);
    await revokeKey(svc.store, { ref: 4, actor: 'test' });
    expect((await request(svc.app).get('/dashboard/').set('Cookie', b.cookie)).status).toBe(303);
  });

  test('chart.js and the dashboard assets are served as files', async () => {
    const chart = await request(svc.app).get('/dashboard/assets/chart.umd.min.js');
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect((await request(svc.app).get('/dashboard/assets/dashboard.js')).status).toBe(200);
    const traversal = await request(svc.app).get('/dashboard/assets/../index.ts');
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.text).not.toContain('mountDashboard');
  });
});
