import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRobotsRecords } from '../../src/protocols/robots/records';
import { RobotsFile } from '../../src/protocols/robots/robotsFile';

const ORIGIN = 'https://ex.com';
const robots = (body: string, status?: number) => new RobotsFile(ORIGIN, { body, status });

// RFC 9309 §5.1 example, verbatim (reference §6.1), including its closing "EOF" marker line.
const RFC_EXAMPLE = `User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
`;

describe('RFC 9309 §5.1 example', () => {
  const r = robots(RFC_EXAMPLE);
  test.each([
    // [agent, path, allowed]
    [null, '/example/page.html', false],
    [null, '/publications/a.html', true],
    [null, '/images/a.gif', false],
    [null, '/index.html', true],
    ['foobot', '/example/page.html', true],
    ['foobot', '/example/allowed.gif', true],
    ['foobot', '/example/other.html', false],
    ['foobot', '/', false],
    ['FooBot', '/example/page.html', true],
    ['barbot', '/example/page.html', false],
    ['barbot', '/example/other.html', true], // own group: the "*" group's /example/ does not apply
    ['bazbot', '/example/page.html', false],
    ['bazbot', '/images/a.gif', true],
    ['quxbot', '/example/page.html', true], // empty group of its own: everything allowed, no fallback to "*"
    ['quxbot', '/images/a.gif', true],
    ['otherbot', '/example/page.html', false],
  ] as const)('%s %s → allowed=%s', (agent, path, allowed) => {
    expect(r.mayFetch(path, agent).allowed).toBe(allowed);
  });

  test('decisions name the rule and its line', () => {
    const d = r.mayFetch('/example/page.html', 'foobot');
    expect(d).toMatchObject({ basis: 'rule', named: true, group: ['foobot'] });
    expect(d.rule?.line).toBe(8);
    expect(d.reason).toContain('line 8');
    expect(r.mayFetch('/x', null).basis).toBe('no-rule');
  });
});

describe('robots-parser deviations fixed by the wrapper (stack.md §5)', () => {
  test('an unknown record between two User-agent lines does not split the group (RFC 9309 §2.2.4)', () => {
    for (const between of [
      'Content-Signal: ai-train=no',
      'Sitemap: https://ex.com/s.xml',
      'Crawl-delay: 5',
      'X-Foo: y',
    ]) {
      const r = robots(`User-agent: a\n${between}\nUser-agent: b\nDisallow: /\n`);
      expect([between, r.mayFetch('/x', 'a').allowed]).toEqual([between, false]);
      expect(r.mayFetch('/x', 'b').allowed).toBe(false);
    }
  });

  test('/robots.txt itself is always allowed (§2.2.2)', () => {
    const r = robots('User-agent: *\nDisallow: /\n');
    expect(r.mayFetch('/robots.txt', null)).toMatchObject({ allowed: true, basis: 'robots-txt-itself' });
    expect(r.mayFetch('/other', null).allowed).toBe(false);
  });

  test('percent-encoded unreserved characters are decoded on both sides (§2.2.2)', () => {
    const r = robots('User-agent: *\nDisallow: /foo/bar/baz\nDisallow: /%7Euser/\n');
    expect(r.mayFetch('/foo/bar/%62%61%7A', null).allowed).toBe(false);
    expect(r.mayFetch('/~user/x', null).allowed).toBe(false);
  });

  test('product tokens match case-insensitively; tokens outside RFC 9309 syntax are tolerated', () => {
    const r = robots(
      'user-agent: gptbot\ndisallow: /\n\nUser-agent: AI2Bot\nDisallow: /\n\nUser-agent: iaskspider/2.0\nDisallow: /\n',
    );
    expect(r.mayFetch('/x', 'GPTBot').allowed).toBe(false);
    expect(r.mayFetch('/x', 'AI2Bot').allowed).toBe(false);
    expect(r.mayFetch('/x', 'iaskspider').allowed).toBe(false);
    expect(r.hasOwnGroup('ai2bot')).toBe(true);
  });

  test('rules before the first User-agent line are ignored and flagged', () => {
    const r = robots('Disallow: /\nUser-agent: *\nAllow: /\n');
    expect(r.mayFetch('/x', null).allowed).toBe(true);
    expect(r.flags.map((f) => f.code)).toContain('robots_record_outside_group');
  });

  test('groups of the same token merge; longest match wins, allow wins ties', () => {
    const r = robots(
      'User-agent: *\nAllow: /\n\nUser-agent: x\nDisallow: /a\n\nUser-agent: *\nDisallow: /admin\nAllow: /p\nDisallow: /p\n',
    );
    expect(r.mayFetch('/admin/x', null).allowed).toBe(false);
    expect(r.mayFetch('/p', null).allowed).toBe(true);
    expect(r.mayFetch('/b', null).allowed).toBe(true);
    expect(r.groupsFor(null).groups).toHaveLength(2);
  });
});

