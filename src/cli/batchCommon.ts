import type { ProgressSink } from '../batch/output/progress.js';
import { type CliIO, processIO, UsageError } from './io.js';

/** Shared by scan-warc and filter. */

/** stderr for progress: the real terminal when the CLI runs for real, else the injected writer (tests). */
export function batchStderr(io: CliIO): ProgressSink {
  if (io === processIO)
    return {
      isTTY: process.stderr.isTTY === true,
      columns: process.stderr.columns,
      write: (s: string) => process.stderr.write(s),
    };
  return { isTTY: false, write: (s: string) => io.stderr(s) };
}

export function intOption(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const s = String(raw);
  if (!/^\d+$/.test(s)) throw new UsageError(`${name} must be a whole number, not "${s}"`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM stop a batch run cleanly: reading stops, work in flight finishes, outputs and
 * the journal are committed, and the run can be resumed. A second Ctrl-C exits at once (the last commit
 * still allows a resume).
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
