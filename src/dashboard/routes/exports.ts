import type { Request, Response, Router } from 'express';
import { html } from '../../export/html.js';
import type { ReportFormat } from '../../export/run.js';
import { DEFAULT_PROFILE } from '../../policy/profile.js';
import { ReviewInputError } from '../../review/validate.js';
import type { ServiceContext } from '../../service/context.js';
import { reportOptionsOf, sendExclusions, sendReport } from '../../service/routes/review.js';
import { EXPORTERS, requireRole, requireSession, sessionLocal } from '../http.js';
import { page } from './pages.js';

const REPORT = /^report\.(json|csv|html)$/;
const EXCLUSIONS = /^exclusions-(ai-train|redistribution)\.(jsonl|csv)$/;
const REPORT_KEYS = ['profile', 'from', 'to', 'domain', 'use', 'outcome', 'exclude', 'flagged'];
const EXCLUSION_KEYS = ['profile', 'from', 'to', 'domain'];

function pick(q: Record<string, unknown>, keys: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of keys) if (typeof q[k] === 'string' && q[k] !== '') out[k] = q[k] as string;
  return out;
}

/**
 * The export buttons: same writers and audit entries as GET /v1/exports/..., authenticated by the
 * session (auditor or admin). Plain GET downloads: the session cookie is SameSite=Strict, so another
 * site cannot trigger one.
 */
export function exportRoutes(router: Router, ctx: ServiceContext): void {
  router.get('/export/:file', requireSession(ctx), requireRole(EXPORTERS), async (req: Request, res: Response) => {
    const s = sessionLocal(res);
    const actor = { id: `key:${s.keyId}`, label: s.label };
    const file = String(req.params.file);
    const q = req.query as Record<string, unknown>;
    try {
      const report = REPORT.exec(file);
      if (report) {
        const query = pick(q, REPORT_KEYS);
        for (const k of ['use', 'outcome', 'exclude'] as const)
          if (query[k] !== undefined && !/^[a-z-]+$/.test(query[k]!)) throw new ReviewInputError(k, 'is not valid');
        await sendReport(
          ctx,
          res,
          reportOptionsOf({ profile: DEFAULT_PROFILE, ...query }),
          report[1] as ReportFormat,
          actor,
        );
        return;
      }
      const excl = EXCLUSIONS.exec(file);
      if (excl) {
        await sendExclusions(ctx, res, { ...pick(q, EXCLUSION_KEYS), use: excl[1], format: excl[2] }, actor);
        return;
      }
      res.status(404).type('text/plain').send('No such export.');
    } catch (e) {
      if (!(e instanceof ReviewInputError) || res.headersSent) throw e;
      page(
        ctx,
        res,
        'queue',
        'Export',
        html`<h1>Export not made</h1><p>${e.message}</p>`,
        { kind: 'error', text: e.message },
        400,
      );
    }
  });
}
