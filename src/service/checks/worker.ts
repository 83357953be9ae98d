import { workerData } from 'node:worker_threads';
import { Engine } from '../../engine/engine.js';
import { type CheckJob, type CheckOutcome, runCheckJob } from './job.js';

/**
 * Worker-thread entry of the service's check pool (compiled to dist/service/checks/worker.js; piscina
 * loads it). The engine is built when the worker starts, so its rules are loaded before the first job.
 */
const { maxBytes } = workerData as { maxBytes: number };
const engine = new Engine({ maxBytes });
// One check before the first job compiles the hot paths (a cold first check takes ~90 ms, a warm one ~1 ms).
engine.check({ url: 'https://warm-up.invalid/', body: '<p>All rights reserved. No AI training.</p>', kind: 'html' });

export default function runJob(job: CheckJob): CheckOutcome {
  return runCheckJob(engine, job);
}
