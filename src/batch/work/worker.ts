import { parentPort, workerData } from 'node:worker_threads';
import { BatchHandler } from './handler.js';
import type { BatchRequest, BatchResponse, WorkerConfig, WorkerFatal } from './tasks.js';

/**
 * Worker-thread entry (compiled to dist/batch/work/worker.js; see workerScript()). Builds its engine once,
 * then answers each batch with one message. A failure to start is reported to the pool as `fatal`.
 */
function start(): void {
  const port = parentPort;
  if (!port) throw new Error('batch worker must run in a worker thread');
  let handler: BatchHandler;
  try {
    handler = new BatchHandler(workerData as WorkerConfig);
  } catch (e) {
    const fatal: WorkerFatal = { type: 'fatal', message: e instanceof Error ? e.message : String(e) };
    port.postMessage(fatal);
    return;
  }
  port.on('message', (msg: BatchRequest) => {
    const response: BatchResponse = { type: 'done', id: msg.id, results: handler.run(msg) };
    port.postMessage(response);
  });
}

start();
