import { type Flag, flag } from '../model/flags.js';
import type { CueGate } from './clauses/cues.js';
import { fold } from './clauses/fold.js';

/**
 * The per-check analysis budget: a safety net, not the way analysis is kept fast (every stage is linear
 * in its input; docs/notices-complexity.md). It caps how many characters of passage text one check hands
 * to the notice detectors, so that a body of tens of megabytes cannot hold a worker for seconds.
 *
 * The budget counts characters, not milliseconds: a verdict must not depend on how busy the machine was,
 * and the same page must give the same verdict on every run (re-evaluation, caches). Text past the budget
 * is not classified but still passes the cheap cue gate; when it holds rights language the check reports
 * `analysis_truncated`, which the review queue picks up and the conservative profile treats as a reason to
 * keep the page out of training until someone has looked.
 */
export const ANALYSIS_BUDGET_CHARS = 256 * 1024;
/** Unread text beyond this is not even gated: it is assumed to hold rights language. */
const GATE_LIMIT_CHARS = 4 * 1024 * 1024;

export const ANALYSIS_TRUNCATED = 'analysis_truncated';

export class AnalysisBudget {
  private left: number;
  private unread = 0;
  private gated = 0;
  private legalLooking = false;

  constructor(
    private readonly gate: CueGate,
    limit: number = ANALYSIS_BUDGET_CHARS,
  ) {
    this.left = limit;
  }

  /**
   * How much of a passage of `length` characters may be analysed: all of it, a prefix, or none. The
   * caller reports the rest with `skip`.
   */
  grant(length: number): number {
    const granted = Math.min(length, this.left);
    this.left -= granted;
    return granted;
  }

  /** Text that was not analysed: remembered, and gated for rights language while the gate limit lasts. */
  skip(text: string): void {
    if (text.length === 0) return;
    this.unread += text.length;
    if (this.legalLooking) return;
    const room = GATE_LIMIT_CHARS - this.gated;
    if (room < text.length) {
      this.legalLooking = true;
      return;
    }
    this.gated += text.length;
    if (this.gate.test(fold(text))) this.legalLooking = true;
  }

  /**
   * `analysis_truncated` when unread text holds rights language. Unread text without a single gate cue is
   * not reported: the detectors would have found nothing in it (the gate is their own prefilter).
   */
  flags(): Flag[] {
    if (!this.legalLooking) return [];
    return [
      flag(
        ANALYSIS_TRUNCATED,
        `${this.unread} characters of rights-related text past the analysis budget (${ANALYSIS_BUDGET_CHARS} characters a check) were not classified`,
      ),
    ];
  }
}

/**
 * The analysable prefix of a text of which `granted` characters may be read: cut at the last line break
 * (else the last space) inside the grant, so the cut does not split a word or, where it can, a sentence.
 */
export function cutAt(text: string, granted: number): number {
  if (granted >= text.length) return text.length;
  const lineBreak = text.lastIndexOf('\n', granted);
  if (lineBreak > granted / 2) return lineBreak;
  const space = text.lastIndexOf(' ', granted);
  return space > granted / 2 ? space : granted;
}
