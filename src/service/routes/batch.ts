import type { Request, Response } from 'express';
import { ingest } from '../../store/ingest.js';
import { ingestMany } from '../../store/ingestMany.js';
import type { Handler, ServiceContext } from '../context.js';
import { badEncoding, decodedBody, isDecodingError } from '../encoding.js';
import { ApiError } from '../errors.js';
import { type Logger, logOf } from '../logging.js';
import { type NdjsonItem, ndjsonLines, writeWithBackpressure } from '../ndjson.js';
import type { CheckedPage, CheckRequest } from '../pageChecker.js';
import { concludedForResponse } from '../review.js';
import { assertValid } from '../validate.js';
import { checkRequest, persistOf, response, type StoredRef, storedRef } from './check.js';

/** Pages stored per transaction (a commit holds the HTTP thread; 10 keeps /healthz p99 in bounds). */
const GROUP = 10;
/** How long a batch waits for the next line before answering the lines it has. */
const FLUSH_IDLE_MS = 10;

interface LineError {
  code: string;
  message: string;
  field?: string;
}

type Checked = { line: number; body: CheckRequest; checked: CheckedPage; stored?: StoredRef | null; error?: undefined };
type Failed = { line: number; id?: unknown; error: LineError; body?: undefined };
/** One line's outcome, waiting to be stored and written in input order. */
type Pending = Checked | Failed;

