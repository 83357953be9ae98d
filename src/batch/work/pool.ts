import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SiteInput } from '../../model/siteInput.js';
import { compiledWorker } from '../../rules/root.js';
import { BatchHandler } from './handler.js';
import type { BatchRequest, BatchResponse, Task, TaskResult, WorkerConfig, WorkerFatal } from './tasks.js';

/** The compiled worker script (see compiledWorker: one rule, no loader hooks, never stale in tests). */
export function workerScript(): string {
  return compiledWorker(__filename, 'worker.js');
}

export const DEFAULT_WORKER_HEAP_MB = 128;

export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** Runs batches of tasks somewhere (worker threads, or the main thread for --workers 0). */
export interface Executor {
  readonly size: number;
  /** Resolves when another batch can be submitted (back-pressure). */
  ready(): Promise<void>;
  submit(tasks: Task[], siteFor: (key: string) => SiteInput): Promise<TaskResult[]>;
  close(): Promise<void>;
}

/** `--workers 0`: no threads (debugging, profiling, tiny inputs). */
export class InlineExecutor implements Executor {
  readonly size = 0;
  private readonly handler: BatchHandler;
  private readonly sent = new Set<string>();

  constructor(config: WorkerConfig) {
    this.handler = new BatchHandler(config);
  }

  async ready(): Promise<void> {}

  async submit(tasks: Task[], siteFor: (key: string) => SiteInput): Promise<TaskResult[]> {
    const sites = missingSites(tasks, this.sent, siteFor);
    // Yield to the event loop between batches so progress and I/O keep moving.
    await new Promise((r) => setImmediate(r));
    return this.handler.run({ tasks, sites });
  }

  async close(): Promise<void> {}
}

function missingSites(tasks: Task[], sent: Set<string>, siteFor: (key: string) => SiteInput): [string, SiteInput][] {
  const out: [string, SiteInput][] = [];
  for (const t of tasks) {
    if (t.type !== 'page' || !t.siteKey || sent.has(t.siteKey)) continue;
    sent.add(t.siteKey);
    out.push([t.siteKey, siteFor(t.siteKey)]);
  }
  return out;
}

interface Pending {
  id: number;
  tasks: Task[];
  siteFor: (key: string) => SiteInput;
  attempts: number;
  /** Runs alone on a worker: if that worker dies, this task is the cause. */
  isolated: boolean;
  resolve: (r: TaskResult[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Pending>;
  sent: Set<string>;
  exited: boolean;
}

/**
 * A pool of worker threads, each with its own engine. Batches go to the least busy worker; each worker has
 * at most `perWorker` batches in flight, which bounds memory and gives back-pressure to the reader. A worker
 * that dies (a crash, an out-of-memory page) is replaced and its batches are run again; a batch that kills
 * a worker twice is split into single tasks run one at a time on a worker of their own, and a task that
 * kills its worker then is answered as failed (`worker_crashed`), so the run goes on without it.
 */
export class ThreadPool implements Executor {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;
  private closing = false;
  private fatal: Error | null = null;
  private respawns = 0;

  /**
   * `heapMb` caps each worker's old generation (0 = V8's defaults), with a 16 MB young generation. V8
   * otherwise lets each worker's heap grow by a few hundred MB under the engine's allocation rate. Measured
   * on the benchmark archive: 2 workers peak at 310-335 MB RSS with the cap, 460-500 MB without; the price
   * is more frequent collection, about 10-15 % more CPU (`--worker-heap-mb 0` to trade memory for speed).
   * A page that needs more than the cap kills only its worker, and the pool answers it as `worker_crashed`
   * (a 30 MB page fits in 128 MB).
   */
  constructor(
    readonly size: number,
    private readonly config: WorkerConfig,
    private readonly perWorker = 2,
    private readonly script = workerScript(),
    private readonly heapMb = DEFAULT_WORKER_HEAP_MB,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      workerData: this.config,
      resourceLimits:
        this.heapMb > 0 ? { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 16 } : undefined,
    });
    const slot: Slot = { worker, inflight: new Map(), sent: new Set(), exited: false };
    worker.on('message', (msg: BatchResponse | WorkerFatal) => {
      if (msg.type === 'fatal') {
        this.fail(new Error(`batch worker could not start: ${msg.message}`));
        return;
      }
      const p = slot.inflight.get(msg.id);
      if (!p) return;
      slot.inflight.delete(msg.id);
      p.resolve(msg.results);
      this.pump();
    });
    worker.on('error', () => {
      // Followed by 'exit'; the batches are rescheduled there.
    });
    worker.on('exit', () => {
      slot.exited = true;
      if (this.closing) return;
      this.replace(slot);
    });
    return slot;
  }

