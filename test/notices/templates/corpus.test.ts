import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strictest } from '../../../src/model/lattice.js';
import type { Permission, Use } from '../../../src/model/uses.js';
import { TemplateMatcher } from '../../../src/notices/templates/index.js';
import { shippedRules } from './helpers.js';

/**
 * The seeded rules against the development corpus they were taken from (copied to fixtures/corpus, see its
 * README): every notice gets the labelled permission for each labelled use from the rules that match it.
 * This checks the rules' effects, not generalisation: held-out texts are the clause classifier's job.
 */
const CORPUS = join(__dirname, 'fixtures', 'corpus');
const COLUMNS: Use[] = ['ai-train', 'tdm', 'search', 'redistribution', 'commercial'];

const { rules, triggers } = shippedRules();
const matcher = new TemplateMatcher(rules, { triggers });

interface Label {
  file: string;
  isReservation: boolean;
  uses: Record<string, Permission>;
}

function labels(): Label[] {
  const [header, ...rows] = readFileSync(join(CORPUS, 'labels.tsv'), 'utf8').trimEnd().split('\n');
  const cols = header!.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)]!;
    const uses: Record<string, Permission> = {};
    for (const u of COLUMNS) uses[u] = get(u) as Permission;
    return { file: get('file'), isReservation: get('is_reservation') === 'yes', uses };
  });
}

describe('seeded rules vs the development corpus labels', () => {
  const all = labels();

  test('every corpus notice has a label row', () => {
    const files = readdirSync(join(CORPUS, 'notices')).map((f) => `notices/${f}`);
    expect(new Set(all.map((l) => l.file))).toEqual(new Set(files));
  });

  test.each(all.map((l) => [l.file, l] as const))('%s', (file, label) => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const matches = matcher.match(text);
    const got: Record<string, Permission> = {};
    for (const u of COLUMNS) got[u] = strictest(matches.map((m) => m.rule.effects[u] ?? 'unknown'));
    expect(got).toEqual(label.uses);
    const reserves = matches.some((m) => m.rule.kind === 'reservation');
    expect(reserves).toBe(label.isReservation);
  });
});
