import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';

/** Cloudflare's managed robots.txt (reference §3.3), 2025 and 2026 forms; sources in fixtures/site/SOURCES.md. */
const fixture = (f: string) => readFileSync(join(__dirname, '..', 'fixtures', 'site', f), 'utf8');
const engine = new Engine();
const check = (robots: string, path: string, agent?: string) =>
  engine.check(
    { url: `https://ex.com${path}`, body: '<html><body><p>x</p></body></html>', kind: 'html' },
    { site: { robotsTxt: { body: robots } }, agent },
  );

describe('Cloudflare managed robots.txt, September 2025', () => {
  const robots = fixture('cloudflare-2025.txt');

  test('search allowed, AI training denied (signal + every major training crawler kept out), RAG unknown', () => {
    const v = check(robots, '/blog/post');
    expect(v.uses).toMatchObject({ search: 'allowed', 'ai-train': 'denied', 'ai-input': 'unknown', tdm: 'unknown' });
    expect(v.machineReadableReservation).toBe(true);
    const cs = v.evidence.find((e) => e.signal === 'robots-content-signal')!;
    expect(cs.details?.cdnDefault).toBe('cloudflare-managed');
    expect(cs.location).toMatchObject({ kind: 'file', file: 'robots.txt', group: ['*'] });
    expect(v.flags.map((f) => f.code)).toContain('content_signal_cdn_default');
    const training = v.evidence.find((e) => e.details?.aspect === 'ai-training')!;
    expect(training.effects).toEqual({ 'ai-train': 'denied' });
    expect(training.details!.operators as { notBlocked: string[] }).toMatchObject({ notBlocked: [] });
    expect(training.excerpt).toContain('User-agent: GPTBot\nDisallow: /');
  });

  test('--agent: GPTBot may not fetch; Googlebot may, but Google-Extended keeps its content out of Gemini', () => {
    const gpt = check(robots, '/blog/post', 'GPTBot');
    expect(gpt.agent).toMatchObject({ mayFetch: false });
    expect(gpt.uses['ai-train']).toBe('denied');
    const g = check(robots, '/blog/post', 'Googlebot');
    expect(g.agent).toMatchObject({ mayFetch: true });
    expect(g.uses).toMatchObject({ search: 'allowed', 'ai-train': 'denied', 'ai-input': 'denied' });
    expect(g.evidence.some((e) => e.details?.controlToken === 'Google-Extended')).toBe(true);
  });
});

describe('Cloudflare managed robots.txt, 2026 (use=reference), prepended to the site own file', () => {
  const robots = fixture('cloudflare-2026.txt');

  test('use=reference denies full reproduction; the policy comment text is not itself a signal', () => {
    const v = check(robots, '/blog/post');
    expect(v.uses).toMatchObject({
      search: 'allowed',
      'ai-train': 'denied',
      'ai-input': 'unknown',
      redistribution: 'denied',
    });
    expect(v.evidence.filter((e) => e.signal === 'robots-content-signal')).toHaveLength(1);
  });

  test('the managed "*" group and the site own "*" group merge (RFC 9309): /wp-admin/ is closed, admin-ajax open', () => {
    expect(check(robots, '/wp-admin/x', 'SomeBot').agent?.mayFetch).toBe(false);
    expect(check(robots, '/wp-admin/admin-ajax.php', 'SomeBot').agent?.mayFetch).toBe(true);
    const v = check(robots, '/wp-admin/x');
    expect(v.uses.tdm).toBe('denied');
    // The Content-Signal of the managed part still applies to the merged group.
    expect(v.evidence.some((e) => e.signal === 'robots-content-signal' && e.effects['ai-train'] === 'denied')).toBe(
      true,
    );
  });

  test('CloudflareBrowserRenderingCrawler (the /crawl endpoint) is kept out', () => {
    const v = check(robots, '/x', 'CloudflareBrowserRenderingCrawler');
    expect(v.agent?.mayFetch).toBe(false);
  });
});
