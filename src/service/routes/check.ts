import type { Response } from 'express';
import type { Verdict } from '../../model/verdict.js';
import type { IngestResult } from '../../store/ingest.js';
import type { Handler, ServiceContext } from '../context.js';
import { fromEngineError } from '../engineErrors.js';
import type { CheckedPage, CheckRequest } from '../pageChecker.js';
import { concludedForResponse } from '../review.js';

export interface StoredRef {
  verdictId: number;
  fetchId: number;
  created: boolean;
}

export type CheckResponse = Verdict & { stored: StoredRef | null; id?: string | number };

export function storedRef(r: IngestResult): StoredRef {
  return { verdictId: r.verdictId, fetchId: r.fetchId, created: r.verdictCreated };
}

export function response(body: CheckRequest, verdict: Verdict, stored: StoredRef | null): CheckResponse {
  const out: CheckResponse = { ...verdict, stored };
  if (body.id !== undefined) out.id = body.id;
  return out;
}

export function persistOf(res: Response): boolean {
  return (res.locals.query as { store?: string }).store !== 'false';
}

/** Site resolution + engine run for one validated request; engine refusals become API errors. */
export async function checkRequest(ctx: ServiceContext, body: CheckRequest, persist: boolean): Promise<CheckedPage> {
  const url = ctx.checker.parseUrl(body.url);
  const site = await ctx.checker.siteFor(url, body, persist);
  try {
    return await ctx.checker.run(url, body, site, persist);
  } catch (e) {
    throw fromEngineError(e, body.html !== undefined ? 'html' : 'text') ?? e;
  }
}

export const checkOnePage: Handler = async (ctx, _op, req, res) => {
  const body = req.body as CheckRequest;
  const persist = persistOf(res);
  const checked = await checkRequest(ctx, body, persist);
  const stored = checked.ingest ? storedRef(await ctx.ingests.add(checked.ingest)) : null;
  ctx.metrics.countVerdict(checked.verdict, stored !== null);
  // Conclusions in force are laid over the answer (`concluded`); the stored verdict stays the detected one.
  res.json(response(body, await concludedForResponse(ctx, checked.verdict), stored));
};
