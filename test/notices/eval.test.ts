import { join } from 'node:path';
import { readLabels } from '../../src/eval/corpus';
import { evaluate, report } from '../../src/eval/run';
import { summarise, TARGETS } from '../../src/eval/score';
import { projectRoot } from '../../src/rules/root';
import { resources } from './helpers';

/**
 * The labelled corpus (test/corpus) as a regression guard: the targets must hold on the whole
 * corpus with templates and with the clause classifier alone. `npm run eval` prints the same numbers per
 * language with every confusion.
 */
const dir = join(projectRoot(), 'test', 'corpus');
/** Sets the rules were written from: the targets must hold on them. */
const TUNED_SETS = new Set(['shared', 'own', 'holdout', 'holdout2']);
/**
 * Real texts collected for issues 10 and 11 (development texts, holdouts whose first contact is written down in
 * test/corpus/README.md): they are below the targets; these floors keep what was reached from slipping back.
 */
const LATER_SETS = new Set(['dev3', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'langs']);
const LATER_FLOORS = { recall: 0.83, precision: 0.75, accuracy: 0.85 };

describe('labelled corpus', () => {
  test('labels are well formed and every file exists', () => {
    const rows = readLabels(dir);
    expect(rows.length).toBeGreaterThan(150);
    expect(new Set(rows.map((r) => r.set))).toEqual(
      new Set([
        'shared',
        'own',
        'holdout',
        'holdout2',
        'holdout3',
        'dev3',
        'holdout4',
        'langs',
        'holdout5',
        'holdout6',
        'holdout7',
      ]),
    );
    expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
  });

  test.each(['full', 'clauses'] as const)('%s: recall, precision and per-use accuracy meet the targets', (mode) => {
    const all = evaluate(dir, mode, resources());
    const run = { ...all, results: all.results.filter((r) => TUNED_SETS.has(r.row.set)) };
    const s = summarise(run.results);
    expect(s.recall).toBeGreaterThanOrEqual(TARGETS.recall);
    expect(s.precision).toBeGreaterThanOrEqual(TARGETS.precision);
    expect(s.accuracy).toBeGreaterThanOrEqual(TARGETS.accuracy);
    // The report names every confusion.
    const text = report([run], dir, resources().rulesVersion);
    expect(text).toMatch(/targets: recall .* PASS, precision .* PASS, per-use .* PASS/);
    const later = summarise(all.results.filter((r) => LATER_SETS.has(r.row.set)));
    expect(later.recall).toBeGreaterThanOrEqual(LATER_FLOORS.recall);
    expect(later.precision).toBeGreaterThanOrEqual(LATER_FLOORS.precision);
    expect(later.accuracy).toBeGreaterThanOrEqual(LATER_FLOORS.accuracy);
  });
});
