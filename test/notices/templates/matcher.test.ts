import {
  type NoticeRule,
  parseNoticeRule,
  TEMPLATE_STAGES,
  TemplateMatcher,
  type Triggers,
} from '../../../src/notices/templates/index.js';
import { embed, filler, messyWhitespace, shippedRules } from './helpers.js';

const { rules, triggers } = shippedRules();
const matcher = new TemplateMatcher(rules, { triggers });
const byId = (id: string) => rules.find((r) => r.id === id)!;
const wpEn = byId('wp-reservation-en');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(items: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function rule(front: string, body: string, file = 'test.md'): NoticeRule {
  return parseNoticeRule(`---\n${front}\nsource: test\n---\n${body}\n`, file);
}

describe('template matcher: stages', () => {
  test('stage names are the documented chain', () => {
    expect(TEMPLATE_STAGES).toEqual(['1-exact-hash', '2-phrase', '3-candidates', '4-window', '5-similarity']);
  });

  test('1-exact-hash: a notice on its own, whatever its whitespace, case and punctuation', () => {
    const text = messyWhitespace(byId('dpg-media-robots-en').text.toUpperCase());
    const [m] = matcher.match(text);
    expect(m).toMatchObject({ stage: '1-exact-hash', score: 1, coverage: 1 });
    expect(m!.rule.id).toBe('dpg-media-robots-en');
  });

  test('2-phrase: a short rule word for word inside other text', () => {
    const [m] = matcher.match('© 2026 Example News Media. All Rights Reserved. Contact us.');
    expect(m).toMatchObject({ stage: '2-phrase', matchedText: 'All Rights Reserved' });
    expect(m!.rule.id).toBe('all-rights-reserved-en');
  });

  test('4-window: a notice inside a longer text', () => {
    const text = `Published by WP. ${wpEn.text} Detailed information regarding this notice can be found here.`;
    const [m] = matcher.match(text);
    expect(m).toMatchObject({ stage: '4-window', score: 1, coverage: 1 });
    expect(m!.rule.id).toBe('wp-reservation-en');
  });

  test('5-similarity: a short phrase written slightly differently', () => {
    const [m] = matcher.match('© 2024 Street Lens. Toate drepturile sunt rezervate.');
    expect(m).toMatchObject({ stage: '5-similarity' });
    expect(m!.rule.id).toBe('toate-drepturile-rezervate-ro');
    expect(m!.matchedText).toBe('Toate drepturile sunt rezervate');
  });

  test('2-phrase prefilter: a long text without any trigger stem stops before normalising', () => {
    const a = matcher.analyze(filler(100_000));
    expect(a.trace).toEqual({ exactTried: false, regions: 0, regionChars: 0, candidates: 0, aligned: 0 });
    expect(a.matches).toEqual([]);
  });

  test('only the neighbourhood of trigger hits is normalised in a long page', () => {
    const { page } = embed(wpEn.text);
    const a = matcher.analyze(page);
    expect(a.trace.regions).toBe(1);
    expect(a.trace.regionChars).toBeLessThan(page.length / 5);
    expect(a.matches.map((m) => m.rule.id)).toEqual(['wp-reservation-en']);
  });
});

describe('template matcher: precision guards', () => {
  const words = wpEn.text.split(/\s+/);

  test('scrambled words of a notice are rejected (word-pair Dice and coverage collapse)', () => {
    for (const seed of [1, 2, 3]) {
      const scrambled = shuffle(words, seed).join(' ');
      expect(matcher.match(scrambled).filter((m) => m.rule.id === 'wp-reservation-en')).toEqual([]);
      expect(matcher.match(embed(scrambled).page).filter((m) => m.rule.id === 'wp-reservation-en')).toEqual([]);
    }
  });

  test('shuffled phrases (pairs kept, order broken) are rejected by the order guard', () => {
    const chunks: string[] = [];
    for (let i = 0; i < words.length; i += 6) chunks.push(words.slice(i, i + 6).join(' '));
    const shuffled = shuffle(chunks, 9).join(' ');
    expect(matcher.match(shuffled).filter((m) => m.rule.id === 'wp-reservation-en')).toEqual([]);
    const closest = matcher.closest(shuffled, 1)[0]!;
    expect(closest.ruleId).toBe('wp-reservation-en');
    expect(closest.failed.join(' ')).toMatch(/order|coverage|dice/);
  });

  test('a notice with its required phrase changed is not that notice', () => {
    const changed = wpEn.text.replace('machine learning or artificial intelligence', 'spreadsheets or calculators');
    expect(matcher.match(changed).filter((m) => m.rule.id === 'wp-reservation-en')).toEqual([]);
    const [c] = matcher.closest(changed, 1);
    expect(c).toMatchObject({ ruleId: 'wp-reservation-en' });
    expect(c!.failed).toContain('a required phrase is missing');
  });

  test('half of a notice is below minimum_coverage: nothing is said, closest() shows why', () => {
    const half = words.slice(0, Math.floor(words.length / 2)).join(' ');
    expect(matcher.match(half).filter((m) => m.rule.id === 'wp-reservation-en')).toEqual([]);
    const [c] = matcher.closest(half, 3);
    expect(c!.ruleId).toBe('wp-reservation-en');
    expect(c!.coverage).toBeLessThan(0.8);
    expect(c!.failed.some((f) => f.startsWith('coverage'))).toBe(true);
  });

  test('a placeholder takes another publisher name', () => {
    const other = wpEn.text.replace(
      'Wirtualna Polska Media Spółka Akcyjna, headquartered in Warsaw',
      'Example Media Group S.A.',
    );
    const [m] = matcher.match(other);
    expect(m!.rule.id).toBe('wp-reservation-en');
    expect(m!.score).toBeGreaterThan(0.95);
  });

  test('closest() on unrelated text returns nothing rather than a guess', () => {
    expect(matcher.closest('The weather will be sunny tomorrow.', 3)).toEqual([]);
  });
});

describe('template matcher: offsets into the original text', () => {
  test('entities, NBSP, CRLF and comment markers: matchedText is the exact source slice', () => {
    const source = wpEn.text
      .replace(/ /g, (_, i: number) => (i % 7 === 0 ? '&nbsp;' : i % 11 === 0 ? '\r\n# ' : ' '))
      .replace('Spółka', 'Sp&oacute;łka');
    const { page } = embed(source);
    const [m] = matcher.match(page);
    expect(m!.rule.id).toBe('wp-reservation-en');
    expect(page.slice(m!.start, m!.end)).toBe(m!.matchedText);
    expect(m!.matchedText.startsWith('Downloading,')).toBe(true);
    expect(m!.matchedText.endsWith('applicable law')).toBe(true);
  });

  test('Polish text with diacritics dropped still maps to the characters as written', () => {
    const plain = byId('wp-reservation-pl').text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');
    const [m] = matcher.match(plain);
    expect(m!.rule.id).toBe('wp-reservation-pl');
    expect(m!.matchedText).toBe(plain.slice(m!.start, m!.end));
  });
});

describe('template matcher: overlaps, false positives and ties', () => {
  const triggersAny: Triggers = { byLanguage: { any: ['consent', 'mining', 'cookies'] }, file: 'test' };

  test('a false-positive rule suppresses a positive match on the same span', () => {
    const positive = rule(
      'id: mining-consent\nkind: reservation\nlanguage: en\neffects:\n  tdm: conditional\nconditions:\n  - kind: consent',
      'Data mining of this site requires {{your consent}} given in the cookie settings below.',
    );
    const fp = rule(
      'id: cookie-settings\nkind: false-positive\nlanguage: en',
      'Data mining of this site requires your consent given in the cookie settings below. We use cookies.',
    );
    const text =
      'Privacy. Data mining of this site requires your consent given in the cookie settings below. We use cookies.';
    const withoutFp = new TemplateMatcher([positive], { triggers: triggersAny }).analyze(text);
    expect(withoutFp.matches.map((m) => m.rule.id)).toEqual(['mining-consent']);
    const withFp = new TemplateMatcher([positive, fp], { triggers: triggersAny }).analyze(text);
    expect(withFp.matches).toEqual([]);
    expect(withFp.falsePositives.map((m) => m.rule.id)).toEqual(['cookie-settings']);
    expect(withFp.suppressed.map((m) => m.rule.id)).toEqual(['mining-consent']);
  });

  test('a short rule inside a longer matched notice is not reported twice', () => {
    const text = byId('gianna-brachetti-tdm-reservation-en').text;
    expect(text).toContain('All rights reserved');
    expect(matcher.match(text).map((m) => m.rule.id)).toEqual(['gianna-brachetti-tdm-reservation-en']);
  });

  test('two versions of one notice: the one whose wording fits best wins; the tie-break is character Dice', () => {
    const front = (id: string) =>
      `id: ${id}\nkind: reservation\nlanguage: en\neffects:\n  tdm: denied\nrelevance: 100\nminimum_coverage: 80`;
    const a = rule(
      front('notice-acme'),
      'Text and data mining of the content is {{prohibited}} by [[Acme Publishing Ltd]] in all cases.',
    );
    const b = rule(
      front('notice-zenith'),
      'Text and data mining of the content is {{prohibited}} by [[Zenith News Group]] in all cases.',
    );
    const m = new TemplateMatcher([a, b], { triggers: triggersAny });
    expect(
      m.match('Text and data mining of the content is prohibited by Zenith News Group in all cases.')[0]!.rule.id,
    ).toBe('notice-zenith');
    expect(
      m.match('Text and data mining of the content is prohibited by Acme Publishing Ltd in all cases.')[0]!.rule.id,
    ).toBe('notice-acme');
  });

  test('retrieval stays local with thousands of unrelated rules: few candidates are aligned', () => {
    const many: NoticeRule[] = [wpEn];
    const r = rng(5);
    const syllables = 'ka lo mi ra ten vor bel sun dak ori pel tas gu ven hal mor'.split(' ');
    const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(r() * syllables.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const name = `${word()} ${word()}`;
      many.push(
        rule(
          `id: synthetic-${i}\nkind: reservation\nlanguage: en\neffects:\n  tdm: denied`,
          `The ${word()} and ${word()} of ${name} are protected; {{${name} prohibits}} text and data mining of its ${word()} without consent.`,
          `synthetic-${i}.md`,
        ),
      );
    }
    const big = new TemplateMatcher(many, { triggers });
    const a = big.analyze(embed(wpEn.text).page);
    expect(a.matches.map((m) => m.rule.id)).toEqual(['wp-reservation-en']);
    expect(a.trace.aligned).toBeLessThanOrEqual(3);
  });
});

describe('template matcher: odd input never crashes', () => {
  test.each([
    ['empty', ''],
    ['whitespace only', ' \n\t\r\n '],
    ['control characters and NUL', '\u0000\u0001© 2024\u0007 All rights reserved\u0000'],
    ['lone surrogates', '\ud800 reserved \udfff © \ud83d'],
    ['one huge word', `copyright${'x'.repeat(200_000)}`],
    ['only triggers', '© © © reserved reserved consent '.repeat(2000)],
    ['markup soup', '<div>&amp;&amp;&#0;&#x110000;&bogus;</div>'.repeat(500)],
  ])('%s', (_name, text) => {
    const a = matcher.analyze(text);
    for (const m of a.matches) expect(text.slice(m.start, m.end)).toBe(m.matchedText);
    expect(() => matcher.closest(text.slice(0, 20_000))).not.toThrow();
  });
});
