import { Engine } from '../../src/engine/engine';
import type { SiteInput } from '../../src/model/siteInput';
import { defaultResources } from '../../src/resources/resources';
import { SiteCache, siteKey } from '../../src/site/cache';

const robots = 'User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n';

describe('site context cache (origin + content hash, LRU)', () => {
  test('1,000 pages of one origin build the site context once', () => {
    const engine = new Engine();
    const site: SiteInput = { robotsTxt: { body: robots } };
    for (let i = 0; i < 1000; i++)
      engine.check({ url: `https://ex.com/p/${i}`, body: '<p>x</p>', kind: 'html' }, { site });
    expect(engine.site.cache.stats).toMatchObject({ builds: 1, hits: 999 });
  });

  test('equal content supplied as new objects (new strings, new byte arrays) is a hit', () => {
    const cache = new SiteCache(defaultResources());
    const a = cache.get('https://ex.com', { robotsTxt: { body: `${robots}` } });
    const b = cache.get('https://ex.com', { robotsTxt: { body: robots.split('').join('') } });
    const c = cache.get('https://ex.com', { robotsTxt: { body: new Uint8Array(Buffer.from(robots)) } });
    const d = cache.get('https://ex.com', { robotsTxt: { body: new Uint8Array(Buffer.from(robots)) } });
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(c).toBe(a); // the same text as a string or as UTF-8 bytes hashes identically
    expect(cache.stats.builds).toBe(1);
  });

  test('a changed body, status or fetch time builds a new context; going back finds the old one', () => {
    const cache = new SiteCache(defaultResources());
    const first = cache.get('https://ex.com', { robotsTxt: { body: robots } });
    const changed = cache.get('https://ex.com', { robotsTxt: { body: `${robots}# edit\n` } });
    const status = cache.get('https://ex.com', { robotsTxt: { body: robots, status: 503 } });
    expect(changed).not.toBe(first);
    expect(status).not.toBe(first);
    expect(status.robots?.availability).toBe('unreachable');
    expect(cache.get('https://ex.com', { robotsTxt: { body: robots } })).toBe(first);
    expect(cache.stats.builds).toBe(3);
  });

  test('LRU: interleaved origins beyond the bound evict the least recently used', () => {
    const cache = new SiteCache(defaultResources(), 2);
    const site = { robotsTxt: { body: robots } };
    const a = cache.get('https://a.example', site);
    cache.get('https://b.example', site);
    cache.get('https://a.example', site); // a is now the most recent
    cache.get('https://c.example', site); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.stats.evictions).toBe(1);
    expect(cache.get('https://a.example', site)).toBe(a);
    cache.get('https://b.example', site);
    expect(cache.stats.builds).toBe(4);
  });

  test('the key covers every file and the origin', () => {
    const base: SiteInput = { robotsTxt: { body: robots } };
    expect(siteKey('https://a.example', base)).not.toBe(siteKey('https://b.example', base));
    expect(siteKey('https://a.example', base)).not.toBe(
      siteKey('https://a.example', { ...base, tdmrepJson: { body: '[]' } }),
    );
    expect(siteKey('https://a.example', base)).not.toBe(
      siteKey('https://a.example', { ...base, rsl: { 'https://a.example/l.xml': '<rsl/>' } }),
    );
  });
});
