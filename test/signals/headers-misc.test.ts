import { Engine } from '../../src/engine/engine';
import { parseXRobotsTagLine } from '../../src/protocols/robots/directives';
import { parseLinkHeader } from '../../src/protocols/shared/linkHeader';

const engine = new Engine();

describe('Content-Signal response header', () => {
  test('recorded with low confidence and flagged as a possible CDN default', () => {
    const v = engine.check({
      headers: { 'Content-Signal': 'ai-train=yes, search=yes, ai-input=yes' },
      body: '<p>x</p>',
    });
    const e = v.evidence.find((x) => x.signal === 'content-signal-header')!;
    expect(e.confidence).toBeLessThan(1);
    expect(v.uses['ai-train']).toBe('allowed');
    expect(v.flags.map((f) => f.code)).toContain('content_signal_header_possible_cdn_default');
  });

  test('a permissive CDN header never cancels a publisher reservation (P4/P9)', () => {
    const v = engine.check({
      headers: { 'Content-Signal': 'ai-train=yes', 'tdm-reservation': '1' },
      body: '<p>x</p>',
    });
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.conflicts.some((c) => c.use === 'ai-train')).toBe(true);
  });
});

describe('X-Robots-Tag parsing', () => {
  test('agent scopes the following items of the same line; colon values stay rules', () => {
    expect(parseXRobotsTagLine('GPTBot: noindex, noai')).toEqual([
      { agent: 'gptbot', rules: [{ name: 'noindex' }, { name: 'noai' }] },
    ]);
    expect(parseXRobotsTagLine('max-snippet: 20, unavailable_after: 25 Jun 2010 15:00:00 PST')).toEqual([
      {
        agent: null,
        rules: [
          { name: 'max-snippet', value: '20' },
          { name: 'unavailable_after', value: '25 Jun 2010 15:00:00 PST' },
        ],
      },
    ]);
  });

  test('several header lines combine; unknown rules are flagged', () => {
    const v = engine.check({
      headers: [
        ['X-Robots-Tag', 'noarchive'],
        ['X-Robots-Tag', 'nosnippet, frobnicate'],
      ],
      body: '<p>x</p>',
    });
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.uses.redistribution).toBe('denied');
    expect(v.flags.map((f) => f.code)).toContain('robots_unknown_rule');
  });

  test('<meta name="gptbot" content="noai"> is scoped to GPTBot', () => {
    const body = '<html><head><meta name="GPTBot" content="noai"></head></html>';
    expect(engine.check({ body }).uses['ai-train']).toBe('unknown');
    expect(engine.check({ body }, { agent: 'GPTBot' }).uses['ai-train']).toBe('denied');
  });
});

describe('Link header parsing', () => {
  test('quoted params with commas and several links', () => {
    expect(
      parseLinkHeader(
        '<https://a/x>; rel="license"; type="application/rsl+xml", <https://b/y>; title="a, b"; rel=next',
      ),
    ).toEqual([
      { uri: 'https://a/x', params: { rel: 'license', type: 'application/rsl+xml' } },
      { uri: 'https://b/y', params: { title: 'a, b', rel: 'next' } },
    ]);
    expect(parseLinkHeader('garbage')).toEqual([]);
  });
});

describe('Creative Commons URL normalisation', () => {
  test.each([
    ['http://www.creativecommons.org/licenses/by-sa/3.0/de/legalcode', 'CC-BY-SA-3.0-DE'],
    ['https://creativecommons.org/licenses/by/4.0/deed.fr', 'CC-BY-4.0'],
    ['//creativecommons.org/licenses/by-nc-nd/2.5', 'CC-BY-NC-ND-2.5'],
    ['https://creativecommons.org/licenses/by-nd-nc/1.0/', 'CC-BY-NC-ND-1.0'],
    ['https://creativecommons.org/publicdomain/mark/1.0/', 'PDM-1.0'],
    ['https://creativecommons.org/licenses/by/4.0/?ref=chooser-v1', 'CC-BY-4.0'],
  ])('%s → %s', (url, id) => {
    const v = engine.check({ body: `<a rel="license" href="${url}">l</a>`, kind: 'html' });
    expect(v.evidence[0]?.details?.license).toBe(id);
  });

  test('a non-CC licence URL is recorded without effects', () => {
    const v = engine.check({ body: '<a rel="license" href="https://example.com/terms">terms</a>', kind: 'html' });
    expect(v.evidence[0]?.signal).toBe('license-link');
    expect(v.evidence[0]?.effects).toEqual({});
  });

  test('a version that was never published is flagged', () => {
    const v = engine.check({
      body: '<a rel="license" href="https://creativecommons.org/licenses/by-nd-nc/4.0/">x</a>',
      kind: 'html',
    });
    expect(v.flags.map((f) => f.code)).toContain('cc_unknown_version');
  });
});

describe('schema.org paywall', () => {
  test('isAccessibleForFree:false is flagged', () => {
    const v = engine.check({
      body: '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","isAccessibleForFree":false,"copyrightHolder":"X"}]}</script>',
      kind: 'html',
    });
    expect(v.flags.map((f) => f.code)).toContain('paywalled');
    expect(v.evidence[0]?.details?.copyrightHolder).toBe('X');
  });
});
