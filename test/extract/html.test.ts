import { extractHtml } from '../../src/extract/html';
import { blockAt, toSourceOffset } from '../../src/extract/page';

const page = `<!doctype html>
<html lang="de-DE"><head><title> Ein  Titel </title>
<meta name="description" content="d"><meta property="og:title" content="o">
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">
<link rel="alternate stylesheet" href="/s.css" type="text/css">
<script type="application/ld+json">{"@type":"Article","license":"https://x"}</script>
<script type="application/ld+json"><!-- {"@type":"WebPage"} --></script>
<script type="application/ld+json">{broken</script>
<script>var hidden = "not visible";</script><style>.x{}</style>
</head><body>
<header><nav><a href="/">Start</a></nav></header>
<main><article><h1>Überschrift</h1><p>Erster &amp; zweiter Absatz.</p></article></main>
<div class="site-footer"><p>© 2026 Beispiel GmbH. <a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA</a></p></div>
<footer><p>Impressum</p></footer>
<noscript>no script text</noscript><template><p>template text</p></template>
</body></html>`;

describe('extractHtml', () => {
  const x = extractHtml(page);

  test('lang, title, metas, links, licence anchors', () => {
    expect(x.lang).toBe('de-DE');
    expect(x.title).toBe('Ein Titel');
    expect(x.metas.map((m) => m.name ?? m.property)).toEqual(['description', 'og:title']);
    expect(x.links.filter((l) => l.rel.includes('license')).map((l) => [l.element, l.href])).toEqual([
      ['link', 'https://creativecommons.org/licenses/by/4.0/'],
      ['a', 'https://creativecommons.org/licenses/by-sa/4.0/'],
    ]);
    expect(x.links.find((l) => l.element === 'a')?.text).toBe('CC BY-SA');
    expect(x.links.find((l) => l.rel.includes('stylesheet'))?.rel).toEqual(['alternate', 'stylesheet']);
  });

  test('JSON-LD parsed safely: valid, comment-wrapped, broken (error kept, flagged)', () => {
    expect(x.jsonLd).toHaveLength(3);
    expect(x.jsonLd[0]!.value).toEqual({ '@type': 'Article', license: 'https://x' });
    expect(x.jsonLd[1]!.value).toEqual({ '@type': 'WebPage' });
    expect(x.jsonLd[2]!.error).toMatch(/not valid JSON/);
    expect(x.flags.map((f) => f.code)).toContain('jsonld_invalid');
  });

  test('visible text only: no script, style, noscript, template, head text', () => {
    expect(x.text).not.toMatch(/not visible|no script text|template text|\.x\{/);
    expect(x.text).toContain('Erster & zweiter Absatz.');
  });

  test('blocks carry their layout region and footer-likeness', () => {
    const find = (s: string) => x.blocks.find((b) => b.text.includes(s))!;
    expect(find('Start').region).toBe('nav');
    expect(find('Überschrift').region).toBe('article');
    expect(find('Erster').region).toBe('article');
    expect(find('Beispiel GmbH').region).toBe('body');
    expect(find('Beispiel GmbH').footerLike).toBe(true);
    expect(find('Impressum').region).toBe('footer');
    expect(find('Impressum').footerLike).toBe(true);
    expect(find('Erster').footerLike).toBe(false);
  });

  test('offsets map text back to the exact source characters', () => {
    const b = x.blocks.find((bl) => bl.text.includes('Beispiel GmbH'))!;
    const i = b.text.indexOf('Beispiel');
    const src = toSourceOffset(b, i);
    expect(page.slice(src, src + 'Beispiel GmbH'.length)).toBe('Beispiel GmbH');
    expect(x.text.slice(b.start, b.start + b.text.length)).toBe(b.text);
    expect(blockAt(x, b.start + 3)).toBe(b);
    const entity = x.blocks.find((bl) => bl.text.includes('Erster'))!;
    const after = toSourceOffset(entity, entity.text.indexOf('zweiter'));
    expect(page.slice(after, after + 7)).toBe('zweiter');
  });

  test('a block of thousands of text runs keeps its text and the offsets of every run', () => {
    // Each `&amp;` splits the text into runs; the runs are gathered in chunks (ROPE_RUNS) past 1,024.
    for (const words of [1, 511, 512, 513, 1500, 5000]) {
      const source = `<div><p>${Array.from({ length: words }, (_, i) => `w${i}&amp;`).join('')}</p></div>`;
      const [block] = extractHtml(source).blocks;
      expect(block!.text).toBe(Array.from({ length: words }, (_, i) => `w${i}&`).join(''));
      for (const i of [0, words >> 1, words - 1]) {
        const at = block!.text.indexOf(`w${i}&`);
        const src = toSourceOffset(block!, at);
        expect(source.slice(src, src + `w${i}&amp;`.length)).toBe(`w${i}&amp;`);
      }
    }
  });

  test('10,000-deep nesting does not crash and keeps the text', () => {
    const deep = `<html><body>${'<div>'.repeat(10_000)}deep text${'</div>'.repeat(10_000)}<footer>f</footer></body></html>`;
    const d = extractHtml(deep);
    expect(d.text).toContain('deep text');
    expect(d.blocks.find((b) => b.text === 'f')?.region).toBe('footer');
  });

  test('unclosed and misnested tags are tolerated', () => {
    const d = extractHtml('<html><body><footer><p>one<div>two</footer><p>three');
    expect(d.blocks.map((b) => b.text)).toEqual(['one', 'two', 'three']);
    expect(d.blocks.map((b) => b.region)).toEqual(['footer', 'footer', 'body']);
  });

  test('inline RSL documents are collected', () => {
    const d = extractHtml(
      '<html><head><script type="application/rsl+xml"><rsl xmlns="https://rslstandard.org/rsl"></rsl></script></head></html>',
    );
    expect(d.rsl).toHaveLength(1);
    expect(d.rsl[0]!.raw).toContain('<rsl');
  });
});
