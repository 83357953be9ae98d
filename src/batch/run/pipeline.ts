import type { SiteInput } from '../../model/siteInput.js';
import { Reorder } from '../output/reorder.js';
import type { Position } from '../output/runState.js';
import type { Executor } from '../work/pool.js';
import type { Task, TaskResult } from '../work/tasks.js';

/** An item in input order: decided by a worker (`result`) or on the main thread (`local`). */
export interface Done<L> {
  result?: TaskResult;
  local?: L;
  /** Set when this item ends a unit of input (a gzip member, a record, a line): a safe resume point. */
  resume: Position | null;
}

export interface PipelineLimits {
  /** Tasks per batch. */
  batchTasks: number;
  /** Payload bytes per batch. */
  batchBytes: number;
  /** Items waiting for an earlier one before the reader pauses. */
  maxWaiting: number;
}

/**
 * A batch is copied to its worker and also kept by the pool until answered (to re-send it if the worker
 * dies), with two batches in flight per worker, so batch bytes stay resident on both sides. 256 KB instead
 * of 2 MB: scan-warc with 2 workers peaked at 290-294 MB instead of 323-333 MB, at the same speed with 2
 * workers and ~2 % slower with one (paired runs on the 2,000-page bench archive).
 */
export const DEFAULT_LIMITS: PipelineLimits = { batchTasks: 48, batchBytes: 256 << 10, maxWaiting: 20000 };

/**
 * Numbers every input item, sends checkable items to the executor in batches, and hands all items —
 * worker results and main-thread ones alike — to `emit` strictly in input order. The reader awaits
 * `task` / `local`, which pause it when the workers are busy or too many results wait for an earlier one:
 * memory stays bounded whatever the input size.
 */
export class Pipeline<L> {
  private seq = 0;
  private batch: Task[] = [];
  private batchBytes = 0;
  private readonly resumes = new Map<number, Position>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly reorder: Reorder<Done<L>>;
  private failure: Error | null = null;
  private drainWaiters: (() => void)[] = [];

  constructor(
    private readonly executor: Executor,
    private readonly siteFor: (key: string) => SiteInput,
    emit: (item: Done<L>) => void,
    private readonly limits: PipelineLimits = DEFAULT_LIMITS,
  ) {
    this.reorder = new Reorder<Done<L>>((item) => {
      emit(item);
      if (this.drainWaiters.length > 0 && this.reorder.waiting < this.limits.maxWaiting / 2) {
        const w = this.drainWaiters;
        this.drainWaiters = [];
        for (const r of w) r();
      }
    });
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** A result decided on the main thread (skipped record, read error...). */
  async local(seq: number, item: L, resume: Position | null): Promise<void> {
    this.check();
    this.reorder.put(seq, { local: item, resume });
    await this.backPressure();
  }

  /** A task for the workers; `bytes` is its payload size (for batch sizing). */
  async task(task: Task, bytes: number, resume: Position | null): Promise<void> {
    this.check();
    if (resume) this.resumes.set(task.seq, resume);
    this.batch.push(task);
    this.batchBytes += bytes;
    if (this.batch.length >= this.limits.batchTasks || this.batchBytes >= this.limits.batchBytes) await this.flush();
    await this.backPressure();
  }

  /** Sends the current partial batch. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const tasks = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    await this.executor.ready();
    const p = this.executor.submit(tasks, this.siteFor).then(
      (results) => {
        for (const r of results) {
          const resume = this.resumes.get(r.seq) ?? null;
          this.resumes.delete(r.seq);
          this.reorder.put(r.seq, { result: r, resume });
        }
      },
      (e: unknown) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
        this.wakeAll();
      },
    );
    const tracked = p.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  /** Sends what is left and waits until every item has been emitted. */
  async finish(): Promise<void> {
    await this.flush();
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    this.check();
  }

  private async backPressure(): Promise<void> {
    while (this.reorder.waiting >= this.limits.maxWaiting && !this.failure) {
      // Results are stuck behind an earlier task that is still in a partial batch: send it.
      await this.flush();
      if (this.reorder.waiting < this.limits.maxWaiting || this.failure) break;
      await new Promise<void>((r) => this.drainWaiters.push(r));
    }
    this.check();
  }

  private wakeAll(): void {
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const r of w) r();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Items emitted so far (= the next sequence number to emit). */
  get emitted(): number {
    return this.reorder.emitted;
  }
}
