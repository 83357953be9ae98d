import type { Response } from 'express';
import type { Verdict } from '../../model/verdict.js';
import { type IngestResult, ingest, ingestMany } from '../../store/ingest.js';
import type { Handler, ServiceContext } from '../context.js';
import { badEncoding, decodedBody, isDecodingError } from '../encoding.js';
import { fromEngineError } from '../engineErrors.js';
import { ApiError } from '../errors.js';
import { type Logger, logOf } from '../logging.js';
import { ndjsonLines, writeWithBackpressure } from '../ndjson.js';
import type { CheckedPage, CheckRequest } from '../pageChecker.js';
import { concludedForResponse } from '../review.js';
import { check as validate } from '../validate.js';

export interface StoredRef {
  verdictId: number;
  fetchId: number;
  created: boolean;
}

export type CheckResponse = Verdict & { stored: StoredRef | null; id?: string | number };

function storedRef(r: IngestResult): StoredRef {
  return { verdictId: r.verdictId, fetchId: r.fetchId, created: r.verdictCreated };
}

function response(body: CheckRequest, verdict: Verdict, stored: StoredRef | null): CheckResponse {
  const out: CheckResponse = { ...verdict, stored };
  if (body.id !== undefined) out.id = body.id;
  return out;
}

function persistOf(res: Response): boolean {
  return (res.locals.query as { store?: string }).store !== 'false';
}

/** Site resolution + engine run for one validated request; engine refusals become API errors. */
async function checkRequest(ctx: ServiceContext, body: CheckRequest, persist: boolean): Promise<CheckedPage> {
  const url = ctx.checker.parseUrl(body.url);
  const site = await ctx.checker.siteFor(url, body, persist);
  try {
    return await ctx.checker.run(url, body, site, persist);
  } catch (e) {
    throw fromEngineError(e, body.html !== undefined ? 'html' : 'text') ?? e;
  }
}

export const check: Handler = async (ctx, _op, req, res) => {
  const body = req.body as CheckRequest;
  const persist = persistOf(res);
  const checked = await checkRequest(ctx, body, persist);
  const stored = checked.ingest ? storedRef(await ingest(ctx.store, checked.ingest)) : null;
  ctx.metrics.countVerdict(checked.verdict, stored !== null);
  // Conclusions in force are laid over the answer (`concluded`); the stored verdict stays the detected one.
  res.json(response(body, await concludedForResponse(ctx, checked.verdict), stored));
};

/** Pages stored per transaction in a batch (one commit per group instead of per page). */
const GROUP = 10;
/** How long a batch waits for the next line before answering the lines it has. */
const FLUSH_IDLE_MS = 10;

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

type Pending =
  | { line: number; body: CheckRequest; checked: CheckedPage; stored?: StoredRef | null; error?: undefined }
  | { line: number; id?: unknown; error: { code: string; message: string; field?: string }; body?: undefined };

function lineError(
  e: unknown,
  line: number,
  requestId: string,
  log: Logger,
): { code: string; message: string; field?: string } {
  if (e instanceof ApiError) {
    const out: { code: string; message: string; field?: string } = { code: e.code, message: e.message };
    if (e.field) out.field = e.field;
    return out;
  }
  log.error({ err: e, line }, 'batch line failed');
  return { code: 'internal', message: `internal error on line ${line} (request ${requestId}; see server log)` };
}

/** Echo of a line's `id` when the line parsed far enough to have one. */
function idOf(value: unknown): unknown {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return undefined;
}

/** One parsed batch line: validated and checked; never rejects (a failure is the line's error). */
async function checkLine(
  ctx: ServiceContext,
  validator: ReturnType<ServiceContext['validators']['body']>,
  parsed: unknown,
  line: number,
  persist: boolean,
  toError: (e: unknown) => { code: string; message: string; field?: string },
): Promise<Pending> {
  try {
    validate(validator, parsed, 'body');
    const body = parsed as CheckRequest;
    return { line, body, checked: await checkRequest(ctx, body, persist) };
  } catch (e) {
    return { line, id: idOf(parsed), error: toError(e) };
  }
}

/**
 * NDJSON in, NDJSON out. Lines are checked as they arrive; results are stored in groups (one transaction
 * each) and written in input order, flushed whenever no further complete line is already buffered, so an
 * interactive client gets each answer without waiting for a full group.
 */
