import type { Request, Response, Router } from 'express';
import { verifyAuditLog } from '../../audit/verifyLog.js';
import { html, type SafeHtml } from '../../export/html.js';
import { DEFAULT_PROFILE } from '../../policy/profile.js';
import { listConclusions, rowToConclusion } from '../../review/db/conclusions.js';
import { getPublisher, listPublishers } from '../../review/db/publishers.js';
import { queuePage } from '../../review/db/queue.js';
import { type Session, sameToken, sessionOf, signIn, signOut } from '../../review/db/sessions.js';
import { loadItemView } from '../../review/itemView.js';
import { parseQueueQuery, type QueueQuery } from '../../review/queueFilter.js';
import { normaliseDomain, ReviewInputError } from '../../review/validate.js';
import type { ServiceContext } from '../../service/context.js';
import { reviewOf } from '../../service/review.js';
import { listAudit } from '../../store/repos/audit.js';
import { snapshotsByIds } from '../../store/repos/sites.js';
import {
  BASE,
  clearCookie,
  cookies,
  EXPORTERS,
  LOGIN_COOKIE,
  localPath,
  newToken,
  requireCsrf,
  requireRole,
  requireSession,
  SESSION_COOKIE,
  sameOrigin,
  sendPage,
  sessionLocal,
  setCookie,
} from '../http.js';
import { auditView } from '../views/audit.js';
import type { FormValues } from '../views/conclusionForm.js';
import { conclusionsView, publishersView } from '../views/conclusions.js';
import { itemView, snapshotView } from '../views/item.js';
import { type Flash, layout, type Section } from '../views/layout.js';
import { loginView } from '../views/login.js';
import { overviewView } from '../views/overview.js';
import { queueView } from '../views/queue.js';

const LOGIN_TTL_S = 30 * 60;

export function rulesOf(ctx: ServiceContext) {
  return { version: ctx.engine.resources.rulesVersion, hash: ctx.engine.resources.rulesHash };
}

export function page(
  ctx: ServiceContext,
  res: Response,
  section: Section | undefined,
  title: string,
  body: SafeHtml,
  flash: Flash | null = null,
  statusCode = 200,
): void {
  const session = (res.locals.session as Session | undefined) ?? null;
  sendPage(res, layout({ title, session, section, rules: rulesOf(ctx), body, flash }), statusCode);
}

/** Fixed messages after a redirect (only numbers and ids come from the query string, and are escaped). */
export function flashOf(req: Request): Flash | null {
  const q = req.query as Record<string, string | undefined>;
  const n = Number.parseInt(q.n ?? '0', 10) || 0;
  const id = (q.id ?? '').slice(0, 80);
  switch (q.msg) {
    case 'concluded':
      return { kind: 'ok', text: `Conclusion ${id} recorded; ${n} item(s) re-evaluated.` };
    case 'revoked':
      return { kind: 'ok', text: `Conclusion ${id} revoked; ${n} item(s) re-evaluated.` };
    case 'bulk':
      return { kind: 'ok', text: `${n} conclusion(s) recorded (bulk ${id}).` };
    case 'publisher':
      return { kind: 'ok', text: `Publisher ${id} saved.` };
    default:
      return null;
  }
}

export async function renderQueue(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  query: QueueQuery,
  extra: { flash?: Flash | null; status?: number; bulkValues?: FormValues } = {},
): Promise<void> {
  const review = reviewOf(ctx);
  await review.sync();
  const publishers = await listPublishers(ctx.store.db);
  let domains: string[] | undefined;
  if (query.filter.publisher) {
    const p = await getPublisher(ctx.store.db, query.filter.publisher);
    if (!p) throw new ReviewInputError('publisher', `no publisher "${query.filter.publisher}"`);
    domains = p.domains;
  }
  const [pg, counts] = await Promise.all([
    queuePage(ctx.store.db, query, domains),
    review.counts(query.filter, domains),
  ]);
  const body = queueView({
    session: sessionLocal(res),
    query,
    defaults: { profile: DEFAULT_PROFILE },
    profiles: [...ctx.engine.resources.profiles.keys()],
    items: pg.items,
    next: pg.next,
    counts,
    publishers,
    bulkValues: extra.bulkValues,
  });
  page(ctx, res, 'queue', 'Queue', body, extra.flash ?? flashOf(req), extra.status);
}

