import fc from 'fast-check';
import { paragraphs } from '../../src/extract/text';
import { globMatch } from '../../src/protocols/shared/pathPattern';

/**
 * Two scanners that replaced regular expressions with super-linear worst cases keep the regular
 * expressions' meaning exactly: checked against them on generated input (fast-check).
 */
function regexParagraphs(s: string): { start: number; end: number }[] {
  const re = /\S[\s\S]*?(?=\r?\n[ \t]*\r?\n|$)/g;
  const out: { start: number; end: number }[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function regexGlob(pattern: string, anchored: boolean, path: string): boolean {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`, 's').test(path);
}

describe('scanners match the regular expressions they replace', () => {
  test('plain-text paragraphs (blank-line separated)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '\u00a0', '.'), maxLength: 60 });
    fc.assert(
      fc.property(text, (s) => {
        expect(paragraphs(s)).toEqual(regexParagraphs(s));
      }),
      { numRuns: 5000 },
    );
  });

  test('robots.txt-style path globs', () => {
    const chars = fc.constantFrom('a', 'b', '/', '.', '?', '$');
    const pattern = fc.string({ unit: fc.oneof(chars, fc.constant('*')), maxLength: 10 });
    const path = fc.string({ unit: chars, maxLength: 14 });
    fc.assert(
      fc.property(pattern, fc.boolean(), path, (p, anchored, s) => {
        expect(globMatch(p.split('*'), anchored, s)).toBe(regexGlob(p, anchored, s));
      }),
      { numRuns: 5000 },
    );
  });

  test('a hostile glob against a long path stays fast', () => {
    const pieces = `/${'*a'.repeat(40)}*b`.split('*');
    expect(globMatch(pieces, true, `/${'a'.repeat(5000)}`)).toBe(false);
  });
});
