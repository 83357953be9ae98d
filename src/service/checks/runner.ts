import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Engine } from '../../engine/engine.js';
import { compiledWorker } from '../../rules/root.js';
import { ApiError } from '../errors.js';
import { type CheckJob, type CheckOutcome, runCheckJob } from './job.js';

/** Where a page check runs: a pool of worker threads, or (for `--check-workers 0`) the HTTP thread. */
export interface CheckRunner {
  /** Worker threads (0: inline). */
  readonly threads: number;
  /** The outcome, or `null` when the job was stopped at the hard limit (its worker was replaced). */
  run(job: CheckJob): Promise<CheckOutcome | null>;
  close(): Promise<void>;
}

/** The compiled worker (see compiledWorker in src/rules/root.ts for why tests use dist/ too). */
export function checkWorkerScript(): string {
  return compiledWorker(__filename, 'worker.js');
}

export function defaultCheckWorkers(): number {
  return availableParallelism();
}

/**
 * `--check-workers 0`: checks run on the HTTP thread, as before the pool existed. For debugging and for
 * engines built with custom resources (tests); a slow page then blocks every other request.
 */
export class InlineCheckRunner implements CheckRunner {
  readonly threads = 0;

  constructor(private readonly engine: Engine) {}

  async run(job: CheckJob): Promise<CheckOutcome> {
    return runCheckJob(this.engine, job);
  }

  async close(): Promise<void> {}
}

export interface PoolOptions {
  threads: number;
  /** Jobs waiting beyond the ones running; past it, requests get 503 (back-pressure to clients). */
  maxQueue: number;
  /**
   * A job still running this long after it started is stopped: its worker is terminated and replaced.
   * The cooperative budget (src/detect/clock.ts) answers long before this in every case we know of;
   * this is the net under the net (a stage that never reaches a budget check).
   */
  hardLimitMs: number;
  maxBytes: number;
  /** Old-generation cap per worker (MB); a page that needs more kills only its worker. */
  heapMb: number;
}

/**
 * Young generation of a service check worker. Each 150 KB check allocates several MB that die young; with
 * 16 MB, V8's parallel scavenges kept its helper threads at ~4 ms of CPU per request at 200 req/s offered.
 * 64 MB cut that by a fifth and gave 5–13 % more requests per second in 3 of 4 paired runs, 5 % fewer in
 * the fourth (up to 48 MB more memory per worker; the service, unlike scan-warc, has no memory ceiling).
 */
const SERVICE_YOUNG_GENERATION_MB = 64;

/**
 * Checks on worker threads (piscina): the HTTP thread only parses requests, reads and writes the store
 * and answers, so `/healthz`, the dashboard and other clients are served while pages are being checked.
 * Jobs are queued first in, first out, so one client's batch lines interleave with other requests.
 */
export class PooledCheckRunner implements CheckRunner {
  readonly threads: number;
  private readonly pool: Piscina;
  private running = 0;
  /** Jobs waiting for a free worker, first in, first out. */
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: PoolOptions) {
    this.threads = options.threads;
    this.pool = new Piscina({
      filename: checkWorkerScript(),
      minThreads: options.threads,
      maxThreads: options.threads,
      // Workers stay: each holds an engine whose rules take most of a second to load.
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { maxBytes: options.maxBytes },
      resourceLimits:
        options.heapMb > 0
          ? { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: SERVICE_YOUNG_GENERATION_MB }
          : undefined,
    });
  }

  /** Jobs running plus jobs waiting (for metrics and tests). */
  get load(): number {
    return this.running + this.waiting.length;
  }

  async run(job: CheckJob): Promise<CheckOutcome | null> {
    await this.acquire();
    const abort = new AbortController();
    // The hard limit counts from when the worker starts the job (it writes the time into `started`),
    // never the time a job waits for a worker that is still loading its rules after a replacement.
    const started = new BigInt64Array(new SharedArrayBuffer(8));
    let timer: NodeJS.Timeout | undefined;
    const watch = (ms: number): void => {
      timer = setTimeout(() => {
        const at = Number(Atomics.load(started, 0));
        const left = at === 0 ? this.options.hardLimitMs : this.options.hardLimitMs - (Date.now() - at);
        if (left <= 0) abort.abort();
        else watch(left);
      }, ms);
    };
    watch(this.options.hardLimitMs);
    try {
      return (await this.pool.run(
        { ...job, started: started.buffer as SharedArrayBuffer },
        { signal: abort.signal },
      )) as CheckOutcome;
    } catch (e) {
      if (abort.signal.aborted) return null;
      throw workerFailure(e);
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.threads) {
      this.running++;
      return;
    }
    if (this.waiting.length >= this.options.maxQueue)
      throw new ApiError(
        503,
        'overloaded',
        `${this.running} page checks are running and ${this.waiting.length} waiting; retry shortly`,
        undefined,
        { 'Retry-After': '1' },
      );
    // release() hands its slot straight to the first waiter (running stays the same).
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** A worker that died (out of memory, a crash) fails the request with a clear 5xx, not an opaque one. */
function workerFailure(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/out of memory|ERR_WORKER_OUT_OF_MEMORY|terminated/i.test(message))
    return new ApiError(422, 'check_failed', `checking this page exhausted its worker's memory (${message})`);
  return e instanceof Error ? e : new Error(message);
}
