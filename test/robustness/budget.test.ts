import { Engine } from '../../src/engine/engine';
import { needsReview } from '../../src/model/flags';
import { ANALYSIS_BUDGET_CHARS, AnalysisBudget, cutAt } from '../../src/notices/budget';
import { cueGate } from '../../src/notices/passages';
import { isFlagged } from '../../src/store/repos/verdicts';
import { resources } from '../notices/helpers';

/** The per-check analysis budget: a safety net that flags, never a silent "allowed". */
const engine = () => new Engine({ resources: resources() });
const filler = 'The weather was mild and the market square was busy with visitors from the valley. ';

describe('analysis budget', () => {
  test('a text within the budget is read whole and not flagged', () => {
    const v = engine().check({ body: `${filler.repeat(100)}\n\nText and data mining is prohibited.`, kind: 'text' });
    expect(v.flags.map((f) => f.code)).not.toContain('analysis_truncated');
    expect(v.uses.tdm).toBe('denied');
  });

  test('rights language past the budget: flagged, excluded under conservative, sent to review', () => {
    const body = `${filler.repeat(Math.ceil(ANALYSIS_BUDGET_CHARS / filler.length) + 10)}\n\nText and data mining of this site is prohibited.`;
    const v = engine().check({ body, kind: 'text' }, { profile: 'conservative' });
    const truncated = v.flags.find((f) => f.code === 'analysis_truncated');
    expect(truncated?.detail).toMatch(/were not classified/);
    // The unread reservation did not set a use, but the page does not pass silently.
    expect(v.uses.tdm).toBe('unknown');
    expect(v.exclude.training).toBe(true);
    expect(needsReview(v.flags)).toBe(true);
    expect(isFlagged(v, null)).toBe(true);
    // eu-statutory counts machine-readable reservations only: flagged, not excluded.
    const eu = engine().check({ body, kind: 'text' }, { profile: 'eu-statutory' });
    expect(eu.flags.map((f) => f.code)).toContain('analysis_truncated');
    expect(eu.exclude.training).toBe(false);
  });

  test('unread text without a single rights cue is not reported', () => {
    const body = filler.repeat(Math.ceil((2 * ANALYSIS_BUDGET_CHARS) / filler.length));
    const v = engine().check({ body, kind: 'text' });
    expect(v.flags.map((f) => f.code)).not.toContain('analysis_truncated');
    expect(v.exclude.training).toBe(false);
  });

  test('the budget counts characters, so the same input gives the same verdict every time', () => {
    const body = 'All rights reserved. Text and data mining prohibited. '.repeat(12_000);
    const a = engine().check({ body, kind: 'text' });
    const b = engine().check({ body, kind: 'text' });
    expect(b.uses).toEqual(a.uses);
    expect(b.flags).toEqual(a.flags);
  });

  test('grant, skip and cut', () => {
    const budget = new AnalysisBudget(cueGate(resources().cues), 100);
    expect(budget.grant(60)).toBe(60);
    expect(budget.grant(60)).toBe(40);
    expect(budget.grant(10)).toBe(0);
    budget.skip('just some words');
    expect(budget.flags()).toEqual([]);
    budget.skip('All rights reserved.');
    expect(budget.flags()[0]?.code).toBe('analysis_truncated');
    expect(cutAt('line one\nline two', 12)).toBe(8);
    expect(cutAt('word word word', 12)).toBe(9);
    expect(cutAt('short', 12)).toBe(5);
  });
});
