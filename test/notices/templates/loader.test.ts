import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultMinimumCoverage,
  defaultRelevance,
  loadNoticeRules,
  loadTemplateMatcher,
  parseNoticeRule,
  parseTriggers,
  TemplateMatcher,
} from '../../../src/notices/templates/index.js';
import { RuleFileError } from '../../../src/rules/validate.js';

const GOOD_FRONT = `id: test-rule
kind: reservation
language: en
effects:
  tdm: conditional
conditions:
  - kind: consent
    text: written permission
exceptions: [search engines]
relevance: 100
minimum_coverage: 80
source: test`;
const GOOD_BODY = 'Text and data mining of this site is {{prohibited without written permission}} of [[Foo Ltd]].';

function file(front: string, body = GOOD_BODY): string {
  return `---\n${front}\n---\n${body}\n`;
}

/** The RuleFileError a parse throws (fails the test when nothing is thrown). */
function errorOf(content: string, expected: { id?: string; language?: string } = {}): RuleFileError {
  try {
    parseNoticeRule(content, 'rules/notices/en/test-rule.md', expected);
  } catch (e) {
    if (e instanceof RuleFileError) return e;
    throw e;
  }
  throw new Error('expected a RuleFileError');
}

describe('rule files: parsing', () => {
  test('a good file parses into a rule with markers resolved', () => {
    const rule = parseNoticeRule(file(GOOD_FRONT), 'x.md');
    expect(rule).toMatchObject({
      id: 'test-rule',
      kind: 'reservation',
      language: 'en',
      effects: { tdm: 'conditional' },
      conditions: [{ kind: 'consent', text: 'written permission' }],
      exceptions: ['search engines'],
      relevance: 100,
      minimumCoverage: 80,
      text: 'Text and data mining of this site is prohibited without written permission of Foo Ltd.',
      requiredPhrases: ['prohibited without written permission'],
      placeholders: ['Foo Ltd'],
      file: 'x.md',
    });
  });

  test('relevance and minimum_coverage default from the length (ScanCode style)', () => {
    const rule = parseNoticeRule(file(GOOD_FRONT.replace('relevance: 100\nminimum_coverage: 80\n', '')), 'x.md');
    expect(rule.relevance).toBe(defaultRelevance(15));
    expect(rule.minimumCoverage).toBe(defaultMinimumCoverage(15));
    expect(defaultRelevance(3)).toBe(17);
    expect(defaultRelevance(40)).toBe(100);
    expect(defaultMinimumCoverage(3)).toBe(100);
    expect(defaultMinimumCoverage(50)).toBe(80);
  });

  test.each([
    ['no front matter', 'Just text', '(front matter)'],
    ['unclosed front matter', '---\nid: x\nText', '(front matter)'],
    ['invalid YAML', file('id: [unclosed'), '(front matter)'],
    ['front matter not a mapping', file('- a\n- b'), '(front matter)'],
    ['unknown field (typo)', file(`${GOOD_FRONT}\nminimum-coverage: 80`), 'minimum-coverage'],
    ['missing id', file(GOOD_FRONT.replace('id: test-rule\n', '')), 'id'],
    ['bad id', file(GOOD_FRONT.replace('id: test-rule', 'id: Test Rule')), 'id'],
    ['bad kind', file(GOOD_FRONT.replace('kind: reservation', 'kind: reservation_notice')), 'kind'],
    ['bad language', file(GOOD_FRONT.replace('language: en', 'language: English')), 'language'],
    [
      'unknown use in effects',
      file(GOOD_FRONT.replace('  tdm: conditional', '  ai-training: denied')),
      'effects.ai-training',
    ],
    ['unknown permission', file(GOOD_FRONT.replace('  tdm: conditional', '  tdm: forbidden')), 'effects.tdm'],
    ['effects not a mapping', file(GOOD_FRONT.replace('effects:\n  tdm: conditional', 'effects: denied')), 'effects'],
    ['unknown condition kind', file(GOOD_FRONT.replace('kind: consent', 'kind: approval')), 'conditions[0].kind'],
    [
      'conditions not a list',
      file(GOOD_FRONT.replace(/conditions:\n {2}- kind: consent\n {4}text: written permission/, 'conditions: consent')),
      'conditions',
    ],
    [
      'conditional without conditions',
      file(GOOD_FRONT.replace(/conditions:\n {2}- kind: consent\n {4}text: written permission\n/, '')),
      'conditions',
    ],
    [
      'exceptions not a list',
      file(GOOD_FRONT.replace('exceptions: [search engines]', 'exceptions: search engines')),
      'exceptions',
    ],
    ['relevance out of range', file(GOOD_FRONT.replace('relevance: 100', 'relevance: 150')), 'relevance'],
    [
      'minimum_coverage not a number',
      file(GOOD_FRONT.replace('minimum_coverage: 80', 'minimum_coverage: high')),
      'minimum_coverage',
    ],
    ['missing source', file(GOOD_FRONT.replace('source: test', '')), 'source'],
    ['empty body', file(GOOD_FRONT, '   '), 'text'],
    ['no required phrase', file(GOOD_FRONT, 'Text and data mining is prohibited.'), 'text'],
    ['unbalanced braces', file(GOOD_FRONT, 'Mining is {{prohibited without consent.'), 'text'],
    ['empty placeholder', file(GOOD_FRONT, 'Mining is {{prohibited}} by [[ ]].'), 'text'],
    ['required phrase without words', file(GOOD_FRONT, 'Mining is {{ -- }} prohibited.'), 'text'],
    [
      'reservation restricting no AI/TDM use',
      file(GOOD_FRONT.replace('  tdm: conditional', '  redistribution: conditional')),
      'effects',
    ],
    [
      'copyright-only that restricts TDM',
      file(GOOD_FRONT.replace('kind: reservation', 'kind: copyright-only')),
      'effects',
    ],
    [
      'permission that allows nothing',
      file(GOOD_FRONT.replace('kind: reservation', 'kind: permission').replace('tdm: conditional', 'tdm: denied')),
      'effects',
    ],
    ['false-positive with effects', file(GOOD_FRONT.replace('kind: reservation', 'kind: false-positive')), 'effects'],
  ])('%s → error names the field', (_name, content, field) => {
    const e = errorOf(content);
    expect(e.file).toBe('rules/notices/en/test-rule.md');
    expect(e.field).toBe(field);
    expect(e.message).toContain('rules/notices/en/test-rule.md');
    expect(e.message).toContain(field);
  });

  test('id must match the file name and language the folder', () => {
    expect(errorOf(file(GOOD_FRONT), { id: 'other-name' }).field).toBe('id');
    expect(errorOf(file(GOOD_FRONT), { language: 'pl' }).field).toBe('language');
  });

  test('Windows line endings and a BOM are accepted', () => {
    const rule = parseNoticeRule(`\ufeff${file(GOOD_FRONT).replace(/\n/g, '\r\n')}`, 'x.md');
    expect(rule.id).toBe('test-rule');
    expect(rule.text).toBe('Text and data mining of this site is prohibited without written permission of Foo Ltd.');
  });
});

