import type { Handler } from '../context.js';
import { checkBatch } from './batch.js';
import { checkOnePage } from './check.js';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.js';
import { REVIEW_HANDLERS } from './review.js';
import { getSite, putSiteFile } from './sites.js';
import { health, metrics, openapi } from './system.js';
import { getVerdictById, getVerdictsForUrl } from './verdicts.js';

/** Handler per OpenAPI operationId. The app refuses to start if an operation has no handler. */
export const HANDLERS: Record<string, Handler> = {
  check: checkOnePage,
  checkBatch,
  putSiteRobots: putSiteFile,
  putSiteTdmrep: putSiteFile,
  putSiteAiTxt: putSiteFile,
  putSiteRsl: putSiteFile,
  getSite,
  getVerdicts: getVerdictsForUrl,
  getVerdict: getVerdictById,
  createKey: createKeyRoute,
  listKeys: listKeysRoute,
  revokeKey: revokeKeyRoute,
  health,
  metrics,
  openapi,
  ...REVIEW_HANDLERS,
};
