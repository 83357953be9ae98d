import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { artefactKey, readArtefact } from '../../src/resources/artefact';
import { loadResources } from '../../src/resources/resources';
import { projectRoot } from '../../src/rules/root';

/**
 * The compiled rules artefact (src/resources/artefact.ts): a process that finds it decides exactly as one
 * that compiles the rules; a changed rule file is never answered from an older artefact; a broken artefact
 * is rebuilt; `CLEARANCE_CACHE_DIR=off` writes nothing.
 */
const root = projectRoot();
let work: string;
let cache: string;
const saved = process.env.CLEARANCE_CACHE_DIR;

function copyRules(): { rulesDir: string; dataDir: string } {
  const rulesDir = join(work, 'rules');
  const dataDir = join(work, 'data');
  cpSync(join(root, 'rules'), rulesDir, { recursive: true });
  cpSync(join(root, 'data'), dataDir, { recursive: true });
  return { rulesDir, dataDir };
}

const artefacts = () => readdirSync(cache).filter((n) => n.endsWith('.v8'));

const pages = [
  '<html><body><footer>All rights reserved. Text and data mining, including for training AI, is prohibited without our consent.</footer></body></html>',
  '<html lang="de"><body><footer>Die Nutzung unserer Inhalte für Text- und Data-Mining ist untersagt (§ 44b UrhG).</footer></body></html>',
  '<html><body><main><p>How publishers opt out of AI training: a guide.</p></main><footer>© 2026 Example</footer></body></html>',
  '<html><body><p>Licensed under CC BY 4.0.</p></body></html>',
];

function verdicts(engine: Engine): unknown[] {
  return pages.map((body) => {
    const v = engine.check({ url: 'https://example.com/a', body }, { now: new Date('2026-12-01T00:00:00Z') });
    return { uses: v.uses, exclude: v.exclude, evidence: v.evidence.map((e) => e.id), flags: v.flags };
  });
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'clearance-artefact-'));
  cache = join(work, 'cache');
  process.env.CLEARANCE_CACHE_DIR = cache;
});

afterEach(() => {
  if (saved === undefined) delete process.env.CLEARANCE_CACHE_DIR;
  else process.env.CLEARANCE_CACHE_DIR = saved;
  rmSync(work, { recursive: true, force: true });
});

test('rules read from the artefact decide exactly as freshly compiled rules', () => {
  const dirs = copyRules();
  const compiled = loadResources(dirs);
  expect(artefacts()).toHaveLength(1);
  const fromArtefact = loadResources(dirs);
  expect(fromArtefact.rulesVersion).toBe(compiled.rulesVersion);
  expect(fromArtefact.cues.byLang.size).toBe(compiled.cues.byLang.size);
  expect([...fromArtefact.agents.keys()]).toEqual([...compiled.agents.keys()]);
  expect(fromArtefact.agents.majorTrainingOperators).toEqual(compiled.agents.majorTrainingOperators);
  expect(verdicts(new Engine({ resources: fromArtefact }))).toEqual(verdicts(new Engine({ resources: compiled })));
  process.env.CLEARANCE_CACHE_DIR = 'off';
  expect(verdicts(new Engine({ resources: loadResources(dirs) }))).toEqual(
    verdicts(new Engine({ resources: compiled })),
  );
});

test('a changed rule file gets a new artefact: an older one is never used for it', () => {
  const dirs = copyRules();
  const before = loadResources(dirs);
  appendFileSync(join(dirs.rulesDir, 'cues', 'en.yaml'), '\n# a comment changes the hash\n');
  const after = loadResources(dirs);
  expect(after.rulesHash).not.toBe(before.rulesHash);
  expect(artefactKey(after.rulesHash)).not.toBe(artefactKey(before.rulesHash));
  expect(artefacts()).toHaveLength(2);
});

test('an invalid rule file still fails, with or without an artefact of the old rules', () => {
  const dirs = copyRules();
  loadResources(dirs);
  writeFileSync(join(dirs.dataDir, 'agents.yaml'), 'agents: 12\n');
  expect(() => loadResources(dirs)).toThrow(/agents/);
});

test('a damaged artefact is rebuilt, not trusted', () => {
  const dirs = copyRules();
  const first = loadResources(dirs);
  const [name] = artefacts();
  const file = join(cache, name!);
  const whole = readFileSync(file);
  writeFileSync(file, whole.subarray(0, whole.length >> 1));
  const again = loadResources(dirs);
  expect(verdicts(new Engine({ resources: again }))).toEqual(verdicts(new Engine({ resources: first })));
  expect(readArtefact(again.rulesHash)).not.toBeNull();
});

test('CLEARANCE_CACHE_DIR=off writes no artefact', () => {
  const dirs = copyRules();
  process.env.CLEARANCE_CACHE_DIR = 'off';
  loadResources(dirs);
  expect(() => readdirSync(cache)).toThrow();
});

test('cue lists are read from the artefact on first use, equal to the compiled ones', () => {
  const dirs = copyRules();
  const compiled = loadResources(dirs);
  const fromArtefact = loadResources(dirs);
  const isLoaded = (lang: string) =>
    Object.getOwnPropertyDescriptor(fromArtefact.cues.byLang.get(lang)!, 'cues')!.get === undefined;
  new Engine({ resources: fromArtefact }).check({ url: 'https://example.com/a', body: pages[0]! });
  expect(isLoaded('en')).toBe(true);
  expect(isLoaded('fi')).toBe(false);
  for (const [lang, lex] of compiled.cues.byLang) {
    const lazy = fromArtefact.cues.byLang.get(lang)!;
    expect(lazy.cues).toEqual(lex.cues);
    expect(isLoaded(lang)).toBe(true);
  }
});

test('the template matcher is built from the compiled templates of the artefact', () => {
  const dirs = copyRules();
  const compiled = loadResources(dirs);
  const fromArtefact = loadResources(dirs);
  const notice = 'All rights reserved. No part of this site may be used for text and data mining or AI training.';
  expect(fromArtefact.noticeTemplates.analyze(notice)).toEqual(compiled.noticeTemplates.analyze(notice));
  const stored = readArtefact(compiled.rulesHash)!;
  expect(stored.templates.rules.every((c, i) => c.rule === stored.noticeRules[i])).toBe(true);
});
