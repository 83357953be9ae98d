import fc from 'fast-check';
import { Engine } from '../../src/engine/engine';
import { robotsDocument, robotsShapedDocument, unflatten } from '../../src/protocols/robots/document';
import { resources } from '../notices/helpers';

/** A robots.txt given as plain text (a dataset row, `clearance check robots.txt`) is read as its site's file. */
const ROBOTS = [
  '# robots.txt for example.org',
  '# We do not allow our journalism to be used to train AI models.',
  'User-agent: GPTBot',
  'Disallow: /',
  '',
  'User-agent: *',
  'Allow: /',
  'Sitemap: https://example.org/sitemap.xml',
].join('\n');

describe('robots-shaped documents', () => {
  test('a robots.txt is recognised and returned unchanged', () => {
    expect(robotsDocument(ROBOTS)).toBe(ROBOTS);
    expect(robotsShapedDocument(ROBOTS)?.file).toBe('robots.txt');
  });

  test('an article that shows robots.txt lines is not one (prose lines)', () => {
    const article = [
      'To keep AI crawlers away, add these lines to your robots.txt file:',
      'User-agent: GPTBot',
      'Disallow: /',
      'Then upload the file to the root of your site and check it in Search Console.',
      'Most publishers did this in 2023, according to a survey.',
    ].join('\n');
    expect(robotsDocument(article)).toBeNull();
  });

  test('comments alone, or agents without a rule, are not a robots.txt', () => {
    expect(robotsDocument('# No AI training on this site.\n# Contact us for a licence.')).toBeNull();
    expect(robotsDocument('User-agent: *\nSitemap: https://example.org/s.xml')).toBeNull();
  });

  test('a flattened file gets its line breaks back (before directives and comment markers)', () => {
    const flat = ROBOTS.replace(/\n+/g, ' ');
    const restored = robotsDocument(flat);
    expect(restored?.split('\n')).toEqual(ROBOTS.split('\n').filter((l) => l !== ''));
    // A URL fragment or a word ending in "allow" is not a line start.
    expect(unflatten('User-agent: a Disallow: /x#top User-agent: b Allow: /swallow')).toBe(
      'User-agent: a\nDisallow: /x#top\nUser-agent: b\nAllow: /swallow',
    );
  });

  test('Spawning ai.txt names itself first and is read as ai.txt', () => {
    const ai = `# This file is parsed by AI pipelines that respect the ai.txt spec (see also robots.txt).\nUser-Agent: *\nDisallow: /`;
    expect(robotsShapedDocument(ai)?.file).toBe('ai.txt');
  });

  test('property: unflatten only inserts line breaks, and a text without two agents is left alone', () => {
    const word = fc.constantFrom('User-agent: x', 'Disallow: /', 'Allow: /a', '# note', 'GPTBot', '#', 'allow:', '  ');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (parts) => {
        const line = parts.join(' ');
        const out = unflatten(line);
        expect(out.replace(/\s+/g, '')).toBe(line.replace(/\s+/g, ''));
        if ((line.match(/user-agent\s*:/gi) ?? []).length < 2) expect(out).toBe(line);
      }),
    );
  });

  test('recognition grows linearly with the text (n vs 8n, flattened and line by line)', () => {
    const ms = (text: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        robotsShapedDocument(text);
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return best;
    };
    for (const unit of [
      'User-agent: x Disallow: / # c ',
      'User-agent: x\nDisallow: /\n# ai.txt\n',
      '#  \t '.repeat(3),
    ]) {
      const small = ms(unit.repeat(Math.ceil(100_000 / unit.length)));
      const large = ms(unit.repeat(Math.ceil(800_000 / unit.length)));
      // Linear grows ~8x; the bound leaves room for a busy machine, a quadratic scan grows ~64x.
      expect(large / Math.max(small, 0.5)).toBeLessThan(24);
    }
  });

  test('a long hostile line costs linear time (no backtracking on whitespace runs)', () => {
    const hostile = `User-agent: a User-agent: b ${' '.repeat(200_000)}disallow${' '.repeat(200_000)}#`;
    const lines = unflatten(hostile).split('\n');
    expect(lines.map((l) => l.slice(0, 12))).toEqual(['User-agent: ', 'User-agent: ', '#']);
  });
});

describe('the engine reads a robots.txt given as text as its site file', () => {
  const engine = new Engine({ resources: resources() });

  test('rules give robots evidence, comments site notices; the page notice detector does not read it twice', () => {
    const v = engine.check({ body: ROBOTS, kind: 'text' });
    expect(v.flags.map((f) => f.code)).toContain('site_file_text');
    const signals = v.evidence.map((e) => `${e.signal}:${e.source}`);
    expect(signals).toContain('robots-txt:site');
    expect(signals).toContain('notice-text:site');
    expect(signals).not.toContain('notice-text:page');
    expect(v.uses['ai-train']).not.toBe('unknown');
  });

  test('the caller’s own robots.txt wins; HTML pages are never site files', () => {
    const own = engine.check(
      { body: ROBOTS, kind: 'text' },
      { site: { robotsTxt: { body: 'User-agent: *\nAllow: /' } } },
    );
    expect(own.flags.map((f) => f.code)).not.toContain('site_file_text');
    const html = engine.check({ body: `<html><body><pre>${ROBOTS}</pre></body></html>`, kind: 'html' });
    expect(html.flags.map((f) => f.code)).not.toContain('site_file_text');
  });
});
