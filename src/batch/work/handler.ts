import { Engine } from '../../engine/engine.js';
import type { SiteInput } from '../../model/siteInput.js';
import { SitesDir } from '../sites/sitesDir.js';
import { filterLine } from './filterLine.js';
import { runPageTask } from './pageTask.js';
import type { BatchRequest, Task, TaskResult, WorkerConfig } from './tasks.js';

/**
 * What a worker does with a batch, independent of threads: the worker thread wraps it, and `--workers 0`
 * (and unit tests) call it in the main thread. The engine is built once per handler (rules load once).
 */
export class BatchHandler {
  private readonly engine: Engine;
  private readonly sites = new Map<string, SiteInput>();
  private readonly sitesDir: SitesDir | null;

  constructor(readonly config: WorkerConfig) {
    this.engine = new Engine({ maxBytes: config.maxBytes });
    // Fail at start, not on the first page, when the profile does not exist.
    this.engine.profile(config.profile);
    this.sitesDir = config.sitesDir ? new SitesDir(config.sitesDir) : null;
  }

  run(batch: Pick<BatchRequest, 'tasks' | 'sites'>): TaskResult[] {
    for (const [key, input] of batch.sites) this.sites.set(key, input);
    return batch.tasks.map((t) => this.one(t));
  }

  private one(task: Task): TaskResult {
    if (task.type === 'page') return runPageTask(this.engine, this.config, this.sites, task);
    return filterLine(this.engine, this.config, this.sitesDir, task);
  }
}
