import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { UTF8_BOM } from '../../src/export/csv';
import { type RunningService, startService } from '../../src/serve/startService';
import { DEFAULT_CONFIG } from '../../src/service/config';
import { createLogger } from '../../src/service/logging';
import { createKey } from '../../src/store/repos/keys';
import { engine } from '../review/helpers';
import { launch } from './browser';

/**
 * The dashboard end to end, in headless Chromium against the real service (HTTP, SQLite file):
 * sign in, filter the queue, open an item, conclude with a domain scope, see the effect on another page
 * of that domain (in the queue and in a later check), export CSV, and a page full of markup in its
 * notice text, headers and title rendering inert.
 */
let svc: RunningService;
let browser: Browser;
let dir: string;
let base: string;
const keys: Record<string, string> = {};

const TDM = (title: string) =>
  `<html lang="en"><head><title>${title}</title><meta name="tdm-reservation" content="1"></head><body><article><p>${title} body.</p></article><footer>© 2026 Example News. All rights reserved.</footer></body></html>`;

/** Markup in every place a crawled page can put text: title, header value, notice text, links. */
const XSS_PAGE =
  '<html lang="en"><head><title>&lt;script&gt;alert("title")&lt;/script&gt;</title>' +
  '<link rel="license" href="javascript:alert(&quot;license&quot;)"></head><body><p>Article.</p>' +
  '<footer>&lt;script&gt;alert("notice")&lt;/script&gt; &lt;img src=x onerror=alert("img")&gt; ' +
  'All rights reserved. Text and data mining is prohibited. ' +
  '<a href="javascript:alert(&quot;link&quot;)">javascript:alert("link")</a></footer></body></html>';