describe('HTTP status of the robots.txt fetch (RFC 9309 §2.3.1)', () => {
  test.each([
    [200, true, 'ok'],
    [404, true, 'unavailable'],
    [410, true, 'unavailable'],
    [301, true, 'unavailable'],
    [429, false, 'unreachable'],
    [500, false, 'unreachable'],
    [503, false, 'unreachable'],
  ] as const)('HTTP %i → allowed=%s (%s)', (status, allowed, availability) => {
    const r = robots('User-agent: *\nAllow: /\n', status);
    expect(r.availability).toBe(availability);
    expect(r.mayFetch('/x', 'GPTBot').allowed).toBe(allowed);
  });
});

describe('group-aware reader of the records robots-parser hides', () => {
  const text = `\uFEFFLicense: https://ex.com/global.xml
# Publisher notice: text and data mining is reserved.
# Second line of the notice.

User-agent: *
Content-Signal: search=yes, ai-input=yes, ai-train=no
Allow: /
Content-Usage: /private/ train-ai=n   # comment

User-agent: GPTBot
User-agent: CCBot
Content-Usage: train-ai=n  # comment
Disallow: /
License: https://ex.com/ai.xml

Sitemap: https://ex.com/sitemap.xml
License: https://ex.com/after-sitemap.xml
`;
  const rec = readRobotsRecords(text.replace(/^\uFEFF/, ''));

  test('extension records keep their group, line and path; comments are stripped', () => {
    expect(rec.groups).toHaveLength(2);
    expect(rec.groups[0]!.agents).toEqual(['*']);
    expect(rec.groups[0]!.extensions.map((x) => [x.key, x.value, x.line])).toEqual([
      ['content-signal', 'search=yes, ai-input=yes, ai-train=no', 6],
      ['content-usage', '/private/ train-ai=n', 8],
    ]);
    expect(rec.groups[1]!.agents).toEqual(['gptbot', 'ccbot']);
    expect(rec.groups[1]!.extensions.map((x) => [x.key, x.value])).toEqual([
      ['content-usage', 'train-ai=n'],
      ['license', 'https://ex.com/ai.xml'],
    ]);
  });

  test('License lines before the first group or after a Sitemap line are file-wide', () => {
    expect(rec.globalLicenses.map((l) => l.value)).toEqual([
      'https://ex.com/global.xml',
      'https://ex.com/after-sitemap.xml',
    ]);
  });

  test('comment blocks are kept for the notice detector; the sanitised text keeps line numbers', () => {
    expect(rec.comments[0]).toMatchObject({ startLine: 2, endLine: 3 });
    expect(rec.comments[0]!.text).toBe(
      'Publisher notice: text and data mining is reserved.\nSecond line of the notice.',
    );
    expect(rec.sanitised.split('\n')).toHaveLength(rec.lines.length);
    expect(rec.sanitised.split('\n')[12]).toBe('disallow: /');
  });

  test('Cloudflare managed blocks and the Content Signals policy text are recognised', () => {
    const cf = readRobotsRecords(
      readFileSync(join(__dirname, '..', 'fixtures', 'site', 'cloudflare-2026.txt'), 'utf8'),
    );
    expect(cf.managedBlocks).toHaveLength(1);
    expect(cf.contentSignalsPolicyText).toBe(true);
    const signal = cf.groups.flatMap((g) => g.extensions).find((x) => x.key === 'content-signal')!;
    expect(signal.line).toBeGreaterThan(cf.managedBlocks[0]!.startLine);
    expect(signal.line).toBeLessThan(cf.managedBlocks[0]!.endLine);
  });
});
