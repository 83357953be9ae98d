import type { Response } from 'express';
import { verifyAuditLog } from '../../audit/verifyLog.js';
import type { ReportOptions } from '../../export/report.js';
import { REPORT_STYLE_CSP } from '../../export/reportHtml.js';
import {
  CONTENT_TYPES,
  type ExclusionFormat,
  exportExclusions,
  exportReport,
  type ReportFormat,
} from '../../export/run.js';
import { DEFAULT_PROFILE } from '../../policy/profile.js';
import { getConclusionRow, listConclusions, rowToConclusion } from '../../review/db/conclusions.js';
import { getPublisher, listPublishers } from '../../review/db/publishers.js';
import { queuePage, type ReviewItemRow } from '../../review/db/queue.js';
import { loadItemView } from '../../review/itemView.js';
import { priorityReasons } from '../../review/priority.js';
import { parseDateParam, parseQueueQuery, type QueueFilter } from '../../review/queueFilter.js';
import { normaliseDomain, ReviewInputError } from '../../review/validate.js';
import { listAudit } from '../../store/repos/audit.js';
import { usesOfRow } from '../../store/repos/verdicts.js';
import type { Handler, ServiceContext } from '../context.js';
import { paramsOf, queryOf } from '../context.js';
import { notFound } from '../errors.js';
import { actorOf, asApiError, reviewOf } from '../review.js';

/** Runs a handler body, turning review-layer errors into API errors. */
function guarded(fn: Handler): Handler {
  return async (ctx, op, req, res) => {
    try {
      await fn(ctx, op, req, res);
    } catch (e) {
      throw asApiError(e);
    }
  };
}

/** A queue item as the API shows it. */
export function itemJson(r: ReviewItemRow) {
  return {
    id: r.id,
    url: r.url,
    domain: r.domain,
    profile: r.profile,
    verdictId: r.verdict_id,
    decidedAt: r.decided_at,
    language: r.language,
    uses: usesOfRow(r),
    exclude: { training: r.exclude_training === 1, redistribution: r.exclude_redistribution === 1 },
    detectedExclude: { training: r.det_exclude_training === 1, redistribution: r.det_exclude_redistribution === 1 },
    flagged: r.flagged === 1,
    conflicts: r.has_conflicts === 1,
    minConfidence: r.min_confidence,
    priority: r.priority,
    why: priorityReasons({
      open: r.status === 'open',
      hasConflicts: r.has_conflicts === 1,
      minConfidence: r.min_confidence,
      excludeTraining: r.det_exclude_training === 1,
      excludeRedistribution: r.det_exclude_redistribution === 1,
    }),
    status: r.status,
    conclusionId: r.conclusion_id,
    concludedBy: r.concluded_by,
    concludedAt: r.concluded_at,
    conclusionExpiresAt: r.conclusion_expires_at,
  };
}

/** Resolves `filter.publisher` to its domains (unknown publisher: a 400 naming the field). */
export async function publisherDomains(
  ctx: Pick<ServiceContext, 'store'>,
  f: QueueFilter,
): Promise<string[] | undefined> {
  if (!f.publisher) return undefined;
  const p = await getPublisher(ctx.store.db, f.publisher);
  if (!p) throw new ReviewInputError('publisher', `no publisher "${f.publisher}"`);
  return p.domains;
}

const listReviewItems: Handler = async (ctx, _op, _req, res) => {
  const review = reviewOf(ctx);
  await review.sync();
  const query = parseQueueQuery(queryOf<Record<string, unknown>>(res), { profile: DEFAULT_PROFILE });
  const domains = await publisherDomains(ctx, query.filter);
  const [page, counts] = await Promise.all([
    queuePage(ctx.store.db, query, domains),
    review.counts(query.filter, domains),
  ]);
  res.json({ items: page.items.map(itemJson), next: page.next, counts });
};

const getReviewItem: Handler = async (ctx, _op, _req, res) => {
  const { id } = paramsOf<{ id: number }>(res);
  const review = reviewOf(ctx);
  await review.sync();
  const view = await loadItemView(review, id);
  if (!view) throw notFound(`review item ${id}`);
  res.json({
    item: itemJson(view.item),
    verdict: view.effective,
    detected: view.stored.verdict,
    fetch: view.stored.fetch,
    conclusions: view.conclusions,
    snapshots: view.snapshots,
    urlHistory: view.urlHistory,
    siteHistory: view.siteHistory.map(({ body: _body, ...s }) => s),
    siteTimeline: view.siteTimeline,
  });
};

