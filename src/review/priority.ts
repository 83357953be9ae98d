import { LOW_CONFIDENCE } from '../store/repos/verdicts.js';

/**
 * Queue order: items nobody has decided on come first; among them, conflicting evidence, then a decision
 * resting on low-confidence evidence, then plain exclusions (training before redistribution). Weights are
 * spaced so a higher tier always outranks any combination of the lower ones.
 */
export interface PriorityInput {
  open: boolean;
  hasConflicts: boolean;
  minConfidence: number | null;
  excludeTraining: boolean;
  excludeRedistribution: boolean;
}

export const PRIORITY_WEIGHTS = {
  open: 1000,
  conflict: 400,
  lowConfidence: 200,
  excludeTraining: 100,
  excludeRedistribution: 50,
} as const;

export function isLowConfidence(minConfidence: number | null): boolean {
  return minConfidence !== null && minConfidence < LOW_CONFIDENCE;
}

export function priorityOf(i: PriorityInput): number {
  const w = PRIORITY_WEIGHTS;
  return (
    (i.open ? w.open : 0) +
    (i.hasConflicts ? w.conflict : 0) +
    (isLowConfidence(i.minConfidence) ? w.lowConfidence : 0) +
    (i.excludeTraining ? w.excludeTraining : 0) +
    (i.excludeRedistribution ? w.excludeRedistribution : 0)
  );
}

/** Why an item is in the queue, for people (the queue's "why" column). */
export function priorityReasons(i: PriorityInput): string[] {
  const out: string[] = [];
  if (i.hasConflicts) out.push('conflicting signals');
  if (isLowConfidence(i.minConfidence)) out.push(`low confidence (${i.minConfidence?.toFixed(2)})`);
  if (i.excludeTraining) out.push('excluded from training');
  if (i.excludeRedistribution) out.push('excluded from redistribution');
  return out;
}
