import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import * as notices from '../../src/notices/index';

/** Natural-language notices in site files go through the notice detector (issue 3) as site evidence. */
const fixtures = join(__dirname, '..', 'fixtures');
const page = { url: 'https://ex.com/a/b', body: '<html><body><p>x</p></body></html>', kind: 'html' as const };

describe('notices in robots.txt comments', () => {
  test('a reservation in robots.txt comments is site evidence at its file line, not machine-readable', () => {
    const engine = new Engine();
    const robots = readFileSync(join(fixtures, 'robots', 'maxlamm_de_template.txt'));
    const v = engine.check(page, { site: { robotsTxt: { body: robots } } });
    const n = v.evidence.filter((e) => e.signal === 'notice-text');
    expect(n.length).toBeGreaterThan(0);
    for (const e of n) {
      expect(e).toMatchObject({
        source: 'site',
        machineReadable: false,
        location: { kind: 'file', file: 'robots.txt' },
      });
      const line = (e.location as { line: number }).line;
      expect(robots.toString('utf8').split('\n')[line - 1]).toMatch(/^#/);
    }
    expect(n.some((e) => e.effects.tdm === 'denied')).toBe(true);
  });

  test('the Cloudflare Content Signals policy text and managed blocks are not read as publisher notices', () => {
    const engine = new Engine();
    for (const f of ['cloudflare-comment-only.txt', 'cloudflare-2025.txt', 'cloudflare-2026.txt']) {
      const v = engine.check(page, { site: { robotsTxt: { body: readFileSync(join(fixtures, 'site', f)) } } });
      expect([f, v.evidence.filter((e) => e.signal === 'notice-text').length]).toEqual([f, 0]);
    }
  });

  test('notices are found once per site context, not once per page', () => {
    const spy = jest.spyOn(notices, 'detectNoticesInText');
    const engine = new Engine();
    const site = { robotsTxt: { body: readFileSync(join(fixtures, 'robots', 'ad_nl_2026.txt')) } };
    for (let i = 0; i < 20; i++) engine.check({ ...page, url: `https://ex.com/p/${i}` }, { site });
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