const getReviewOverview: Handler = async (ctx, _op, _req, res) => {
  const { profile } = queryOf<{ profile?: string }>(res);
  await reviewOf(ctx).sync();
  res.json({
    profile: profile ?? DEFAULT_PROFILE,
    rules: { version: ctx.engine.resources.rulesVersion, hash: ctx.engine.resources.rulesHash },
    ...(await reviewOf(ctx).overview(profile ?? DEFAULT_PROFILE)),
  });
};

const createConclusion: Handler = async (ctx, _op, req, res) => {
  const r = await reviewOf(ctx).createConclusion(req.body, actorOf(res));
  res.status(201).json(r);
};

const bulkConclude: Handler = async (ctx, _op, req, res) => {
  const body = req.body as { filter?: Record<string, string>; itemIds?: number[]; conclusion: unknown };
  const query = parseQueueQuery(body.filter ?? {}, { profile: DEFAULT_PROFILE });
  const domains = await publisherDomains(ctx, query.filter);
  const review = reviewOf(ctx);
  await review.sync();
  const selection: { filter: QueueFilter; publisherDomains?: string[]; itemIds?: number[] } = { filter: query.filter };
  if (domains) selection.publisherDomains = domains;
  if (body.itemIds) selection.itemIds = body.itemIds;
  res.status(201).json(await review.bulkConclude(body.conclusion, selection, actorOf(res)));
};

const listConclusionsRoute: Handler = async (ctx, _op, _req, res) => {
  const q = queryOf<{
    state?: 'active' | 'revoked' | 'expired' | 'all';
    domain?: string;
    limit?: number;
    before?: string;
  }>(res);
  const options: Parameters<typeof listConclusions>[1] = { state: q.state ?? 'all', limit: q.limit ?? 100 };
  if (q.domain) options.domain = normaliseDomain(q.domain, 'domain');
  if (q.before) {
    const [createdAt, id] = Buffer.from(q.before, 'base64url').toString('utf8').split('|');
    if (!createdAt || !id) throw new ReviewInputError('before', 'is not a cursor this server issued');
    options.before = { createdAt, id };
  }
  const rows = await listConclusions(ctx.store.db, options);
  const last = rows[rows.length - 1];
  res.json({
    conclusions: rows.map((r) => ({
      ...rowToConclusion(r),
      revokedBy: r.revoked_by,
      revokeComment: r.revoke_comment,
      bulkId: r.bulk_id,
    })),
    next:
      last && rows.length === options.limit ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
  });
};

const getConclusion: Handler = async (ctx, _op, _req, res) => {
  const { id } = paramsOf<{ id: string }>(res);
  const row = await getConclusionRow(ctx.store.db, id);
  if (!row) throw notFound(`conclusion ${id}`);
  res.json({
    ...rowToConclusion(row),
    revokedBy: row.revoked_by,
    revokeComment: row.revoke_comment,
    bulkId: row.bulk_id,
  });
};

const revokeConclusion: Handler = async (ctx, _op, req, res) => {
  const { id } = paramsOf<{ id: string }>(res);
  res.json(await reviewOf(ctx).revoke(id, actorOf(res), (req.body as { comment: string }).comment));
};

const listPublishersRoute: Handler = async (ctx, _op, _req, res) => {
  res.json({ publishers: await listPublishers(ctx.store.db) });
};

const setPublisherRoute: Handler = async (ctx, _op, req, res) => {
  const { name } = paramsOf<{ name: string }>(res);
  res.json(await reviewOf(ctx).setPublisher(name, (req.body as { domains: string[] }).domains, actorOf(res)));
};

