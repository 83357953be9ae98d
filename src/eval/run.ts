import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../engine/engine.js';
import type { Evidence } from '../model/evidence.js';
import { TemplateMatcher } from '../notices/templates/index.js';
import { loadResources, type Resources } from '../resources/resources.js';
import { projectRoot } from '../rules/root.js';
import { readLabels } from './corpus.js';
import { type CaseResult, type Summary, scoreCase, summarise, TARGETS } from './score.js';

/**
 * `npm run eval`: the labelled corpus in test/corpus through the whole engine (`check`, as the CLI does),
 * twice — with the known-notice templates, and with the clause classifier alone (templates removed), which
 * is the measure for publishers nobody wrote a template for. Prints, per language and overall, reservation
 * recall and precision, per-use accuracy and every confusion.
 */

export type Mode = 'full' | 'clauses';

export interface EvalRun {
  mode: Mode;
  results: CaseResult[];
}

/**
 * A template matcher without rules. Its prefilter gets a trigger that cannot occur (NUL is refused at
 * input), because a matcher with no triggers at all would scan for the empty string.
 */
export function noTemplates(): TemplateMatcher {
  return new TemplateMatcher([], { triggers: { byLanguage: { any: ['\u0000'] }, file: '(clause-only evaluation)' } });
}

export function evaluate(corpusDir: string, mode: Mode, base: Resources): EvalRun {
  const resources: Resources = mode === 'full' ? base : { ...base, noticeTemplates: noTemplates() };
  const engine = new Engine({ resources });
  const results: CaseResult[] = [];
  for (const row of readLabels(corpusDir)) {
    const body = readFileSync(join(corpusDir, row.file));
    const kind = /\.html?$/i.test(row.file) ? 'html' : 'text';
    const verdict = engine.check({ body, kind }, { profile: 'conservative' });
    results.push(scoreCase(row, verdict));
  }
  return { mode, results };
}

function pct(x: number | null): string {
  return x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`;
}

function summaryLine(label: string, s: Summary): string {
  return [
    label.padEnd(8),
    String(s.texts).padStart(5),
    String(s.positives).padStart(5),
    pct(s.recall).padStart(8),
    pct(s.precision).padStart(9),
    pct(s.accuracy).padStart(9),
    `${s.correct}/${s.cells}`.padStart(9),
    `tp ${s.tp} fp ${s.fp} fn ${s.fn}`.padStart(18),
  ].join(' ');
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}

function deciding(r: CaseResult, use: string): string {
  const ids = new Set(r.verdict.decidedBy[use as keyof typeof r.verdict.decidedBy] ?? []);
  const ev = r.verdict.evidence.filter((e: Evidence) => ids.has(e.id));
  if (ev.length === 0) return '(no evidence)';
  return ev
    .map((e) => {
      const what = e.ruleId ?? e.stage ?? e.signal;
      return `${e.signal}/${what} "${e.excerpt.replace(/\s+/g, ' ').slice(0, 70)}"`;
    })
    .join(' + ');
}

export function report(runs: readonly EvalRun[], corpusDir: string, rulesVersion: string): string {
  const out: string[] = [];
  const all = runs[0]!.results;
  const sets = groupBy(all, (r) => r.row.set);
  out.push(`clearance eval — corpus ${corpusDir}, rules ${rulesVersion}`);
  out.push(
    `${all.length} texts (${[...sets].map(([k, v]) => `${v.length} ${k}`).join(', ')}); uses scored: ai-train, tdm, search, redistribution, commercial`,
  );
  out.push('Label conventions reconciled (counted as correct, listed per run):');
  out.push('  attribution  labels write attribution-only terms as allowed; the engine says conditional(attribution)');
  out.push('  copyright    labels write plain "all rights reserved" redistribution as conditional; the engine says');
  out.push('               denied, when the deciding evidence is plain copyright / a reservation without a path');
  out.push(
    '  derived      labels never derive ai-train from tdm; the engine does (a TDM reservation binds AI training)',
  );
  for (const run of runs) {
    out.push('');
    out.push(
      `== ${run.mode === 'full' ? 'full detector (templates + clauses)' : 'clause classifier only (templates removed)'} ==`,
    );
    for (const [set, results] of [['all', run.results] as const, ...groupBy(run.results, (r) => r.row.set)]) {
      out.push(`-- set: ${set}`);
      out.push('lang     texts  res+   recall precision  per-use    cells          reservation');
      for (const [lang, rs] of groupBy(results, (r) => r.row.language)) out.push(summaryLine(lang, summarise(rs)));
      const s = summarise(results);
      out.push(summaryLine('ALL', s));
      out.push(
        `         equivalences used: attribution ${s.equivalentAttribution}, copyright ${s.equivalentCopyright}, derived ${s.equivalentDerived}`,
      );
      if (set === 'all') {
        const ok = (x: number | null, t: number) => (x !== null && x >= t ? 'PASS' : 'FAIL');
        out.push(
          `targets: recall ${pct(s.recall)} ≥ 95% ${ok(s.recall, TARGETS.recall)}, precision ${pct(s.precision)} ≥ 95% ${ok(s.precision, TARGETS.precision)}, per-use ${pct(s.accuracy)} ≥ 90% ${ok(s.accuracy, TARGETS.accuracy)}`,
        );
      }
    }
    const missed = run.results.filter((r) => r.row.isReservation !== r.predictedReservation);
    out.push(`Reservation errors (${missed.length}):`);
    for (const r of missed)
      out.push(`  ${r.row.isReservation ? 'MISSED     ' : 'FALSE ALARM'} ${r.row.file}  ${r.row.notes.slice(0, 80)}`);
    const confusions = run.results.flatMap((r) =>
      r.cells.filter((c) => c.outcome === 'mismatch').map((c) => ({ r, c })),
    );
    out.push(`Confusions (${confusions.length} cells): file  use  gold → predicted  [deciding evidence]`);
    for (const { r, c } of confusions)
      out.push(`  ${r.row.file}  ${c.use}  ${c.gold} → ${c.predicted}  [${deciding(r, c.use)}]`);
  }
  return out.join('\n');
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      mode: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const corpusDir = values.corpus ?? join(projectRoot(), 'test', 'corpus');
  const mode = values.mode ?? 'both';
  if (!['both', 'full', 'clauses'].includes(mode)) {
    process.stderr.write(`--mode must be both, full or clauses, not "${mode}"\n`);
    return 2;
  }
  const base = loadResources();
  const modes: Mode[] = mode === 'both' ? ['full', 'clauses'] : [mode as Mode];
  const runs = modes.map((m) => evaluate(corpusDir, m, base));
  if (values.json) {
    const doc = runs.map((r) => ({
      mode: r.mode,
      summary: summarise(r.results),
      cases: r.results.map((c) => ({
        file: c.row.file,
        language: c.row.language,
        set: c.row.set,
        isReservation: c.row.isReservation,
        predictedReservation: c.predictedReservation,
        cells: c.cells,
      })),
    }));
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else process.stdout.write(`${report(runs, corpusDir, base.rulesVersion)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