/** True when `p` settles within `ms`; false on timeout (then `p` is still pending and awaited later). */
async function raceIdle(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      idle,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Echo of a line's `id` when the line parsed far enough to have one. */
function idOf(value: unknown): unknown {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return undefined;
}

/**
 * One NDJSON batch request, as a small state machine: each line is read, parsed and checked (up to two
 * lines per check worker in flight — one running, one queued — so a batch keeps the workers busy without
 * holding more than its share of the queue); outcomes are stored in groups (one transaction each) and
 * written in input order, flushed whenever the client pauses, so an interactive client gets each answer
 * without waiting for a group. A full group is stored while the lines after it are still being checked:
 * waiting for them first left the workers idle during every commit (stored batches ran at 0.64 of the
 * speed of dry ones).
 */
class BatchRun {
  private pending: Pending[] = [];
  private readonly inflight: Promise<Pending>[] = [];
  private readonly window: number;
  private readonly persist: boolean;
  private readonly requestId: string;
  private readonly log: Logger;
  private lines = 0;
  private ok = 0;
  private errors = 0;
  private clientGone = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly req: Request,
    private readonly res: Response,
  ) {
    this.window = 2 * Math.max(1, ctx.checker.threads);
    this.persist = persistOf(res);
    this.requestId = res.locals.requestId as string;
    this.log = logOf(res);
    res.on('close', () => {
      if (!res.writableFinished) this.clientGone = true;
    });
  }

  async run(): Promise<void> {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-store');
    try {
      await this.readAll();
      if (!this.clientGone && (await this.flush()))
        await writeWithBackpressure(
          this.res,
          `${JSON.stringify({ done: true, lines: this.lines, ok: this.ok, errors: this.errors })}\n`,
        );
    } catch (e) {
      await this.inputFailed(e);
    }
    if (!this.res.writableEnded) this.res.end();
    this.log.info({ lines: this.lines, ok: this.ok, errors: this.errors, clientGone: this.clientGone }, 'batch done');
  }

  /** Reads lines until the input ends or the client leaves. */
  private async readAll(): Promise<void> {
    const input = ndjsonLines(decodedBody(this.req), this.ctx.config.maxBatchLineBytes)[Symbol.asyncIterator]();
    for (;;) {
      const next = input.next();
      // With results waiting, give the next line FLUSH_IDLE_MS to arrive: a streaming upload fills whole
      // groups, an interactive client gets its answer as soon as it pauses.
      if (this.waiting() > 0 && !(await raceIdle(next, FLUSH_IDLE_MS)) && !(await this.flush())) return this.gone();
      const r = await next;
      if (r.done || this.clientGone) return;
      this.lines++;
      this.inflight.push(this.start(r.value));
      await this.settle(this.window - 1);
      if (this.pending.length >= GROUP && !(await this.writeSettled())) return this.gone();
    }
  }

  private waiting(): number {
    return this.pending.length + this.inflight.length;
  }

  private gone(): void {
    this.clientGone = true;
  }

  /** A line's outcome: refused at once (too long, not JSON) or checked; never rejects. */
  private start(item: NdjsonItem): Promise<Pending> {
    const line = item.line;
    if (item.tooLong)
      return Promise.resolve({
        line,
        error: {
          code: 'too_large',
          message: `line ${line} is longer than the limit of ${this.ctx.config.maxBatchLineBytes} bytes`,
        },
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(item.text);
    } catch (e) {
      return Promise.resolve({
        line,
        error: { code: 'invalid_json', message: `line ${line}: ${(e as Error).message}` },
      });
    }
    return this.checkLine(parsed, line);
  }

  private async checkLine(parsed: unknown, line: number): Promise<Pending> {
    try {
      assertValid(this.ctx.validators.body('CheckRequest'), parsed, 'body');
      const body = parsed as CheckRequest;
      return { line, body, checked: await checkRequest(this.ctx, body, this.persist) };
    } catch (e) {
      return { line, id: idOf(parsed), error: this.lineError(e, line) };
    }
  }

  private lineError(e: unknown, line: number): LineError {
    if (e instanceof ApiError) {
      const out: LineError = { code: e.code, message: e.message };
      if (e.field) out.field = e.field;
      return out;
    }
    this.log.error({ err: e, line }, 'batch line failed');
    return { code: 'internal', message: `internal error on line ${line} (request ${this.requestId}; see server log)` };
  }

  /** Waits until at most `count` lines are still being checked (outcomes move to `pending`, in order). */
  private async settle(count: number): Promise<void> {
    while (this.inflight.length > count) this.pending.push(await this.inflight.shift()!);
  }

  /** Stores and writes every outcome so far; false when the client is gone. */
  private async flush(): Promise<boolean> {
    await this.settle(0);
    return this.writeSettled();
  }

  /** Stores and writes the outcomes already settled (lines still being checked stay in flight). */
  private async writeSettled(): Promise<boolean> {
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return true;
    await this.storeGroup(group);
    let out = '';
    for (const p of group) out += await this.outputLine(p);
    return writeWithBackpressure(this.res, out);
  }

  private async outputLine(p: Pending): Promise<string> {
    if (p.error) {
      this.errors++;
      this.ctx.metrics.batchLines.inc({ result: 'error' });
      const line: Record<string, unknown> = { line: p.line };
      if (p.id !== undefined) line.id = p.id;
      line.error = p.error;
      return `${JSON.stringify(line)}\n`;
    }
    this.ok++;
    this.ctx.metrics.batchLines.inc({ result: 'ok' });
    this.ctx.metrics.countVerdict(p.checked.verdict, Boolean(p.stored));
    const verdict = await concludedForResponse(this.ctx, p.checked.verdict);
    return `${JSON.stringify({ line: p.line, ...response(p.body, verdict, p.stored ?? null) })}\n`;
  }

  /** One transaction for the group; if it fails, line by line, so only a failing line reports an error. */
  private async storeGroup(group: Pending[]): Promise<void> {
    const toStore = group.filter((p): p is Checked => p.error === undefined && p.checked.ingest !== null);
    if (toStore.length === 0) return;
    try {
      const results = await ingestMany(
        this.ctx.store,
        toStore.map((p) => p.checked.ingest!),
      );
      toStore.forEach((p, i) => {
        p.stored = storedRef(results[i]!);
      });
    } catch (groupError) {
      this.log.warn({ err: groupError }, 'batch group store failed; retrying line by line');
      for (const p of toStore) await this.storeOne(p, group);
    }
  }

  private async storeOne(p: Checked, group: Pending[]): Promise<void> {
    try {
      p.stored = storedRef(await ingest(this.ctx.store, p.checked.ingest!));
    } catch (e) {
      this.log.error({ err: e, line: p.line }, 'storing batch line failed');
      group[group.indexOf(p)] = {
        line: p.line,
        id: p.body.id,
        error: {
          code: 'store_error',
          message: `could not store line ${p.line} (request ${this.requestId}; see server log)`,
        },
      };
    }
  }

  /** The request stream failed (client aborted, bad chunking, a body that is not the gzip it claims). */
  private async inputFailed(e: unknown): Promise<void> {
    if (e instanceof ApiError && !this.res.headersSent) throw e;
    this.log.warn({ err: e, lines: this.lines }, 'batch input failed');
    if (this.res.destroyed || this.res.writableEnded) return;
    await this.flush().catch(() => false);
    const error = isDecodingError(e)
      ? { code: 'bad_encoding', message: badEncoding(this.req.get('content-encoding') ?? '', e as Error).message }
      : { code: 'input_error', message: 'reading the request failed' };
    this.res.write(`${JSON.stringify({ line: this.lines + 1, error })}\n`);
  }
}

/** POST /v1/check/batch: NDJSON in, NDJSON out (see BatchRun). */
export const checkBatch: Handler = async (ctx, _op, req, res) => {
  await new BatchRun(ctx, req, res).run();
};
