import { type Flag, flag } from '../model/flags.js';

export const CHECK_BUDGET_EXCEEDED = 'check_budget_exceeded';

/**
 * A check's time budget, for callers that must answer within a bound (the HTTP service): a safety net
 * behind the linear-time analysis, never the way a check is kept fast. It is wall-clock time on the thread
 * that runs the check; the service runs each check alone on a worker thread, where that is its CPU time.
 *
 * The natural-language analysis consults `expired()` between passages and reports what it left out with
 * `skip` (machine-readable signals are always read: their inputs are small and bounded). The verdict
 * then carries `check_budget_exceeded`, a review flag: the evidence found so far stands, the conservative
 * profile keeps the page out until a person has looked, and nothing the check did not read can turn into
 * a silent "allowed".
 *
 * Without a budget (the CLI, batch runs, re-evaluation) checks are deterministic: the same page gives
 * the same verdict however busy the machine is. A budget trades that for a bound, and says so in the flag.
 */
export class CheckClock {
  private readonly start: number;
  private readonly skipped: string[] = [];
  private stoppedAt: number | null = null;

  constructor(
    readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  elapsedMs(): number {
    return this.now() - this.start;
  }

  /** True once the budget is spent (and from then on, so that a check stops consistently). */
  expired(): boolean {
    if (this.stoppedAt !== null) return true;
    const elapsed = this.elapsedMs();
    if (elapsed < this.budgetMs) return false;
    this.stoppedAt = elapsed;
    return true;
  }

  /** Records a part of the check that was not done because the budget was spent. */
  skip(what: string): void {
    if (!this.skipped.includes(what)) this.skipped.push(what);
  }

  flags(): Flag[] {
    if (this.skipped.length === 0) return [];
    const at = Math.round(this.stoppedAt ?? this.elapsedMs());
    return [
      flag(
        CHECK_BUDGET_EXCEEDED,
        `the check's time budget of ${this.budgetMs} ms was spent after ${at} ms; not examined: ${this.skipped.join(', ')}`,
      ),
    ];
  }
}
