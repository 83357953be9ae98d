import { normalize, tokenize, toOriginalRange } from '../../../src/notices/normalize/index.js';
import { dashes, lowercase } from '../../../src/notices/normalize/steps.js';

describe('normalize (whole pipeline) and the offset map', () => {
  const original =
    'Copyright &copy; 2024 Ｆoo\u00a0Ltd. — All Rights\r\n  Reserved. “Licence” for non-commercial data-\n# mining and A.I. training: https://foo.example/tdm.';

  test('produces the canonical form', () => {
    expect(normalize(original).text).toBe(
      "copyright © 2024 foo ltd. - all rights reserved. 'license' for noncommercial data mining and ai training: url.",
    );
  });

  test('every word maps back to the exact source characters', () => {
    const n = normalize(original);
    const t = tokenize(n.text);
    const back = t.values.map((_, i) => {
      const r = toOriginalRange(n, t.starts[i]!, t.ends[i]!);
      return original.slice(r.start, r.end);
    });
    expect(back).toEqual([
      'Copyright',
      '&copy;',
      '2024',
      'Ｆoo',
      'Ltd',
      'All',
      'Rights',
      'Reserved',
      'Licence',
      'for',
      'non-commercial',
      // De-hyphenation joins both halves, so each half maps to the whole joined source span.
      'data-\n# mining',
      'data-\n# mining',
      'and',
      'A.I.',
      'training',
      'https://foo.example/tdm',
    ]);
  });

  test('a range of several words maps to the source span including what lay between them', () => {
    const n = normalize(original);
    const start = n.text.indexOf('all rights reserved');
    const r = toOriginalRange(n, start, start + 'all rights reserved'.length);
    expect(original.slice(r.start, r.end)).toBe('All Rights\r\n  Reserved');
  });

  test('empty and out-of-range ranges', () => {
    const n = normalize('  abc  ');
    expect(n.text).toBe('abc');
    expect(toOriginalRange(n, 1, 1)).toEqual({ start: 3, end: 3 });
    expect(toOriginalRange(n, 3, 3)).toEqual({ start: 7, end: 7 });
    expect(() => toOriginalRange(n, 2, 5)).toThrow(RangeError);
  });

  test('custom step lists run in the given order', () => {
    expect(normalize('A—B', [dashes]).text).toBe('A-B');
    expect(normalize('A—B', [lowercase]).text).toBe('a—b');
    expect(normalize('', []).text).toBe('');
  });

  test('tokenize: words of letters/digits; © and § are words; punctuation and markup are not', () => {
    expect(tokenize("## **§ 44b urhg** - (c) © 2024, l'article; 1.a)").values).toEqual([
      '§',
      '44b',
      'urhg',
      'c',
      '©',
      '2024',
      'l',
      'article',
      '1',
      'a',
    ]);
  });

  test('a 150 KB text with entities and mixed scripts keeps a consistent map', () => {
    const chunk = 'Zażółć gęślą jaźń &amp; ﬁne\u00a0print — “réservés” ';
    const big = chunk.repeat(3000);
    const n = normalize(big);
    expect(n.map.length).toBe(n.text.length);
    const t = tokenize(n.text);
    const last = t.values.length - 1;
    const r = toOriginalRange(n, t.starts[last]!, t.ends[last]!);
    expect(big.slice(r.start, r.end)).toBe('réservés');
  });
});
