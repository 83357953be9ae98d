import { fold } from '../../../src/notices/clauses/fold';
import { compilePattern, PatternError, patternAnchors } from '../../../src/notices/clauses/pattern';

function matches(pattern: string, text: string): string[] {
  const exact = pattern.startsWith('=');
  const re = compilePattern(pattern);
  return [...(exact ? text : fold(text)).matchAll(re)].map((m) => text.slice(m.index, m.index + m[0].length));
}

describe('fold', () => {
  test('keeps the length and removes case and Latin diacritics', () => {
    const s = 'Wszelkie prawa ZASTRZEŻONE — Łódź, Ærø, Straße, «été»';
    expect(fold(s)).toHaveLength(s.length);
    expect(fold(s)).toBe('wszelkie prawa zastrzezone - lodz, aro, strase, «ete»');
  });
  test('typographic apostrophes and spaces become ASCII', () => {
    expect(fold('n’est\u00a0pas')).toBe("n'est pas");
  });
  test('ASCII text is only lower-cased', () => {
    expect(fold('All Rights Reserved')).toBe('all rights reserved');
  });
});

describe('phrase syntax', () => {
  test('a space matches spaces, line breaks and dashes; matching is accent-insensitive', () => {
    expect(matches('text and data mining', 'Text and\n data-mining')).toEqual(['Text and\n data-mining']);
    expect(matches('autorizacion expresa', 'sin la autorización expresa')).toEqual(['autorización expresa']);
  });
  test('a dash matches a dash, a space or nothing', () => {
    expect(matches('data-mining', 'data mining, data-mining and datamining')).toEqual([
      'data mining',
      'data-mining',
      'datamining',
    ]);
  });
  test('* continues a word, and words only match at word boundaries', () => {
    expect(matches('scrap*', 'Scraping, scrapers; skyscraper')).toEqual(['Scraping', 'scrapers']);
    expect(matches('*suchmaschine*', 'Internetsuchmaschinen')).toEqual(['Internetsuchmaschinen']);
    expect(matches('commercial*', 'non-commercial')).toEqual(['commercial']);
  });
  test('? makes a letter, a group or a space optional', () => {
    expect(matches('models?', 'model, models')).toEqual(['model', 'models']);
    expect(matches('(prior )?consent', 'prior consent or consent')).toEqual(['prior consent', 'consent']);
    expect(matches('rights ?holders?', 'rightsholder, rights holders')).toEqual(['rightsholder', 'rights holders']);
  });
  test('groups, character classes and gaps', () => {
    expect(matches('licen[cs]e (agreement|terms)', 'a licence agreement, license terms')).toEqual([
      'licence agreement',
      'license terms',
    ]);
    expect(matches('behalten ... vor', 'Wir behalten uns die Nutzung für TDM vor.')).toEqual([
      'behalten uns die Nutzung für TDM vor',
    ]);
    // The gap stops at the end of a sentence.
    expect(matches('behalten ... vor', 'Wir behalten. Vor allem')).toEqual([]);
  });
  test('= matches case-sensitively against the original text', () => {
    expect(matches('=AI', 'AI training; ai sensi; said')).toEqual(['AI']);
  });
  test('re: is a raw regular expression over folded text', () => {
    expect(matches('re:26\\s?(?:³|\\^3)', 'art. 26³ ustawy')).toEqual(['26³']);
  });
  test('invalid patterns throw PatternError with the reason', () => {
    expect(() => compilePattern('(a|b')).toThrow(PatternError);
    expect(() => compilePattern('a)')).toThrow(/unexpected/);
    expect(() => compilePattern('?a')).toThrow(/must follow/);
    expect(() => compilePattern('re:(')).toThrow(/invalid regular expression/);
    expect(() => compilePattern('   ')).toThrow(/empty/);
  });
});

describe('gate anchors', () => {
  test('literal starts of a pattern, or null when the start is raw', () => {
    expect(patternAnchors('text and data mining')).toEqual(['text']);
    expect(patternAnchors('(scraping|crawling) tools')).toEqual(['scraping', 'crawling']);
    // An optional leading group: its alternatives and what follows it.
    expect(patternAnchors('(to )?train')).toEqual(['to', 'train']);
    expect(patternAnchors('*suchmaschine*')).toBeNull();
    expect(patternAnchors('re:26³')).toBeNull();
    expect(patternAnchors('=AI')).toBeNull();
    expect(patternAnchors('© x')).toEqual(['©']);
  });
});

describe('raw pattern anchors', () => {
  test('a leading literal, after a look-behind, or a group of plain alternatives', () => {
    const { rawAnchor } =
      require('../../../src/notices/clauses/cues') as typeof import('../../../src/notices/clauses/cues');
    expect(rawAnchor('re:コピー(?!ライト)')).toEqual(['コピー']);
    expect(rawAnchor('re:(?<!情報)共有')).toEqual(['共有']);
    expect(rawAnchor('re:(修改|修訂)(?!本)')).toEqual(['修改', '修訂']);
    expect(rawAnchor('re:(?:第\\s?)?30')).toBeNull();
    expect(rawAnchor('plain phrase')).toBeNull();
  });
});