async function check(
  url: string,
  html: string,
  headers: Record<string, string> = {},
  site?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const r = await fetch(`${base}/v1/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.crawler}` },
    body: JSON.stringify({ url, html, headers, site }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

async function signIn(page: Page, role: string): Promise<void> {
  await page.goto(`${base}/dashboard/`);
  expect(page.url()).toContain('/dashboard/login');
  await page.fill('#key', keys[role]!);
  await page.click('#sign-in');
  await page.waitForSelector('#queue');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clearance-dashboard-'));
  svc = await startService(
    {
      ...DEFAULT_CONFIG,
      dbPath: join(dir, 'clearance.db'),
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      rateLimit: { perSecond: 0, burst: 1 },
    },
    { logger: createLogger('silent'), engine },
  );
  base = `http://127.0.0.1:${svc.port}`;
  for (const role of ['crawler', 'reviewer', 'auditor'])
    keys[role] = (await createKey(svc.store, { role, label: `e2e-${role}`, actor: 'test' })).key;
  await check('https://news.example.com/a', TDM('Story A'));
  await check('https://news.example.com/b', TDM('Story B'));
  await check(
    'https://www.other.org/x',
    '<html lang="fr"><head><meta name="robots" content="noai"></head><body><p>Bonjour</p></body></html>',
  );
  await check(
    'https://evil.test/xss',
    XSS_PAGE,
    { 'X-Robots-Tag': 'noai, <img src=x onerror=alert("header")>' },
    { robotsTxt: '# <script>alert("robots")</script>\nUser-agent: GPTBot\nDisallow: /\n' },
  );
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('review flow: sign in, filter, open, conclude for the domain, effect on another page, export CSV', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  // Sign in: the key is exchanged for an HttpOnly session cookie.
  await signIn(page, 'reviewer');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'clr_session')!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.textContent('#count-total')).toBe('4');

  // Filter the queue by domain.
  await page.fill('#domain', 'news.example.com');
  await page.click('#apply-filters');
  await page.waitForURL(/domain=news.example.com/);
  expect(await page.textContent('#count-total')).toBe('2');
  expect(await page.locator('#queue tbody tr').count()).toBe(2);

  // Open an item: evidence, location and verdict per use are shown.
  await page.click('#queue a:has-text("https://news.example.com/a")');
  await page.waitForSelector('#uses');
  expect(await page.textContent('#item-url')).toBe('https://news.example.com/a');
  expect(await page.locator('li.evidence:has-text("tdmrep-meta")').count()).toBe(1);

  // Conclude with a domain scope.
  await page.check('input[name="scope"][value="domain"]');
  await page.fill('input[name="scope_domain"]', 'example.com');
  await page.check('input[name="action"][value="licence-acquired"]');
  await page.selectOption('#reason', 'LICENSE_ACQUIRED');
  await page.fill('#comment', 'Annual text-and-data-mining licence signed with Example News');
  await page.fill('#licenceRef', 'CT-2026-0042');
  await page.click('#record-conclusion');
  await page.waitForSelector('.flash-ok');
  expect(await page.textContent('.flash-ok')).toMatch(/Conclusion cn_[0-9a-f]{16} recorded; 2 item\(s\) re-evaluated/);
  expect(await page.textContent('#concluded-banner')).toContain('licence-acquired');

  // The other page of the domain shows the effect in the queue and on its own page...
  await page.goto(`${base}/dashboard/?domain=example.com&scope=all`);
  const rowB = page.locator('#queue tr:has-text("https://news.example.com/b")');
  expect(await rowB.locator('.status').textContent()).toBe('licence-acquired');
  await rowB.locator('a').click();
  await page.waitForSelector('#concluded-banner');
  expect(await page.textContent('#exclusion')).toMatch(/Training: excluded → kept by the conclusion/);
  // ... and a page of the domain checked later is reported as concluded to the crawler.
  const later = await check('https://news.example.com/c', TDM('Story C'));
  expect((later.concluded as { licenceRef: string }).licenceRef).toBe('CT-2026-0042');
  expect((later.exclude as { training: boolean }).training).toBe(false);

  // Reviewers do not export; an auditor does.
  expect(await page.locator('#export-report-csv').count()).toBe(0);
  await page.click('button:has-text("Sign out")');
  await page.waitForURL(/\/dashboard\/login/);
  await signIn(page, 'auditor');
  await page.goto(`${base}/dashboard/?domain=example.com&scope=all`);
  await page.click('details.exports summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-report-csv')]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith(UTF8_BOM)).toBe(true);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]!.split(',').slice(0, 3)).toEqual(['url', 'domain', 'verdict_id']);
  expect(lines).toHaveLength(4);
  expect(lines.filter((l) => l.includes('licence-acquired') && l.includes('CT-2026-0042'))).toHaveLength(3);
  expect(dialogs).toEqual([]);
  await context.close();
}, 120_000);

test('a page whose notice, title, headers and links carry markup renders inert', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await signIn(page, 'reviewer');
  await page.goto(`${base}/dashboard/?domain=evil.test`);
  await page.click('#queue a:has-text("https://evil.test/xss")');
  await page.waitForSelector('#uses');
  await page.waitForLoadState('load');

  const body = (await page.textContent('main'))!;
  expect(body).toContain('<script>alert("notice")</script>');
  expect(body).toContain('<img src=x onerror=alert("img")>');
  expect(body).toContain('<script>alert("title")</script>');
  expect(body).toContain('onerror=alert("header")');
  const dom = await page.evaluate(() => ({
    scripts: Array.from(document.querySelectorAll('script')).map((s) => s.getAttribute('src') ?? `inline:${s.type}`),
    images: document.querySelectorAll('img').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((el) =>
      Array.from(el.attributes).some((a) => a.name.startsWith('on')),
    ).length,
    violations: (window as unknown as { __violations: string[] }).__violations,
  }));
  expect(dom).toEqual({
    scripts: ['/dashboard/assets/dashboard.js'],
    images: 0,
    jsLinks: 0,
    handlers: 0,
    violations: [],
  });
  expect(await page.textContent('#site-reservation')).toMatch(/restrict ai-train since/);

  // The stored robots.txt, shown line by line, is inert too.
  await page.click('#site-history a:has-text("robots.txt")');
  await page.waitForSelector('pre.file');
  expect(await page.textContent('pre.file')).toContain('# <script>alert("robots")</script>');
  expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(1);
  // Give any (wrongly) injected handler a chance to fire, then check nothing ran.
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  await context.close();
}, 60_000);
