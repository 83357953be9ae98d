import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPermission, type Permission } from '../model/uses.js';

/** The uses the labels have a column for (ai-input and derivatives are not labelled in the corpus). */
export const EVAL_USES = ['ai-train', 'tdm', 'search', 'redistribution', 'commercial'] as const;
export type EvalUse = (typeof EVAL_USES)[number];

export interface LabelRow {
  /** Path relative to the corpus directory. */
  file: string;
  language: string;
  isReservation: boolean;
  gold: Record<EvalUse, Permission>;
  exceptions: string;
  notes: string;
  /** `shared` (copied from the shared development corpus) or `own` (hard cases written for clearance). */
  set: string;
  /** 1-based line in labels.tsv, for error messages. */
  line: number;
}

export class LabelError extends Error {}

const COLUMNS = ['file', 'language', 'is_reservation', ...EVAL_USES, 'exceptions', 'notes', 'set'];

/** Reads `labels.tsv` (tab-separated, header row); every value is checked, errors name the line and column. */
export function readLabels(dir: string): LabelRow[] {
  const file = join(dir, 'labels.tsv');
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split('\t');
  COLUMNS.forEach((c, i) => {
    if (header[i] !== c) throw new LabelError(`${file}:1: column ${i + 1} must be "${c}", got "${header[i] ?? ''}"`);
  });
  const rows: LabelRow[] = [];
  lines.slice(1).forEach((raw, k) => {
    const line = k + 2;
    if (raw.trim() === '') return;
    const c = raw.split('\t');
    const at = (col: string) => c[COLUMNS.indexOf(col)] ?? '';
    const res = at('is_reservation');
    if (res !== 'yes' && res !== 'no') throw new LabelError(`${file}:${line}: is_reservation must be yes or no`);
    const gold = {} as Record<EvalUse, Permission>;
    for (const use of EVAL_USES) {
      const v = at(use);
      if (!isPermission(v)) throw new LabelError(`${file}:${line}: ${use} must be a permission, got "${v}"`);
      gold[use] = v;
    }
    rows.push({
      file: at('file'),
      language: at('language'),
      isReservation: res === 'yes',
      gold,
      exceptions: at('exceptions'),
      notes: at('notes'),
      set: at('set') || 'shared',
      line,
    });
  });
  return rows;
}
