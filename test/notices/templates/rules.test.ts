import { TemplateMatcher } from '../../../src/notices/templates/index.js';
import { embed, messyWhitespace, shippedRules } from './helpers.js';

/**
 * Data-driven, one case per shipped rule (ScanCode's test_detection_validate): every rule detects its own
 * text alone and inside a long page with messy whitespace, with exact source offsets; every
 * false-positive rule suppresses instead of matching.
 */
const { rules, triggers } = shippedRules();
const matcher = new TemplateMatcher(rules, { triggers });
const positives = rules.filter((r) => r.kind !== 'false-positive');
const falsePositives = rules.filter((r) => r.kind === 'false-positive');

describe('shipped notice rules', () => {
  test('there are rules of every kind and for at least 12 languages', () => {
    expect(new Set(rules.map((r) => r.kind))).toEqual(
      new Set(['reservation', 'permission', 'copyright-only', 'false-positive']),
    );
    expect(new Set(rules.map((r) => r.language)).size).toBeGreaterThanOrEqual(12);
  });

  describe.each(positives.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    test('detects its own text as the strongest match', () => {
      const found = matcher.match(rule.text);
      const own = found.find((m) => m.rule.id === rule.id);
      expect(own).toBeDefined();
      expect(own!.coverage * 100).toBeGreaterThanOrEqual(rule.minimumCoverage);
      const strongest = [...found].sort((a, b) => b.end - b.start - (a.end - a.start))[0]!;
      expect(strongest.rule.id).toBe(rule.id);
      expect(own!.matchedText).toBe(rule.text.slice(own!.start, own!.end));
    });

    test('detects itself inside a long page with extra whitespace and line breaks, offsets exact', () => {
      const notice = messyWhitespace(rule.text);
      const { page, start, end } = embed(notice);
      const analysis = matcher.analyze(page);
      expect(analysis.trace.exactTried).toBe(false);
      const own = analysis.matches.find((m) => m.rule.id === rule.id);
      expect(own).toBeDefined();
      expect(page.slice(own!.start, own!.end)).toBe(own!.matchedText);
      // A word of the filler may join the match when it happens to form a pair with the notice's first
      // or last word ("... à" + "L'ensemble"): at most one short word of slack at each edge.
      expect(own!.start).toBeGreaterThanOrEqual(start - 12);
      expect(own!.end).toBeLessThanOrEqual(end + 12);
      // The match covers the notice, apart from variable text ([[placeholders]]) at its edges.
      const edges = rule.placeholders.reduce((n, p) => n + p.length, 0) + 2;
      expect(own!.end - own!.start).toBeGreaterThanOrEqual(notice.trim().length * 0.6 - edges);
      // Nothing is reported from the filler.
      for (const m of analysis.matches) expect(m.start).toBeGreaterThanOrEqual(start - 12);
    });
  });

  describe.each(falsePositives.map((r) => [r.id, r] as const))('false positive %s', (_id, rule) => {
    test('alone: no match, reported as a false-positive span', () => {
      const a = matcher.analyze(rule.text);
      expect(a.matches).toEqual([]);
      expect(a.falsePositives.map((m) => m.rule.id)).toContain(rule.id);
    });

    test('next to a reservation trigger in a long page: still no match from its span', () => {
      const { page, start, end } = embed(`${messyWhitespace(rule.text)}\nCopyright notice follows.`);
      const a = matcher.analyze(page);
      for (const m of a.matches) expect(m.end <= start || m.start >= end).toBe(true);
      expect(a.falsePositives.map((m) => m.rule.id)).toContain(rule.id);
    });
  });
});
