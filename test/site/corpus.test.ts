import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Engine } from '../../src/engine/engine';
import type { Use } from '../../src/model/uses';

/**
 * Real robots.txt / ai.txt files of the development corpus against the corpus labels (see
 * test/fixtures/robots/expected.yaml for the comparison rules and the listed deviations).
 */
interface Deviation {
  ours: string;
  reason: string;
}
interface FileExpect {
  path?: string;
  kind?: 'ai-txt';
  deviations?: Partial<Record<Use, Deviation>>;
  blocked_include?: string[];
  allowed_include?: string[];
  flags?: string[];
  /** Notice rules (issue 3 detector) expected to fire on the file's comments, as site evidence. */
  notices?: string[];
  path_checks?: { path: string; expect: Partial<Record<Use, string>> }[];
}

const dir = join(__dirname, '..', 'fixtures', 'robots');
const spec = parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as {
  default_path: string;
  files: Record<string, FileExpect>;
};
const labels = new Map<string, Record<string, string>>();
{
  const [head, ...rows] = readFileSync(join(dir, 'corpus-labels.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  for (const row of rows) {
    const cells = row.split('\t');
    const rec = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    if (rec.file!.startsWith('robots/')) labels.set(rec.file!.slice('robots/'.length), rec);
  }
}
const engine = new Engine();
const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));

function verdict(file: string, path: string, kind?: 'ai-txt') {
  const body = readFileSync(join(dir, file));
  return engine.check(
    { url: `https://ex.com${path}`, body: '<html><body><p>x</p></body></html>', kind: 'html' },
    { site: kind === 'ai-txt' ? { aiTxt: { body } } : { robotsTxt: { body } } },
  );
}

describe('development corpus robots.txt / ai.txt against their labels', () => {
  test('every corpus file has a label and is tested', () => {
    expect(files.length).toBe(24);
    for (const f of files) expect(labels.has(f)).toBe(true);
  });

  test.each(files)('%s', (file) => {
    const label = labels.get(file)!;
    const exp = spec.files[file] ?? {};
    const v = verdict(file, exp.path ?? spec.default_path, exp.kind);
    for (const use of ['ai-train', 'search', 'tdm'] as const) {
      const want = label[use]!;
      const got = v.uses[use];
      const dev = exp.deviations?.[use];
      if (dev) {
        expect([use, got]).toEqual([use, dev.ours]);
        expect(dev.reason.length).toBeGreaterThan(20);
      } else if (use === 'ai-train' && want === 'allowed' && got === 'unknown') {
        expect(v.reservation).toBe(false);
      } else if (exp.kind === 'ai-txt' && use === 'search') {
        expect(got).toBe('unknown'); // ai.txt says nothing about search
      } else expect([use, got]).toEqual([use, want]);
    }
    // is_reservation = yes ⇔ some machine-readable restriction, unless the label rests on comments only.
    if (label.is_reservation === 'no') expect(v.machineReadableReservation).toBe(false);
    const training = v.evidence.find((e) => e.details?.aspect === 'ai-training');
    const agents = (training?.details?.agents ?? { blocked: [], allowed: [] }) as {
      blocked: string[];
      allowed: string[];
    };
    const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
    for (const a of exp.blocked_include ?? [])
      expect(
        lower([
          ...agents.blocked,
          ...((
            v.evidence.find((e) => e.details?.aspect === 'ai-input')?.details?.agents as
              | { blocked: string[] }
              | undefined
          )?.blocked ?? []),
        ]),
      ).toContain(a.toLowerCase());
    for (const a of exp.allowed_include ?? []) expect(lower(agents.allowed)).toContain(a.toLowerCase());
    for (const f of exp.flags ?? []) expect(v.flags.map((x) => x.code)).toContain(f);
    const notices = v.evidence.filter((e) => e.signal === 'notice-text');
    for (const n of notices)
      expect(n).toMatchObject({ source: 'site', machineReadable: false, location: { kind: 'file' } });
    for (const r of exp.notices ?? []) expect(notices.map((e) => e.ruleId)).toContain(r);
    for (const c of exp.path_checks ?? []) {
      const pv = verdict(file, c.path, exp.kind);
      for (const [use, want] of Object.entries(c.expect))
        expect([c.path, use, pv.uses[use as Use]]).toEqual([c.path, use, want]);
    }
  });
});
