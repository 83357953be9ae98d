/**
 * One status line on stderr, redrawn in place while a batch runs — only when stderr is a terminal (a log
 * file or a pipe gets no carriage-return noise) and not with --quiet.
 *
 *   scan-warc  41.2/188.7 MB  22%  1,234 records  312 rec/s  10.3 MB/s  ETA 0:14
 */
export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private readonly started = Date.now();
  private shown = false;
  bytes = 0;
  records = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly label: string,
    private readonly totalBytes: number,
    enabled: boolean,
    private readonly startBytes = 0,
  ) {
    if (enabled && sink.isTTY) {
      this.timer = setInterval(() => this.render(), 250);
      this.timer.unref();
    }
  }

  line(): string {
    const secs = Math.max((Date.now() - this.started) / 1000, 1e-3);
    const doneThisRun = Math.max(this.bytes - this.startBytes, 0);
    const rate = doneThisRun / secs;
    const eta = rate > 0 ? (this.totalBytes - this.bytes) / rate : Number.NaN;
    const pct = this.totalBytes > 0 ? Math.min(100, Math.floor((this.bytes / this.totalBytes) * 100)) : 100;
    return `${this.label}  ${mb(this.bytes)}/${mb(this.totalBytes)} MB  ${pct}%  ${this.records.toLocaleString('en-US')} records  ${Math.round(this.records / secs).toLocaleString('en-US')} rec/s  ${mb(rate)} MB/s  ETA ${formatDuration(eta)}`;
  }

  render(): void {
    if (!this.timer) return;
    const width = Math.max((this.sink.columns ?? 100) - 1, 20);
    this.sink.write(`\r${this.line().slice(0, width).padEnd(width)}`);
    this.shown = true;
  }

  /** Clears the status line (before a message or the final summary). */
  clear(): void {
    if (this.shown) this.sink.write(`\r${' '.repeat(Math.max((this.sink.columns ?? 100) - 1, 20))}\r`);
    this.shown = false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
    this.timer = null;
  }
}
