import fc from 'fast-check';
import { findInPassage } from '../../src/notices/find';
import { resources } from '../notices/helpers';

/**
 * Property: the notice analysis of a text grows linearly with the text, whatever the text is made of.
 * Generated texts are built from the shapes that broke it before — separator lines, punctuation runs,
 * long tokens, deep and long lists, mixed scripts, repeated cues — and each is analysed at two sizes, n
 * and 8n. The check is a growth ratio measured in the same run (a benchmark-style harness), not a time
 * limit: a linear analysis grows at most 8× (less, with its fixed costs), a quadratic one up to 64×, an
 * exponential one never finishes (the test's timeout). The bound (16×) leaves room for a busy CI machine;
 * the quadratic sentence segmenter this replaced grew 21× on "All rights reserved. " (16 KB → 128 KB).
 */
const CUES = [
  'No AI training',
  'text and data mining',
  'All rights reserved.',
  'Text- und Data-Mining vorbehalten',
  'may not be used to train machine learning models',
  'without prior written consent',
  'except for search engines',
  'scraping, crawling or harvesting',
  'Tous droits réservés',
  'zakazuje się eksploracji tekstów i danych',
];

const separatorLine = fc
  .tuple(
    fc.constantFrom('', '# ', '// ', '> '),
    fc.constantFrom('-', '=', '*', '_', '#', '~', '—', '*-_', '- ', '. '),
    fc.integer({ min: 3, max: 120 }),
  )
  .map(([prefix, ch, n]) => `${prefix}${ch.repeat(n)}\n`);
const punctuationRun = fc
  .array(fc.constantFrom('.', ';', ':', '!', '?', ',', '(', ')', '…', '。', '«', '»', '"', '§'), {
    minLength: 1,
    maxLength: 80,
  })
  .map((a) => `${a.join('')} `);
const longToken = fc
  .tuple(fc.constantFrom('x', 'ab', 'ai-', 'é', '9', 'Ж'), fc.integer({ min: 50, max: 3000 }))
  .map(([s, n]) => `${s.repeat(n)} `);
const listItem = fc
  .tuple(
    fc.constantFrom('- ', '* ', '1. ', '(a) ', 'iv) ', '• ', '# - ', '    - '),
    fc.constantFrom(...CUES),
    fc.constantFrom(';', '.', '', ':'),
  )
  .map(([marker, cue, end]) => `${marker}${cue}${end}\n`);
const mixedScript = fc
  .constantFrom('Текст и данные', '文本和数据挖掘', 'النص والبيانات', 'κείμενο και δεδομένα', 'テキスト', '데이터')
  .map((s) => `${s} — `);
const repeatedCue = fc.constantFrom(...CUES).map((c) => `${c} `);
const blank = fc.constant('\n\n');

const unit = fc
  .array(fc.oneof(separatorLine, punctuationRun, longToken, listItem, mixedScript, repeatedCue, blank), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

function repeatTo(u: string, size: number): string {
  return u.repeat(Math.ceil(size / u.length)).slice(0, size);
}

function analysisMs(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    findInPassage({ text }, resources());
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

const SMALL = 16_000;
const LARGE = 8 * SMALL;
const GROWTH_BOUND = 16;
/** Below this the timer's noise dominates; such inputs are too cheap to show any growth. */
const NOISE_MS = 4;

describe('notice analysis is linear in its input', () => {
  beforeAll(() => {
    findInPassage({ text: 'warm-up: No AI training. All rights reserved.' }, resources());
  });

  test('texts made of hostile shapes grow at most linearly (n vs 8n)', () => {
    fc.assert(
      fc.property(unit, (u) => {
        const small = analysisMs(repeatTo(u, SMALL));
        const large = analysisMs(repeatTo(u, LARGE));
        if (large < NOISE_MS) return true;
        const growth = large / Math.max(small, NOISE_MS / 4);
        if (growth > GROWTH_BOUND) throw new Error(`n ${small.toFixed(1)} ms, 4n ${large.toFixed(1)} ms: ${u}`);
        return true;
      }),
      { numRuns: 10 },
    );
  });

  test.each([
    [
      'a heading and a separator line (the robots.txt hang)',
      '# No AI training\n# ----------------------------------------\n',
    ],
    ['"All rights reserved. " repeated', 'All rights reserved. '],
    ['"*-_" after an AI sentence', `No AI training. ${'*-_'.repeat(500)}`],
    ['numbered list items under one lead', '1. use robots to scrape items for training AI models;\n'],
  ])('%s', (_name, u) => {
    const small = analysisMs(repeatTo(u, SMALL));
    const large = analysisMs(repeatTo(u, LARGE));
    expect(large / Math.max(small, NOISE_MS / 4)).toBeLessThan(GROWTH_BOUND);
  });
});