export const checkBatch: Handler = async (ctx, _op, req, res) => {
  const persist = persistOf(res);
  const requestId = res.locals.requestId as string;
  const log = logOf(res);
  const validator = ctx.validators.body('CheckRequest');
  res.status(200);
  res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  let pending: Pending[] = [];
  // Lines being checked, in input order: up to `window` at once, so one batch keeps every worker busy
  // but never holds more than its share of the check queue (other requests' checks interleave with it).
  const inflight: Promise<Pending>[] = [];
  const window = Math.max(1, ctx.checker.threads);
  const settle = async (count: number) => {
    while (inflight.length > count) pending.push(await inflight.shift()!);
  };
  let lines = 0;
  let ok = 0;
  let errors = 0;
  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) clientGone = true;
  });

  const storeGroup = async (group: Extract<Pending, { checked: CheckedPage }>[]) => {
    const toStore = group.filter((p) => p.checked.ingest);
    if (toStore.length === 0) return;
    try {
      const results = await ingestMany(
        ctx.store,
        toStore.map((p) => p.checked.ingest!),
      );
      toStore.forEach((p, i) => {
        p.stored = storedRef(results[i]!);
      });
    } catch (groupError) {
      // One bad item must not cost the others: retry one by one, so only the failing line reports an error.
      log.warn({ err: groupError }, 'batch group store failed; retrying line by line');
      for (const p of toStore) {
        try {
          p.stored = storedRef(await ingest(ctx.store, p.checked.ingest!));
        } catch (e) {
          const idx = pending.indexOf(p);
          log.error({ err: e, line: p.line }, 'storing batch line failed');
          pending[idx] = {
            line: p.line,
            id: p.body.id,
            error: {
              code: 'store_error',
              message: `could not store line ${p.line} (request ${requestId}; see server log)`,
            },
          };
        }
      }
    }
  };

  const flush = async (): Promise<boolean> => {
    await settle(0);
    if (pending.length === 0) return true;
    await storeGroup(pending.filter((p): p is Extract<Pending, { checked: CheckedPage }> => p.error === undefined));
    let out = '';
    for (const p of pending) {
      if (p.error) {
        errors++;
        ctx.metrics.batchLines.inc({ result: 'error' });
        const line: Record<string, unknown> = { line: p.line };
        if (p.id !== undefined) line.id = p.id;
        line.error = p.error;
        out += `${JSON.stringify(line)}\n`;
      } else {
        ok++;
        ctx.metrics.batchLines.inc({ result: 'ok' });
        ctx.metrics.countVerdict(p.checked.verdict, Boolean(p.stored));
        const verdict = await concludedForResponse(ctx, p.checked.verdict);
        out += `${JSON.stringify({ line: p.line, ...response(p.body, verdict, p.stored ?? null) })}\n`;
      }
    }
    pending = [];
    return writeWithBackpressure(res, out);
  };

  try {
    const input = ndjsonLines(decodedBody(req), ctx.config.maxBatchLineBytes)[Symbol.asyncIterator]();
    for (;;) {
      const next = input.next();
      // With results waiting, give the next line FLUSH_IDLE_MS to arrive: a streaming upload fills whole
      // groups (one commit per GROUP pages), an interactive client gets its answer as soon as it pauses.
      if (pending.length + inflight.length > 0) {
        const arrived = await raceIdle(next, FLUSH_IDLE_MS);
        if (!arrived) {
          if (!(await flush())) {
            clientGone = true;
            break;
          }
        }
      }
      const r = await next;
      if (r.done || clientGone) break;
      const item = r.value;
      lines++;
      if (item.tooLong) {
        inflight.push(
          Promise.resolve<Pending>({
            line: item.line,
            error: {
              code: 'too_large',
              message: `line ${item.line} is longer than the limit of ${ctx.config.maxBatchLineBytes} bytes`,
            },
          }),
        );
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(item.text);
        } catch (e) {
          inflight.push(
            Promise.resolve<Pending>({
              line: item.line,
              error: { code: 'invalid_json', message: `line ${item.line}: ${(e as Error).message}` },
            }),
          );
          parsed = undefined;
        }
        if (parsed !== undefined) {
          inflight.push(
            checkLine(ctx, validator, parsed, item.line, persist, (e) => lineError(e, item.line, requestId, log)),
          );
        }
      }
      await settle(window - 1);
      if (pending.length + inflight.length >= GROUP && !(await flush())) {
        clientGone = true;
        break;
      }
    }
    if (!clientGone && (await flush()))
      await writeWithBackpressure(res, `${JSON.stringify({ done: true, lines, ok, errors })}\n`);
  } catch (e) {
    // The request stream itself failed (client aborted, bad chunked encoding, a body that is not the
    // gzip it claims): end with an error line.
    if (e instanceof ApiError && !res.headersSent) throw e;
    log.warn({ err: e, lines }, 'batch input failed');
    if (!res.destroyed && !res.writableEnded) {
      await flush().catch(() => false);
      const error = isDecodingError(e)
        ? { code: 'bad_encoding', message: badEncoding(req.get('content-encoding') ?? '', e as Error).message }
        : { code: 'input_error', message: 'reading the request failed' };
      res.write(`${JSON.stringify({ line: lines + 1, error })}\n`);
    }
  }
  if (!res.writableEnded) res.end();
  log.info({ lines, ok, errors, clientGone }, 'batch done');
};