export function pageRoutes(router: Router, ctx: ServiceContext): void {
  const session = requireSession(ctx);

  router.get('/login', async (req, res) => {
    const existing = cookies(req)[SESSION_COOKIE];
    if (existing && (await sessionOf(ctx.store.db, existing))) {
      res.redirect(303, localPath(req.query.next));
      return;
    }
    const token = newToken();
    setCookie(req, res, LOGIN_COOKIE, token, LOGIN_TTL_S);
    page(ctx, res, undefined, 'Sign in', loginView({ loginToken: token, next: localPath(req.query.next) }));
  });

  router.post('/login', async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const again = (error: string, status: number) => {
      const token = newToken();
      setCookie(req, res, LOGIN_COOKIE, token, LOGIN_TTL_S);
      page(
        ctx,
        res,
        undefined,
        'Sign in',
        loginView({ loginToken: token, next: localPath(body.next), error }),
        null,
        status,
      );
    };
    if (!sameOrigin(req) || !sameToken(body._login, cookies(req)[LOGIN_COOKIE])) {
      again('The sign-in form expired or came from another site. Please try again.', 403);
      return;
    }
    const result = await signIn(ctx.store.db, body.key ?? '');
    if (!result.ok) {
      again(
        result.reason === 'role'
          ? 'Crawler keys cannot sign in to the dashboard: use a reviewer, auditor or admin key.'
          : 'Unknown or revoked key.',
        401,
      );
      return;
    }
    clearCookie(req, res, LOGIN_COOKIE);
    setCookie(req, res, SESSION_COOKIE, result.token, 12 * 60 * 60);
    res.redirect(303, localPath(body.next));
  });

  router.post('/logout', session, requireCsrf, async (req, res) => {
    await signOut(ctx.store.db, sessionLocal(res).tokenHash);
    clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, `${BASE}/login`);
  });

  router.get('/', session, async (req, res) => {
    let query: QueueQuery;
    try {
      query = parseQueueQuery(req.query as Record<string, unknown>, { profile: DEFAULT_PROFILE });
      await renderQueue(ctx, req, res, query);
    } catch (e) {
      if (!(e instanceof ReviewInputError)) throw e;
      const fallback = parseQueueQuery({}, { profile: DEFAULT_PROFILE });
      await renderQueue(ctx, req, res, fallback, {
        flash: { kind: 'error', text: `Filter not applied — ${e.message}` },
        status: 400,
      });
    }
  });

  router.get('/items/:id', session, async (req, res) => {
    const id = Number(req.params.id);
    const review = reviewOf(ctx);
    await review.sync();
    const view = Number.isInteger(id) && id > 0 ? await loadItemView(review, id) : null;
    if (!view) {
      res.status(404);
      page(ctx, res, 'queue', 'Not found', itemNotFound(), null, 404);
      return;
    }
    const body = itemView({ session: sessionLocal(res), view, publishers: await listPublishers(ctx.store.db) });
    page(ctx, res, 'queue', view.item.url, body, flashOf(req));
  });

  router.get('/snapshots/:id', session, async (req, res) => {
    const id = Number(req.params.id);
    const [snap] = Number.isInteger(id) && id > 0 ? await snapshotsByIds(ctx.store.db, [id]) : [];
    if (!snap) {
      page(ctx, res, 'queue', 'Not found', itemNotFound(), null, 404);
      return;
    }
    page(ctx, res, 'queue', `${snap.kind} of ${snap.origin}`, snapshotView(snap));
  });

  router.get('/overview', session, async (req, res) => {
    const profile =
      typeof req.query.profile === 'string' && ctx.engine.resources.profiles.has(req.query.profile)
        ? req.query.profile
        : DEFAULT_PROFILE;
    await reviewOf(ctx).sync();
    const body = overviewView({
      profile,
      profiles: [...ctx.engine.resources.profiles.keys()],
      data: await reviewOf(ctx).overview(profile),
      rules: rulesOf(ctx),
    });
    page(ctx, res, 'overview', 'Overview', body);
  });

  router.get('/conclusions', session, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const state = q.state === 'active' || q.state === 'revoked' || q.state === 'expired' ? q.state : 'all';
    let domain: string | undefined;
    let flash: Flash | null = flashOf(req);
    if (q.domain) {
      try {
        domain = normaliseDomain(q.domain, 'domain');
      } catch (e) {
        if (!(e instanceof ReviewInputError)) throw e;
        flash = { kind: 'error', text: e.message };
      }
    }
    const options: Parameters<typeof listConclusions>[1] = { state, limit: 100 };
    if (domain) options.domain = domain;
    if (q.before) {
      const [createdAt, id] = Buffer.from(q.before, 'base64url').toString('utf8').split('|');
      if (createdAt && id) options.before = { createdAt, id };
    }
    const rows = await listConclusions(ctx.store.db, options);
    const last = rows[rows.length - 1];
    const body = conclusionsView({
      session: sessionLocal(res),
      rows: rows.map((r) => ({
        conclusion: rowToConclusion(r),
        revokedBy: r.revoked_by,
        revokeComment: r.revoke_comment,
        bulkId: r.bulk_id,
      })),
      state,
      domain,
      next: last && rows.length === 100 ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
    });
    page(ctx, res, 'conclusions', 'Conclusions', body, flash);
  });

  router.get('/publishers', session, async (req, res) => {
    const body = publishersView({ session: sessionLocal(res), publishers: await listPublishers(ctx.store.db) });
    page(ctx, res, 'publishers', 'Publishers', body, flashOf(req));
  });

  router.get('/audit', session, requireRole(EXPORTERS), async (req, res) => {
    const after = Math.max(0, Number.parseInt(String(req.query.after ?? '0'), 10) || 0);
    const [result, entries] = await Promise.all([
      verifyAuditLog(ctx.store.db),
      listAudit(ctx.store.db, { afterId: after, limit: 200 }),
    ]);
    const next = entries.length === 200 ? entries[entries.length - 1]!.id : null;
    page(ctx, res, 'audit', 'Audit log', auditView({ result, entries, after, next }));
  });
}

function itemNotFound(): SafeHtml {
  return html`<h1>Not found</h1><p>No such item. <a href="${BASE}/">Back to the queue</a>.</p>`;
}
