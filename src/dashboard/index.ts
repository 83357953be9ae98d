import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response, Router } from 'express';
import { html } from '../export/html.js';
import { projectRoot } from '../rules/root.js';
import type { ServiceContext } from '../service/context.js';
import { BASE, securityHeaders } from './http.js';
import { actionRoutes } from './routes/actions.js';
import { exportRoutes } from './routes/exports.js';
import { pageRoutes } from './routes/pages.js';

/**
 * The review dashboard, mounted by the service at /dashboard (`createApp({mount: [mountDashboard]})`):
 * server-rendered pages (src/dashboard/views), one small script and one stylesheet
 * (src/dashboard/assets), Chart.js served from its own package. Where things go:
 * - a new page: a view in views/ + a route in routes/pages.ts;
 * - a new form action: routes/actions.ts (CSRF and role checks are applied there);
 * - a new export button: routes/exports.ts, reusing src/export/run.ts.
 */
export function mountDashboard(app: Express, ctx: ServiceContext): void {
  const router = Router();
  router.use(securityHeaders);

  const assets = join(projectRoot(), 'src', 'dashboard', 'assets');
  // chart.js's `exports` map hides dist/; its UMD build sits next to the CommonJS entry point.
  const chartJs = join(dirname(createRequire(__filename).resolve('chart.js')), 'chart.umd.min.js');
  const staticOptions = { maxAge: '1h', immutable: false, index: false, fallthrough: false } as const;
  router.get('/assets/chart.umd.min.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(chartJs);
  });
  router.use('/assets', (_req, res, next) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    next();
  });
  router.use('/assets', express.static(assets, staticOptions));

  router.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 6000 }));
  pageRoutes(router, ctx);
  actionRoutes(router, ctx);
  exportRoutes(router, ctx);

  router.use((_req: Request, res: Response) => {
    res
      .status(404)
      .type('text/html; charset=utf-8')
      .send(
        html`<!doctype html><title>Not found</title><p>No such dashboard page. <a href="${BASE}/">Back to the queue</a>.</p>`
          .value,
      );
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const requestId = res.locals.requestId as string | undefined;
    const e = err as { status?: number; type?: string };
    const status =
      e?.type === 'entity.too.large' ? 413 : e?.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    if (status >= 500) ctx.logger.error({ err, requestId }, 'dashboard error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        html`<!doctype html><title>Error</title><p>${
          status >= 500
            ? `Something went wrong (request ${requestId ?? '?'}; the server log has the details).`
            : 'The request could not be handled.'
        } <a href="${BASE}/">Back to the queue</a>.</p>`.value,
      );
  });
  app.use(BASE, router);
}
