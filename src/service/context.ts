import type { Request, Response } from 'express';
import type { Engine } from '../engine/engine.js';
import type { IngestQueue } from '../store/ingestQueue.js';
import type { Store } from '../store/open.js';
import type { ServiceConfig } from './config.js';
import type { Logger } from './logging.js';
import type { ServiceMetrics } from './metrics.js';
import type { OpenApiDocument } from './openapi/document.js';
import type { OperationSpec } from './openapi/operations.js';
import type { PageChecker } from './pageChecker.js';
import type { Validators } from './validate.js';

/** What every route handler can reach. Built once per app. */
export interface ServiceContext {
  store: Store;
  /** Stores checked pages that are ready together in one transaction (src/store/ingestQueue.ts). */
  ingests: IngestQueue;
  /** The engine as given (site reports use it); `checker` wraps a copy that captures pages. */
  engine: Engine;
  checker: PageChecker;
  config: ServiceConfig;
  metrics: ServiceMetrics;
  logger: Logger;
  doc: OpenApiDocument;
  validators: Validators;
}

/**
 * A route handler: validated input is in `req.body` (JSON), `res.locals.query` and `res.locals.params`
 * (coerced per the OpenAPI parameter schemas).
 */
export type Handler = (ctx: ServiceContext, op: OperationSpec, req: Request, res: Response) => Promise<void>;

export function queryOf<T>(res: Response): T {
  return res.locals.query as T;
}

export function paramsOf<T>(res: Response): T {
  return res.locals.params as T;
}
