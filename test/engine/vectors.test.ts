import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Engine } from '../../src/engine/engine';
import { parseHeaderLine } from '../../src/model/headers';
import { USES, type Use } from '../../src/model/uses';

interface VectorCase {
  id: number | string;
  headers?: string[];
  html?: string;
  agent?: string;
  expect: Partial<Record<Use, string>>;
  others?: 'any';
  flags?: string[];
  conflicts?: string[];
  signals?: string[];
  license?: string;
}

const file = join(__dirname, '..', 'fixtures', 'vectors', 'page-vectors.yaml');
const cases = (parse(readFileSync(file, 'utf8')) as { cases: VectorCase[] }).cases;
const engine = new Engine();

describe('shared reference §11 page-level vectors', () => {
  test.each(cases.map((c) => [String(c.id), c] as const))('vector %s', (_id, c) => {
    const headers = (c.headers ?? []).map((h) => parseHeaderLine(h)!);
    const v = engine.check(
      { url: 'https://ex.com/a/b.html', headers, body: c.html ?? '<html><body><p>x</p></body></html>', kind: 'html' },
      { agent: c.agent, now: new Date('2026-11-28T00:00:00Z') },
    );
    for (const use of USES) {
      const want = c.expect[use];
      if (want) expect([use, v.uses[use]]).toEqual([use, want]);
      else if (c.others !== 'any') expect([use, v.uses[use]]).toEqual([use, 'unknown']);
    }
    for (const f of c.flags ?? []) expect(v.flags.map((x) => x.code)).toContain(f);
    for (const k of c.conflicts ?? []) expect(v.conflicts.map((x) => x.code)).toContain(k);
    for (const s of c.signals ?? []) expect(v.evidence.map((e) => e.signal)).toContain(s);
    if (c.license) expect(v.evidence.some((e) => e.details?.license === c.license)).toBe(true);
    // Every restrictive or permissive use is explained by evidence that is in the verdict.
    const ids = new Set(v.evidence.map((e) => e.id));
    for (const use of USES) for (const id of v.decidedBy[use] ?? []) expect(ids.has(id)).toBe(true);
  });
});
