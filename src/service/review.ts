import type { Response } from 'express';
import { auditRulesInForce } from '../audit/rules.js';
import type { Verdict } from '../model/verdict.js';
import type { Actor } from '../review/db/conclusions.js';
import { ConclusionNotFound } from '../review/db/conclusions.js';
import { Review } from '../review/service.js';
import { ReviewInputError } from '../review/validate.js';
import { principalOf } from './auth.js';
import type { ServiceContext } from './context.js';
import { ApiError } from './errors.js';

/**
 * The review workspace inside the service: one `Review` per store (its conclusion index and queue sync are
 * shared by the API routes, the dashboard and the check hook), created on first use, with a background
 * sync that `stopReview` ends (the app's `close`) and that also ends by itself once the store is closed.
 */
const reviews = new WeakMap<ServiceContext['store'], { review: Review; timer: NodeJS.Timeout }>();

/** How often the service brings the review queue up to date in the background (besides before each read). */
const SYNC_EVERY_MS = 5000;
const SERVICE_SYNC_PAGE = 50;

export function reviewOf(ctx: Pick<ServiceContext, 'store' | 'engine' | 'logger' | 'checker'>): Review {
  const known = reviews.get(ctx.store);
  return known ? known.review : startReview(ctx);
}

function startReview(ctx: Pick<ServiceContext, 'store' | 'engine' | 'logger' | 'checker'>): Review {
  // Small sync transactions: the write lock is shared with every check the service stores, so a sync
  // page must stay far below the check latency target (50 rows ≈ a few ms).
  const review = new Review(ctx.store, ctx.engine, {
    syncPage: SERVICE_SYNC_PAGE,
    // Site timelines (the dashboard's item view) are evaluated on the check workers, once per state.
    siteCheck: (origin, site, scope) => ctx.checker.checkSite(origin, site, scope),
    parallel: ctx.checker.threads,
  });

  // Profile / rules changes since the last start go into the audit log.
  auditRulesInForce(ctx.store, ctx.engine.resources).catch((err: unknown) =>
    ctx.logger.error({ err }, 'recording the rules in force in the audit log failed'),
  );
  const timer: NodeJS.Timeout = setInterval(() => {
    if (ctx.store.closed) {
      clearInterval(timer);
      return;
    }
    review.sync().catch((err: unknown) => {
      if (!ctx.store.closed) ctx.logger.warn({ err }, 'review queue sync failed');
    });
  }, SYNC_EVERY_MS);
  timer.unref();
  reviews.set(ctx.store, { review, timer });
  return review;
}

/** Ends the background sync of the store's review workspace (the app's `close`). */
export function stopReview(store: ServiceContext['store']): void {
  const known = reviews.get(store);
  if (known) clearInterval(known.timer);
}

/**
 * The check path's hook: what a crawler is told is the detected verdict with the human conclusion in
 * force laid over it (`concluded` on the verdict and on its evidence). The stored verdict stays the
 * detected one.
 */
export function concludedForResponse(ctx: ServiceContext, verdict: Verdict): Promise<Verdict> {
  return reviewOf(ctx).conclude(verdict);
}

export function actorOf(res: Response): Actor {
  const p = principalOf(res);
  return { id: `key:${p.keyId}`, label: p.label };
}

/** Review-layer errors → API errors (400 naming the field, 404). */
export function asApiError(e: unknown): unknown {
  if (e instanceof ReviewInputError) return new ApiError(400, 'invalid_request', e.message, e.field);
  if (e instanceof ConclusionNotFound) return new ApiError(404, 'not_found', e.message);
  return e;
}
