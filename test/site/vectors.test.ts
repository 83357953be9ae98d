import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Engine } from '../../src/engine/engine';
import { parseHeaderLine } from '../../src/model/headers';
import type { SiteInput } from '../../src/model/siteInput';
import { USES, type Use } from '../../src/model/uses';

interface SiteVector {
  id: number | string;
  robots?: string;
  robots_file?: string;
  robots_status?: number;
  tdmrep?: string;
  ai_txt?: string;
  rsl?: Record<string, string>;
  headers?: string[];
  html?: string;
  path?: string;
  agent?: string;
  expect: Partial<Record<Use, string>>;
  others?: 'any';
  flags?: string[];
  conflicts?: string[];
  signals?: string[];
  no_signals?: string[];
  may_fetch?: boolean;
  reservation?: boolean;
  content_usage_applied?: boolean;
}

const fixtures = join(__dirname, '..', 'fixtures');
const cases = (parse(readFileSync(join(fixtures, 'vectors', 'site-vectors.yaml'), 'utf8')) as { cases: SiteVector[] })
  .cases;
const engine = new Engine();

function siteOf(c: SiteVector): SiteInput {
  const site: SiteInput = {};
  const robots = c.robots_file ? readFileSync(join(fixtures, 'site', c.robots_file), 'utf8') : c.robots;
  if (robots !== undefined) site.robotsTxt = { body: robots, status: c.robots_status };
  if (c.tdmrep !== undefined) site.tdmrepJson = { body: c.tdmrep };
  if (c.ai_txt !== undefined) site.aiTxt = { body: c.ai_txt };
  if (c.rsl) site.rsl = c.rsl;
  return site;
}

describe('shared reference §11 site-level vectors (robots.txt, Content-Signal, aipref, RSL, tdmrep.json, ai.txt)', () => {
  test.each(cases.map((c) => [String(c.id), c] as const))('vector %s', (_id, c) => {
    const v = engine.check(
      {
        url: `https://ex.com${c.path ?? '/a/b.html'}`,
        headers: (c.headers ?? []).map((h) => parseHeaderLine(h)!),
        body: c.html ?? '<html><body><p>x</p></body></html>',
        kind: 'html',
      },
      { agent: c.agent, site: siteOf(c), now: new Date('2026-11-28T00:00:00Z') },
    );
    for (const use of USES) {
      const want = c.expect[use];
      if (want) expect([use, v.uses[use]]).toEqual([use, want]);
      else if (c.others !== 'any') expect([use, v.uses[use]]).toEqual([use, 'unknown']);
    }
    const codes = v.flags.map((f) => f.code);
    for (const f of c.flags ?? []) expect(codes).toContain(f);
    for (const k of c.conflicts ?? []) expect(v.conflicts.map((x) => x.code)).toContain(k);
    const signals = v.evidence.map((e) => e.signal);
    for (const s of c.signals ?? []) expect(signals).toContain(s);
    for (const s of c.no_signals ?? []) expect(signals).not.toContain(s);
    if (c.may_fetch !== undefined) expect(v.agent?.mayFetch).toBe(c.may_fetch);
    if (c.reservation !== undefined) expect(v.reservation).toBe(c.reservation);
    if (c.content_usage_applied === false) {
      const cu = v.evidence.filter((e) => e.signal === 'robots-content-usage');
      expect(cu.length).toBeGreaterThan(0);
      for (const e of cu) {
        expect(e.effects).toEqual({});
        expect(String(e.details?.notApplied)).toMatch(/no preferences apply/);
      }
    }
    // Every site statement is site evidence with a file location, and every decided use is explained.
    for (const e of v.evidence.filter((x) => x.source === 'site')) expect(e.location.kind).toBe('file');
    const ids = new Set(v.evidence.map((e) => e.id));
    for (const use of USES) for (const id of v.decidedBy[use] ?? []) expect(ids.has(id)).toBe(true);
  });
});
