import type { Evidence } from '../model/evidence.js';
import type { Permission } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';
import { EVAL_USES, type EvalUse, type LabelRow } from './corpus.js';

/**
 * How a verdict is compared with a label. The corpus labels and the engine say two things differently;
 * these equivalences are the only ones applied, and each is counted in the report:
 * - `attribution`: the labels write attribution-only terms (CC BY…) as `allowed`; the engine says
 *   `conditional` with conditions that are all `attribution` (a profile can tolerate them).
 * - `copyright`: the labels write a plain "all rights reserved" line as redistribution `conditional`;
 *   the corpus labels ask for `denied` (nothing in the text offers a way to obtain permission). Counted as equal when
 *   the deciding evidence is plain copyright / a reservation without a licensing path.
 * - `derived`: the labels never derive `ai-train` from `tdm` (a TDM-only reservation is labelled ai-train
 *   `unknown`); the engine does (src/combine/derive.ts). Counted as equal when every statement that
 *   decided `ai-train` has it derived from `tdm`.
 */
export type CellOutcome =
  | 'match'
  | 'equivalent-attribution'
  | 'equivalent-copyright'
  | 'equivalent-derived'
  | 'mismatch';

export interface Cell {
  use: EvalUse;
  gold: Permission;
  predicted: Permission;
  outcome: CellOutcome;
}

export interface CaseResult {
  row: LabelRow;
  predictedReservation: boolean;
  cells: Cell[];
  verdict: Verdict;
  error?: string;
}

function plainCopyright(e: Evidence): boolean {
  if (e.signal === 'dc-rights') return true;
  if (e.signal !== 'notice-text') return false;
  const d = e.details ?? {};
  if (d.kind === 'copyright-only') return true;
  const origins = (d.origins as Record<string, string[]> | undefined)?.redistribution;
  return origins?.every((o) => o === 'copyright' || o === 'reserve') ?? false;
}

export function scoreCell(use: EvalUse, gold: Permission, verdict: Verdict): Cell {
  const predicted = verdict.uses[use];
  if (predicted === gold) return { use, gold, predicted, outcome: 'match' };
  if (gold === 'allowed' && predicted === 'conditional') {
    const conds = verdict.conditions[use] ?? [];
    if (conds.length > 0 && conds.every((c) => c.kind === 'attribution'))
      return { use, gold, predicted, outcome: 'equivalent-attribution' };
  }
  if (use === 'redistribution' && gold === 'conditional' && predicted === 'denied') {
    const deciding = new Set(verdict.decidedBy[use] ?? []);
    const evidence = verdict.evidence.filter((e) => deciding.has(e.id));
    if (evidence.length > 0 && evidence.every(plainCopyright))
      return { use, gold, predicted, outcome: 'equivalent-copyright' };
  }
  if (use === 'ai-train' && gold === 'unknown') {
    const deciding = new Set(verdict.decidedBy[use] ?? []);
    const evidence = verdict.evidence.filter((e) => deciding.has(e.id));
    if (evidence.length > 0 && evidence.every((e) => e.derived?.['ai-train'] === 'tdm'))
      return { use, gold, predicted, outcome: 'equivalent-derived' };
  }
  return { use, gold, predicted, outcome: 'mismatch' };
}

export function scoreCase(row: LabelRow, verdict: Verdict): CaseResult {
  return {
    row,
    predictedReservation: verdict.reservation,
    cells: EVAL_USES.map((u) => scoreCell(u, row.gold[u], verdict)),
    verdict,
  };
}

export interface Summary {
  texts: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  recall: number | null;
  precision: number | null;
  cells: number;
  correct: number;
  accuracy: number | null;
  equivalentAttribution: number;
  equivalentCopyright: number;
  equivalentDerived: number;
}

export function summarise(results: readonly CaseResult[]): Summary {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let cells = 0;
  let correct = 0;
  let ea = 0;
  let ec = 0;
  let ed = 0;
  for (const r of results) {
    if (r.row.isReservation && r.predictedReservation) tp++;
    else if (!r.row.isReservation && r.predictedReservation) fp++;
    else if (r.row.isReservation && !r.predictedReservation) fn++;
    for (const c of r.cells) {
      cells++;
      if (c.outcome !== 'mismatch') correct++;
      if (c.outcome === 'equivalent-attribution') ea++;
      if (c.outcome === 'equivalent-copyright') ec++;
      if (c.outcome === 'equivalent-derived') ed++;
    }
  }
  return {
    texts: results.length,
    positives: results.filter((r) => r.row.isReservation).length,
    tp,
    fp,
    fn,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    cells,
    correct,
    accuracy: cells > 0 ? correct / cells : null,
    equivalentAttribution: ea,
    equivalentCopyright: ec,
    equivalentDerived: ed,
  };
}

export const TARGETS = { recall: 0.95, precision: 0.95, accuracy: 0.9 };
