import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type Done, Pipeline } from '../../src/batch/run/pipeline';
import { InlineExecutor, ThreadPool } from '../../src/batch/work/pool';
import type { PageTask, TaskResult, WorkerConfig } from '../../src/batch/work/tasks';
import { tempDir } from './helpers/warcFixtures';

const CONFIG: WorkerConfig = { maxBytes: 1 << 20, fullVerdicts: false };

function page(seq: number, body: string, siteKey: string | null = null): PageTask {
  return {
    type: 'page',
    seq,
    source: { file: 't.warc', offset: seq * 100, recordId: `<id-${seq}>`, date: null },
    url: `https://pool.example/${seq}`,
    status: 200,
    headers: [['Content-Type', 'text/html']],
    body: Buffer.from(body),
    decode: true,
    sniff: false,
    truncated: null,
    siteKey,
    siteFiles: null,
  };
}

const PAGE = (i: number) =>
  i % 3 === 0
    ? `<html><head><meta name="tdm-reservation" content="1"></head><body><p>${i}</p></body></html>`
    : `<html><body><p>page ${i}</p></body></html>`;

/**
 * A stand-in worker for the crash paths: answers like the real one, but dies (as an out-of-memory page or a
 * native crash would kill a worker) on tasks whose body says so. The pool logic under test is the real one.
 */
function crashingWorker(): string {
  const path = join(tempDir(), 'crashing-worker.js');
  writeFileSync(
    path,
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  for (const t of msg.tasks) {
    const body = Buffer.from(t.body).toString();
    if (body === 'poison') process.exit(3);
  }
  parentPort.postMessage({ type: 'done', id: msg.id, results: msg.tasks.map((t) => ({ seq: t.seq, kind: 'not_html' })) });
});`,
  );
  return path;
}

describe('ThreadPool (real worker threads running the compiled engine)', () => {
  test('results equal the in-thread results, whatever worker took which batch', async () => {
    const tasks = Array.from({ length: 40 }, (_, i) => page(i, PAGE(i)));
    const pool = new ThreadPool(2, CONFIG);
    const inline = new InlineExecutor(CONFIG);
    try {
      const batches = [0, 10, 20, 30].map((s) => tasks.slice(s, s + 10));
      const threaded = (await Promise.all(batches.map((b) => pool.submit(b, () => ({}))))).flat();
      const local = (await Promise.all(batches.map((b) => inline.submit(b, () => ({}))))).flat();
      expect(threaded).toEqual(local);
      expect(threaded.filter((r) => r.kind === 'verdict' && r.stats.uses.tdm === 'denied')).toHaveLength(14);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies mid-batch is replaced and its batches run again', async () => {
    const pool = new ThreadPool(2, CONFIG);
    try {
      const batches = [0, 1, 2, 3].map((b) => Array.from({ length: 8 }, (_, i) => page(b * 8 + i, PAGE(b * 8 + i))));
      const pending = batches.map((b) => pool.submit(b, () => ({})));
      await pool.crashWorkerForTest(0);
      const results = (await Promise.all(pending)).flat();
      expect(results.map((r) => r.seq)).toEqual(batches.flat().map((t) => t.seq));
      expect(results.every((r) => r.kind === 'verdict')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  test('a task that kills its worker twice is answered as worker_crashed; the rest of its batch is checked', async () => {
    const pool = new ThreadPool(1, CONFIG, 2, crashingWorker());
    try {
      const batch = [page(0, 'fine'), page(1, 'poison'), page(2, 'fine')];
      const results = await pool.submit(batch, () => ({}));
      expect(results.map((r) => [r.seq, r.kind])).toEqual([
        [0, 'not_html'],
        [1, 'failed'],
        [2, 'not_html'],
      ]);
      expect((results[1] as Extract<TaskResult, { kind: 'failed' }>).error.code).toBe('worker_crashed');
      // The pool still works afterwards.
      expect(await pool.submit([page(3, 'fine')], () => ({}))).toEqual([{ seq: 3, kind: 'not_html' }]);
    } finally {
      await pool.close();
    }
  });

  test('site inputs are sent once per worker, before the first task that needs them', async () => {
    const pool = new ThreadPool(1, CONFIG);
    let asked = 0;
    const siteFor = () => {
      asked++;
      return { origin: 'https://pool.example', robotsTxt: { body: 'User-agent: *\nDisallow: /\n', status: 200 } };
    };
    try {
      const a = await pool.submit([page(0, PAGE(1), 'k1'), page(1, PAGE(2), 'k1')], siteFor);
      const b = await pool.submit([page(2, PAGE(4), 'k1')], siteFor);
      expect(asked).toBe(1);
      for (const r of [...a, ...b]) expect(r.kind === 'verdict' && r.stats.excludeTraining).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('Pipeline', () => {
  test('emits worker and main-thread items strictly in input order, with their resume points', async () => {
    const pool = new ThreadPool(2, CONFIG);
    const emitted: Done<string>[] = [];
    const pipeline = new Pipeline<string>(
      pool,
      () => ({}),
      (d) => emitted.push(d),
      { ...DEFAULT_LIMITS, batchTasks: 3 },
    );
    try {
      for (let i = 0; i < 50; i++) {
        const seq = pipeline.nextSeq();
        const resume = { file: 0, offset: i + 1 };
        if (i % 4 === 1) await pipeline.local(seq, `local-${i}`, resume);
        else await pipeline.task(page(seq, PAGE(i)), 100, i % 5 === 0 ? null : resume);
      }
      await pipeline.finish();
    } finally {
      await pool.close();
    }
    expect(emitted).toHaveLength(50);
    expect(emitted.map((d) => (d.local ? Number(d.local.split('-')[1]) : d.result!.seq))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(emitted.map((d) => d.resume?.offset ?? null)).toEqual(
      Array.from({ length: 50 }, (_, i) => (i % 4 !== 1 && i % 5 === 0 ? null : i + 1)),
    );
  });
});
