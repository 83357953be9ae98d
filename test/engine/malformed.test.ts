import { Engine } from '../../src/engine/engine';
import { InputError } from '../../src/engine/errors';

const engine = new Engine();

describe('bad input: clear error or graceful result, never a crash', () => {
  test('binary bytes are refused with a clear InputError', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(() => engine.check({ body: png })).toThrow(InputError);
    try {
      engine.check({ body: png });
    } catch (e) {
      expect((e as InputError).code).toBe('binary');
      expect((e as Error).message).toMatch(/binary/);
    }
  });

  test('a 20 MB page is processed (the footer at the end is still seen)', () => {
    const filler = `<p>${'Lorem ipsum dolor sit amet. '.repeat(40)}</p>\n`;
    const body = `<html><head><meta name="tdm-reservation" content="1"></head><body>${filler.repeat(Math.ceil((20 * 1024 * 1024) / filler.length))}<footer><a rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/">l</a></footer></body></html>`;
    expect(body.length).toBeGreaterThan(20 * 1024 * 1024);
    const v = engine.check({ body: Buffer.from(body), url: 'https://ex.com/big' });
    expect(v.uses.tdm).toBe('denied');
    expect(v.uses.derivatives).toBe('denied');
  });

  test('a page over the configured limit gets a too_large error naming the limit', () => {
    const small = new Engine({ maxBytes: 1024 });
    expect(() => small.check({ body: Buffer.alloc(2048, 0x61) })).toThrow(/exceeds the limit of 1024 bytes/);
  });

  test('broken JSON-LD is flagged and the rest of the page still evaluated', () => {
    const v = engine.check({
      body: '<html><head><script type="application/ld+json">{"license": "https://creativecommons.org/licenses/by/4.0/",</script><meta name="robots" content="noai"></head></html>',
    });
    expect(v.flags.map((f) => f.code)).toContain('jsonld_invalid');
    expect(v.uses['ai-train']).toBe('denied');
  });

  test('deeply nested JSON-LD and huge @graph stay bounded', () => {
    // 200,000 levels: deeper than V8's JSON.parse recursion allows, so it must fail as a flagged error.
    const depth = 200_000;
    const json = `${'{"child":'.repeat(depth)}{}${'}'.repeat(depth)}`;
    const graph = { '@graph': Array.from({ length: 20000 }, (_, i) => ({ '@type': 'Thing', name: `n${i}` })) };
    const v = engine.check({
      body: `<html><head><script type="application/ld+json">${JSON.stringify(graph)}</script><script type="application/ld+json">${json}</script></head></html>`,
    });
    expect(v.uses.redistribution).toBe('unknown');
    expect(v.flags.filter((f) => f.code === 'jsonld_invalid').length).toBeGreaterThanOrEqual(1);
  });

  test('malformed headers: garbage values and odd names do not crash', () => {
    const v = engine.check({
      headers: [
        ['X-Robots-Tag', ',,, :, ::noai,'],
        ['Content-Usage', '\u0000\u00ff=='],
        ['tdm-reservation', ''],
        ['Link', '<<<>>; rel="license"; type='],
        ['Content-Signal', '=,=,ai-train'],
      ],
      body: '<p>x</p>',
    });
    expect(v.flags.map((f) => f.code)).toEqual(expect.arrayContaining(['aipref_parse_error', 'tdm_invalid']));
  });

  test('a bad URL is a clear InputError', () => {
    expect(() => engine.check({ body: '<p>x</p>', url: 'not a url' })).toThrow(/not an absolute URL/);
  });

  test('unknown profile is a clear InputError listing the known ones', () => {
    expect(() => engine.check({ body: '<p>x</p>' }, { profile: 'nope' })).toThrow(/known: .*conservative/);
  });

  test('empty input is a valid page with no statements', () => {
    const v = engine.check({ body: '' });
    expect(Object.values(v.uses).every((p) => p === 'unknown')).toBe(true);
    expect(v.exclude).toEqual({ training: false, redistribution: false });
  });
});