  private replace(dead: Slot): void {
    const i = this.slots.indexOf(dead);
    const orphans = [...dead.inflight.values()];
    dead.inflight.clear();
    if (++this.respawns > 50 + this.size * 10) {
      this.fail(new Error('batch workers keep crashing; giving up'));
      return;
    }
    if (i >= 0) this.slots[i] = this.spawn();
    for (const p of orphans) {
      if (p.isolated) {
        // It ran alone and the worker died: this task is the cause. Answer it, go on without it.
        const t = p.tasks[0]!;
        p.resolve([
          {
            seq: t.seq,
            kind: 'failed',
            error: { code: 'worker_crashed', message: 'checking this item crashed a worker twice; skipped' },
            verdictLine: null,
            url: t.type === 'page' ? t.url : null,
          },
        ]);
        continue;
      }
      p.attempts++;
      if (p.attempts < 2) this.queue.unshift(p);
      else {
        // Crashed twice: run each task alone to find the one that kills the worker.
        const parts = p.tasks.map((t) => this.isolatedFor(t, p));
        Promise.all(parts).then((rs) => p.resolve(rs.flat()), p.reject);
      }
    }
    this.pump();
  }

  private isolatedFor(task: Task, parent: Pending): Promise<TaskResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        tasks: [task],
        siteFor: parent.siteFor,
        attempts: 2,
        isolated: true,
        resolve,
        reject,
      });
    });
  }

  private fail(e: Error): void {
    if (this.fatal) return;
    this.fatal = e;
    for (const s of this.slots) for (const p of s.inflight.values()) p.reject(e);
    for (const p of this.queue.splice(0)) p.reject(e);
    this.wake();
  }

  private capacity(): number {
    let free = 0;
    for (const s of this.slots) if (!s.exited) free += this.perWorker - s.inflight.size;
    return free - this.queue.length;
  }

  async ready(): Promise<void> {
    while (!this.fatal && this.capacity() <= 0) await new Promise<void>((r) => this.waiters.push(r));
    if (this.fatal) throw this.fatal;
  }

  submit(tasks: Task[], siteFor: (key: string) => SiteInput): Promise<TaskResult[]> {
    if (this.fatal) return Promise.reject(this.fatal);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, tasks, siteFor, attempts: 0, isolated: false, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const p = this.queue[0]!;
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (s.exited || [...s.inflight.values()].some((q) => q.isolated)) continue;
        const room = p.isolated ? s.inflight.size === 0 : s.inflight.size < this.perWorker;
        if (room && (!best || s.inflight.size < best.inflight.size)) best = s;
      }
      if (!best) break;
      this.queue.shift();
      best.inflight.set(p.id, p);
      const request: BatchRequest = {
        type: 'batch',
        id: p.id,
        tasks: p.tasks,
        sites: missingSites(p.tasks, best.sent, p.siteFor),
      };
      best.worker.postMessage(request);
    }
    this.wake();
  }

  private wake(): void {
    if (this.capacity() <= 0 && !this.fatal) return;
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  /** For tests: terminate one worker as a crash would. */
  async crashWorkerForTest(index: number): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

export function createExecutor(workers: number, config: WorkerConfig, heapMb = DEFAULT_WORKER_HEAP_MB): Executor {
  return workers <= 0 ? new InlineExecutor(config) : new ThreadPool(workers, config, 2, workerScript(), heapMb);
}
