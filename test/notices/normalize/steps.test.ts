import { identity, type MappedText } from '../../../src/notices/normalize/mapped.js';
import {
  copyrightSign,
  dashes,
  dehyphenate,
  foldDiacritics,
  htmlEntities,
  invisibleCharacters,
  lowercase,
  NORMALIZATION_STEPS,
  type NormalizationStep,
  quotes,
  spellingVariants,
  unicodeNfkc,
  urls,
  whitespace,
} from '../../../src/notices/normalize/steps.js';

/** Apply one step to a plain string. */
function run(step: NormalizationStep, input: string): MappedText {
  return step.apply(identity(input));
}

/** Every output character maps back into the input, and the source slice of each char is well-formed. */
function expectSaneMap(input: string, out: MappedText): void {
  expect(out.starts.length).toBe(out.text.length);
  expect(out.ends.length).toBe(out.text.length);
  for (let i = 0; i < out.text.length; i++) {
    expect(out.starts[i]).toBeGreaterThanOrEqual(0);
    expect(out.ends[i]).toBeGreaterThan(out.starts[i]!);
    expect(out.ends[i]).toBeLessThanOrEqual(input.length);
    if (i > 0) expect(out.starts[i]).toBeGreaterThanOrEqual(out.starts[i - 1]!);
  }
}

/** The original characters behind the output characters [a, b). */
function source(input: string, out: MappedText, a: number, b: number): string {
  return input.slice(out.starts[a]!, out.ends[b - 1]!);
}

describe('normalisation steps (each on its own)', () => {
  test('the pipeline is ordered and every step has a unique name and a description', () => {
    const names = NORMALIZATION_STEPS.map((s) => s.name);
    expect(names).toEqual([
      'html-entities',
      'invisible-characters',
      'copyright-sign',
      'unicode-nfkc',
      'quotes',
      'dashes',
      'urls',
      'dehyphenate',
      'whitespace',
      'lowercase',
      'fold-diacritics',
      'spelling-variants',
    ]);
    for (const s of NORMALIZATION_STEPS) expect(s.description.length).toBeGreaterThan(10);
  });

  test('html-entities: named, numeric, hex and accent references; unknown ones stay', () => {
    const input = 'A&amp;B &copy; 2024 &#169; &#xA9; r&eacute;serv&eacute;s &zdot;e &bogus; &amp no-semicolon';
    const out = run(htmlEntities, input);
    expect(out.text).toBe('A&B © 2024 © © réservés że &bogus; & no-semicolon');
    expectSaneMap(input, out);
    const e = out.text.indexOf('é');
    expect(source(input, out, e, e + 1)).toBe('&eacute;');
  });

  test('html-entities: text without "&" is returned as is (no copy)', () => {
    const t = identity('plain text');
    expect(htmlEntities.apply(t)).toBe(t);
  });

  test('invisible-characters: zero-width space, soft hyphen, BOM and bidi marks are removed', () => {
    const input = '\ufeffre\u00adserved\u200b rights\u200e';
    const out = run(invisibleCharacters, input);
    expect(out.text).toBe('reserved rights');
    expectSaneMap(input, out);
    expect(source(input, out, 0, 8)).toBe('re\u00adserved');
  });

  test('copyright-sign: ©-like marks and "(c)" before a year or name; list item "(c) the" is kept', () => {
    const out = run(copyrightSign, 'Copyright (c) 2024 Foo, (C) Bar, Ⓒ ⓒ, items (a) x (b) y (c) the end');
    expect(out.text).toBe('Copyright © 2024 Foo, © Bar, © ©, items (a) x (b) y (c) the end');
  });

  test('unicode-nfkc: NBSP, ligatures, full-width letters and decomposed accents', () => {
    const input = 'ﬁne\u00a0Ｆoo e\u0301te';
    const out = run(unicodeNfkc, input);
    expect(out.text).toBe('fine Foo éte');
    expectSaneMap(input, out);
    expect(source(input, out, 0, 2)).toBe('ﬁ');
    expect(source(input, out, 9, 10)).toBe('e\u0301');
  });

  test('quotes: curly, low, guillemets and double quotes become a straight apostrophe', () => {
    expect(run(quotes, '“a” ‘b’ „c“ «d» ‹e› "f" `g`').text).toBe("'a' 'b' 'c' 'd' 'e' 'f' 'g'");
  });

  test('dashes: en/em dash, minus and other dash punctuation become "-"', () => {
    expect(run(dashes, 'a–b—c−d‐e-f').text).toBe('a-b-c-d-e-f');
  });

  test('urls: URLs and e-mail addresses are black-boxed, trailing punctuation stays outside', () => {
    const input = 'See https://example.com/tos?a=1. Write to legal@example.com or www.example.org/x, thanks';
    const out = run(urls, input);
    expect(out.text).toBe('See url. Write to email or url, thanks');
    expectSaneMap(input, out);
    expect(source(input, out, 4, 7)).toBe('https://example.com/tos?a=1');
  });

  test('dehyphenate: a word split at a line break (also after a comment leader) is joined', () => {
    expect(run(dehyphenate, 'repro-\nduction and data-\n# mining').text).toBe('reproduction and datamining');
    expect(run(dehyphenate, 'pre-\n  War and well-known').text).toBe('pre-\n  War and well-known');
  });

  test('whitespace: runs collapse to one space, ends are trimmed', () => {
    const input = '  All\n\n rights\t\treserved.\r\n';
    const out = run(whitespace, input);
    expect(out.text).toBe('All rights reserved.');
    expectSaneMap(input, out);
  });

  test('lowercase: keeps a 1:1 map, also for characters whose lower case is longer', () => {
    expect(run(lowercase, 'ALL Rights').text).toBe('all rights');
    const input = 'İSTANBUL';
    const out = run(lowercase, input);
    expect(out.text).toBe('i̇stanbul');
    expectSaneMap(input, out);
  });

  test('fold-diacritics: accents removed; ł ø ß æ œ folded', () => {
    expect(run(foldDiacritics, 'zastrzeżone réservés łódź straße øre cœur æble').text).toBe(
      'zastrzezone reserves lodz strasse ore coeur aeble',
    );
  });

  test('spelling-variants: licence/license, datamining, non-commercial, e-mail, A.I., web site, re-use', () => {
    const out = run(
      spellingVariants,
      'licence licenced licencing datamining non-commercial non commercial e-mail a.i. web site re-use authorised finetuning optout',
    );
    expect(out.text).toBe(
      'license licensed licensing data mining noncommercial noncommercial email ai website reuse authorized fine tuning opt out',
    );
  });

  test('spelling-variants: "a. it" (an abbreviation followed by a word) is not A.I.', () => {
    expect(run(spellingVariants, 'see a. it is').text).toBe('see a. it is');
  });
});
