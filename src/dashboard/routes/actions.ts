import type { Request, Response, Router } from 'express';
import { html } from '../../export/html.js';
import { DEFAULT_PROFILE } from '../../policy/profile.js';
import { type Actor, ConclusionNotFound } from '../../review/db/conclusions.js';
import { getPublisher, listPublishers } from '../../review/db/publishers.js';
import type { Session } from '../../review/db/sessions.js';
import { loadItemView } from '../../review/itemView.js';
import { parseQueueQuery } from '../../review/queueFilter.js';
import { ReviewInputError } from '../../review/validate.js';
import type { ServiceContext } from '../../service/context.js';
import { reviewOf } from '../../service/review.js';
import { decisionFromForm, filterFromForm, many, one, scopeFromForm } from '../forms.js';
import { BASE, DECIDERS, localPath, requireCsrf, requireRole, requireSession, sessionLocal } from '../http.js';
import type { FormValues } from '../views/conclusionForm.js';
import { itemView } from '../views/item.js';
import { page, renderQueue } from './pages.js';

function actorOf(s: Session): Actor {
  return { id: `key:${s.keyId}`, label: s.label };
}

function formOf(req: Request): FormValues {
  return (req.body ?? {}) as FormValues;
}

/** State-changing dashboard actions: signed in, CSRF-checked, reviewer or admin. */
export function actionRoutes(router: Router, ctx: ServiceContext): void {
  const guard = [requireSession(ctx), requireCsrf, requireRole(DECIDERS)];

  router.post('/items/:id/conclude', ...guard, async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    const review = reviewOf(ctx);
    const view = Number.isInteger(id) && id > 0 ? await loadItemView(review, id) : null;
    if (!view) {
      res.status(404).type('text/plain').send('No such item.');
      return;
    }
    const values = formOf(req);
    try {
      const body = { ...decisionFromForm(values), scope: scopeFromForm(values, view.item.url) };
      const r = await review.createConclusion(body, actorOf(sessionLocal(res)));
      res.redirect(303, `${BASE}/items/${id}?msg=concluded&id=${r.conclusion.id}&n=${r.refreshed}`);
    } catch (e) {
      if (!(e instanceof ReviewInputError)) throw e;
      const bodyHtml = itemView({
        session: sessionLocal(res),
        view,
        publishers: await listPublishers(ctx.store.db),
        values,
      });
      page(ctx, res, 'queue', view.item.url, bodyHtml, { kind: 'error', text: `Not recorded — ${e.message}` }, 400);
    }
  });

  router.post('/bulk', ...guard, async (req: Request, res: Response) => {
    const values = formOf(req);
    const filterParams = filterFromForm(values);
    const query = parseQueueQuery(filterParams, { profile: DEFAULT_PROFILE });
    try {
      let publisherDomains: string[] | undefined;
      if (query.filter.publisher) {
        const p = await getPublisher(ctx.store.db, query.filter.publisher);
        if (!p) throw new ReviewInputError('publisher', `no publisher "${query.filter.publisher}"`);
        publisherDomains = p.domains;
      }
      const selection: Parameters<ReturnType<typeof reviewOf>['bulkConclude']>[1] = { filter: query.filter };
      if (publisherDomains) selection.publisherDomains = publisherDomains;
      if (one(values, 'selection') !== 'all') {
        const ids = many(values, 'item')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0);
        if (ids.length === 0)
          throw new ReviewInputError('selection', 'tick at least one item, or choose "every item matching the filter"');
        selection.itemIds = ids;
      }
      const r = await reviewOf(ctx).bulkConclude(decisionFromForm(values), selection, actorOf(sessionLocal(res)));
      const back = new URLSearchParams(filterParams);
      back.set('msg', 'bulk');
      back.set('id', r.bulkId);
      back.set('n', String(r.conclusions));
      res.redirect(303, `${BASE}/?${back.toString()}`);
    } catch (e) {
      if (!(e instanceof ReviewInputError)) throw e;
      await renderQueue(ctx, req, res, query, {
        flash: { kind: 'error', text: `Not recorded — ${e.message}` },
        status: 400,
        bulkValues: values,
      });
    }
  });

  router.post('/conclusions/:id/revoke', ...guard, async (req: Request, res: Response) => {
    const values = formOf(req);
    const back = localPath(one(values, 'back') ?? `${BASE}/conclusions`);
    try {
      const r = await reviewOf(ctx).revoke(
        String(req.params.id),
        actorOf(sessionLocal(res)),
        one(values, 'comment') ?? '',
      );
      const sep = back.includes('?') ? '&' : '?';
      res.redirect(303, `${back}${sep}msg=revoked&id=${r.conclusion.id}&n=${r.refreshed}`);
    } catch (e) {
      if (!(e instanceof ReviewInputError) && !(e instanceof ConclusionNotFound)) throw e;
      page(
        ctx,
        res,
        'conclusions',
        'Not revoked',
        html`<h1>Not revoked</h1><p>${e.message}</p><p><a href="${back}">Back</a></p>`,
        { kind: 'error', text: e.message },
        400,
      );
    }
  });

  router.post('/publishers', ...guard, async (req: Request, res: Response) => {
    const values = formOf(req);
    try {
      const p = await reviewOf(ctx).setPublisher(
        one(values, 'name') ?? '',
        one(values, 'domains') ?? '',
        actorOf(sessionLocal(res)),
      );
      res.redirect(303, `${BASE}/publishers?msg=publisher&id=${encodeURIComponent(p.name)}`);
    } catch (e) {
      if (!(e instanceof ReviewInputError)) throw e;
      page(
        ctx,
        res,
        'publishers',
        'Publishers',
        html`<h1>Publisher not saved</h1><p>${e.message}</p><p><a href="${BASE}/publishers">Back</a></p>`,
        { kind: 'error', text: e.message },
        400,
      );
    }
  });
}