describe('rule folders: loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notice-rules-'));
    mkdirSync(join(dir, 'en'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, content: string) => writeFileSync(join(dir, path), content);

  test('loads <lang>/<id>.md and .rule files in a stable order', () => {
    write('en/test-rule.md', file(GOOD_FRONT));
    write('en/other-rule.rule', file(GOOD_FRONT.replace('id: test-rule', 'id: other-rule')));
    write('README.md', 'notes');
    expect(loadNoticeRules(dir).map((r) => r.id)).toEqual(['other-rule', 'test-rule']);
  });

  test('duplicate ids name both files', () => {
    mkdirSync(join(dir, 'de'));
    write('en/test-rule.md', file(GOOD_FRONT));
    write('de/test-rule.md', file(GOOD_FRONT.replace('language: en', 'language: de')));
    expect(() => loadNoticeRules(dir)).toThrow(
      /en\/test-rule\.md: id: "test-rule" is already used by .*de\/test-rule\.md/,
    );
  });

  test('a rule file outside a language folder, or with another extension, is an error', () => {
    write('stray.md', file(GOOD_FRONT));
    expect(() => loadNoticeRules(dir)).toThrow(/stray\.md: \(location\)/);
    rmSync(join(dir, 'stray.md'));
    write('en/test-rule.txt', 'x');
    expect(() => loadNoticeRules(dir)).toThrow(/test-rule\.txt: \(location\)/);
  });

  test('a missing folder is a RuleFileError, not a crash', () => {
    expect(() => loadNoticeRules(join(dir, 'nope'))).toThrow(RuleFileError);
  });

  test('a rule without any prefilter trigger is refused by the matcher, naming the rule file', () => {
    write('en/test-rule.md', file(GOOD_FRONT));
    write('triggers.yaml', 'triggers:\n  en: ["consent"]\n');
    expect(() => loadTemplateMatcher(dir)).toThrow(
      /en\/test-rule\.md: text: contains none of the prefilter trigger stems/,
    );
    write('triggers.yaml', 'triggers:\n  en: ["mining"]\n');
    expect(loadTemplateMatcher(dir)).toBeInstanceOf(TemplateMatcher);
  });
});

describe('triggers file', () => {
  test.each([
    ['not YAML', 'triggers: [', '(yaml)'],
    ['unknown top-level field', 'trigger:\n  en: [x]', 'trigger'],
    ['bad language key', 'triggers:\n  English: ["consent"]', 'triggers.English'],
    ['upper-case stem', 'triggers:\n  en: ["Consent"]', 'triggers.en[0]'],
    ['too short stem', 'triggers:\n  en: ["ai"]', 'triggers.en[0]'],
    ['empty list', 'triggers:\n  en: []', 'triggers.en'],
  ])('%s → error names the field', (_name, content, field) => {
    try {
      parseTriggers(content, 'rules/notices/triggers.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleFileError);
      expect((e as RuleFileError).field).toBe(field);
    }
  });
});
