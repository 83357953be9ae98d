import { CHECK_BUDGET_EXCEEDED, CheckClock } from '../../src/detect/clock';
import { Engine } from '../../src/engine/engine';
import { needsReview } from '../../src/model/flags';

describe('CheckClock', () => {
  test('expires at the budget and stays expired; flags only what was skipped', () => {
    let t = 0;
    const clock = new CheckClock(100, () => t);
    expect(clock.expired()).toBe(false);
    t = 99;
    expect(clock.expired()).toBe(false);
    expect(clock.flags()).toEqual([]);
    t = 150;
    expect(clock.expired()).toBe(true);
    t = 0; // a clock that went backwards does not un-expire a check
    expect(clock.expired()).toBe(true);
    clock.skip('3 text passages');
    clock.skip('3 text passages');
    expect(clock.flags()).toEqual([
      {
        code: CHECK_BUDGET_EXCEEDED,
        detail: "the check's time budget of 100 ms was spent after 150 ms; not examined: 3 text passages",
      },
    ]);
  });
});

describe('engine with a time budget', () => {
  const engine = new Engine();
  const body = `${'The market square was busy. '.repeat(5000)}\n\nText and data mining of this site is prohibited.`;

  test('no budget: deterministic, the notice is read', () => {
    const v = engine.check({ body, kind: 'text' });
    expect(v.uses.tdm).toBe('denied');
    expect(v.flags.map((f) => f.code)).not.toContain(CHECK_BUDGET_EXCEEDED);
  });

  test('a spent budget: machine-readable signals still read, text skipped, flagged and excluded', () => {
    const v = engine.check(
      { body, kind: 'text', headers: [['Content-Usage', 'train-ai=n']] },
      { budgetMs: 0, profile: 'conservative' },
    );
    expect(v.flags.map((f) => f.code)).toContain(CHECK_BUDGET_EXCEEDED);
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.evidence.some((e) => e.signal === 'notice-text')).toBe(false);
    expect(needsReview(v.flags)).toBe(true);
    expect(v.exclude.training).toBe(true);
    expect(v.exclude.redistribution).toBe(true);
  });

  test('a generous budget changes nothing', () => {
    const v = engine.check({ body, kind: 'text' }, { budgetMs: 60_000 });
    expect(v.uses.tdm).toBe('denied');
    expect(v.flags.map((f) => f.code)).not.toContain(CHECK_BUDGET_EXCEEDED);
  });
});
