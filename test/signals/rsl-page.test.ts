import { Engine } from '../../src/engine/engine';

const engine = new Engine();
const inline = (licence: string) =>
  `<html><head><script type="application/rsl+xml"><rsl xmlns="https://rslstandard.org/rsl"><content url="">${licence}</content></rsl></script></head><body><p>x</p></body></html>`;

describe('RSL on the page', () => {
  test('inline document is evaluated for this page (url="" = this placement)', () => {
    const v = engine.check({
      url: 'https://ex.com/a',
      body: inline('<license><prohibits type="usage">ai-all</prohibits></license>'),
    });
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.uses['ai-input']).toBe('denied');
    expect(v.uses.search).toBe('allowed');
    expect(v.evidence.find((e) => e.signal === 'rsl-inline')?.reservation).toBe(true);
  });

  test('inline: permits with attribution payment → conditional(attribution); prohibits beats permits', () => {
    const v = engine.check({
      url: 'https://ex.com/a',
      body: inline(
        '<license><permits type="usage">search ai-input ai-train</permits><prohibits type="usage">ai-train</prohibits><payment type="attribution"/></license>',
      ),
    });
    expect(v.uses.search).toBe('conditional');
    expect(v.uses['ai-input']).toBe('conditional');
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.conditions.search?.[0]?.kind).toBe('attribution');
  });

  test('inline: broken XML is flagged, not a crash', () => {
    const v = engine.check({ body: inline('<license><permits type="usage">ai-all</license>') });
    expect(v.flags.map((f) => f.code)).toContain('rsl_invalid');
    expect(v.uses['ai-train']).toBe('unknown');
  });

  test('Link header to a remote document: recorded and flagged unresolved until supplied', () => {
    const headers = [
      ['Link', '<https://ex.com/license.xml>; rel="license"; type="application/rsl+xml"'] as [string, string],
    ];
    const v = engine.check({ url: 'https://ex.com/a', headers, body: '<p>x</p>' });
    const e = v.evidence.find((x) => x.signal === 'rsl-link')!;
    expect(e.details?.licenseUrl).toBe('https://ex.com/license.xml');
    expect(v.flags.map((f) => f.code)).toContain('rsl_remote_unresolved');
    const doc =
      '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><permits type="usage">ai-all</permits><payment><standard>https://rslcollective.org/license</standard></payment></license></content></rsl>';
    const resolved = engine.check(
      { url: 'https://ex.com/a', headers, body: '<p>x</p>' },
      { site: { rsl: { 'https://ex.com/license.xml': doc } } },
    );
    expect(resolved.uses['ai-train']).toBe('conditional');
    expect(resolved.uses.search).toBe('denied');
    expect(resolved.conditions['ai-train']?.[0]?.kind).toBe('licence');
  });

  test('<link rel=license type=application/rsl+xml> is RSL, relative href resolved; plain rel=license is not', () => {
    const v = engine.check({
      url: 'https://ex.com/dir/page',
      body: '<html><head><link rel="license" type="application/rsl+xml" href="/rsl.xml"><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head></html>',
    });
    expect(v.evidence.find((e) => e.signal === 'rsl-link')?.details?.licenseUrl).toBe('https://ex.com/rsl.xml');
    expect(v.evidence.find((e) => e.signal === 'cc-license')?.details?.license).toBe('CC-BY-4.0');
  });
});
