/** Minimal benchmark helpers: warm-up, then the median of several timed batches (ms per op). */
export function measure(
  fn: () => void,
  options: { warmup?: number; batches?: number; perBatch?: number } = {},
): number {
  const warmup = options.warmup ?? 20;
  const batches = options.batches ?? 7;
  const perBatch = options.perBatch ?? 30;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6 / perBatch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}
