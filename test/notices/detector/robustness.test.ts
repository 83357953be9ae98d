import { Engine } from '../../../src/engine/engine';
import { detectNoticesInText } from '../../../src/notices';
import { MAX_SENTENCE_CHARS, segment } from '../../../src/notices/clauses/segment';
import { clauseResources } from '../helpers';

/** Bad or odd input gives a verdict (or nothing), never a crash; work per clause stays bounded. */
const engine = () => new Engine({ resources: clauseResources() });

describe('odd input', () => {
  test.each([
    ['empty', ''],
    ['whitespace', '  \n\n\t '],
    ['punctuation only', '.;:!?'.repeat(1000)],
    ['right-to-left script', 'جميع الحقوق محفوظة. '.repeat(100)],
    ['emoji', `${'🙂🚫🤖 '.repeat(300)}`],
    ['deep parentheses', `${'('.repeat(3000)}text${')'.repeat(3000)}`],
    ['lone surrogates', '\ud800 All rights \udfff reserved \ud83d'],
    ['unclosed markdown', '**## > - * # ```'],
  ])('%s: a verdict without notice evidence', (_name, body) => {
    const v = engine().check({ body, kind: 'text' });
    expect(v.evidence.filter((e) => e.signal === 'notice-text' && e.reservation)).toEqual([]);
  });

  test('a megabyte without sentence ends is cut into bounded clauses and still read', () => {
    const blob = 'text and data mining of this site is prohibited without consent '.repeat(16_000);
    const s = segment(blob);
    expect(s.sentences.length).toBeGreaterThan(blob.length / MAX_SENTENCE_CHARS);
    for (const x of s.sentences) expect(x.end - x.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    const v = engine().check({ body: blob, kind: 'text' });
    expect(v.uses.tdm).toBe('conditional');
  });

  test('malformed HTML around a footer notice', () => {
    const body =
      '<html><body><div><p>unclosed <b>bold <footer class="legal"><p>Text and data mining of this website is prohibited.<footer></div></body>';
    const v = engine().check({ body, kind: 'html' });
    expect(v.uses.tdm).toBe('denied');
  });

  test('site text: empty, binary-looking and comment-free robots.txt', () => {
    const opts = { source: 'site' as const, file: 'robots.txt', commentsOnly: true, resources: clauseResources() };
    expect(detectNoticesInText('', opts)).toEqual([]);
    expect(detectNoticesInText('\u0001\u0002\u0003', opts)).toEqual([]);
    expect(detectNoticesInText('User-agent: *\nDisallow: /\n', opts)).toEqual([]);
  });
});