function attachment(res: Response, kind: string, format: string): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.setHeader('Content-Disposition', `attachment; filename="clearance-${kind}-${stamp}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** Report options from validated query values (shared with the dashboard's export buttons). */
export function reportOptionsOf(q: Record<string, string | undefined>): ReportOptions {
  const o: ReportOptions = { profile: q.profile ?? DEFAULT_PROFILE };
  const from = parseDateParam(q.from, 'from', false);
  const to = parseDateParam(q.to, 'to', true);
  if (from) o.from = from;
  if (to) o.to = to;
  if (from && to && from > to) throw new ReviewInputError('from', '"from" is after "to"');
  if (q.domain) o.domain = normaliseDomain(q.domain, 'domain');
  if (q.use) o.use = q.use as ReportOptions['use'];
  if (q.outcome) o.outcome = q.outcome as ReportOptions['outcome'];
  if (q.exclude) o.exclude = q.exclude as ReportOptions['exclude'];
  if (q.flagged === 'true') o.flaggedOnly = true;
  return o;
}

/** Streams the report to an HTTP response; the headers go out once the counting pass is done. */
export async function sendReport(
  ctx: ServiceContext,
  res: Response,
  options: ReportOptions,
  format: ReportFormat,
  actor: ReturnType<typeof actorOf>,
): Promise<void> {
  try {
    ctx.engine.profile(options.profile);
  } catch (e) {
    throw new ReviewInputError('profile', (e as Error).message);
  }
  await reviewOf(ctx).sync();
  await exportReport(ctx.store, ctx.engine, options, format, res, actor, {
    beforeWrite: () => {
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPES[format]);
      if (format === 'html')
        res.setHeader(
          'Content-Security-Policy',
          `default-src 'none'; style-src ${REPORT_STYLE_CSP}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        );
      attachment(res, 'report', format);
    },
  });
  res.end();
}

export async function sendExclusions(
  ctx: ServiceContext,
  res: Response,
  q: Record<string, string | undefined>,
  actor: ReturnType<typeof actorOf>,
): Promise<void> {
  const format = (q.format ?? 'jsonl') as ExclusionFormat;
  const options: Parameters<typeof exportExclusions>[2] = {
    profile: q.profile ?? DEFAULT_PROFILE,
    use: q.use as 'ai-train' | 'redistribution',
  };
  try {
    ctx.engine.profile(options.profile);
  } catch (e) {
    throw new ReviewInputError('profile', (e as Error).message);
  }
  if (q.domain) options.domain = normaliseDomain(q.domain, 'domain');
  const from = parseDateParam(q.from, 'from', false);
  const to = parseDateParam(q.to, 'to', true);
  if (from) options.from = from;
  if (to) options.to = to;
  await reviewOf(ctx).sync();
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  attachment(res, `exclusions-${options.use}`, format);
  await exportExclusions(ctx.store, ctx.engine, options, format, res, actor);
  res.end();
}

const exportReportRoute: Handler = async (ctx, _op, _req, res) => {
  const q = queryOf<Record<string, string | undefined>>(res);
  await sendReport(ctx, res, reportOptionsOf(q), (q.format ?? 'json') as ReportFormat, actorOf(res));
};

const exportExclusionsRoute: Handler = async (ctx, _op, _req, res) => {
  await sendExclusions(ctx, res, queryOf<Record<string, string | undefined>>(res), actorOf(res));
};

const listAuditLog: Handler = async (ctx, _op, _req, res) => {
  const q = queryOf<{ after?: number; limit?: number }>(res);
  const rows = await listAudit(ctx.store.db, { afterId: q.after ?? 0, limit: q.limit ?? 200 });
  res.json({
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: JSON.parse(r.details_json) as unknown,
      prevHash: r.prev_hash,
      hash: r.hash,
    })),
  });
};

const verifyAuditLogRoute: Handler = async (ctx, _op, _req, res) => {
  const { anchor } = queryOf<{ anchor?: string }>(res);
  res.json(await verifyAuditLog(ctx.store.db, anchor ? { anchor } : {}));
};

export const REVIEW_HANDLERS: Record<string, Handler> = Object.fromEntries(
  Object.entries({
    listReviewItems,
    getReviewItem,
    getReviewOverview,
    createConclusion,
    bulkConclude,
    listConclusions: listConclusionsRoute,
    getConclusion,
    revokeConclusion,
    listPublishers: listPublishersRoute,
    setPublisher: setPublisherRoute,
    exportReport: exportReportRoute,
    exportExclusions: exportExclusionsRoute,
    listAuditLog,
    verifyAuditLog: verifyAuditLogRoute,
  }).map(([id, h]) => [id, guarded(h)]),
);
