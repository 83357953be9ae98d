import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Engine } from '../engine/engine.js';
import { IngestQueue } from '../store/ingestQueue.js';
import type { Store } from '../store/open.js';
import { authorize } from './auth.js';
import { InlineCheckRunner, PooledCheckRunner } from './checks/runner.js';
import { DEFAULT_CONFIG, type ServiceConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { badEncoding, isDecodingError } from './encoding.js';
import { ApiError, errorBody } from './errors.js';
import { createLogger, type Logger, requestLogging } from './logging.js';
import { ServiceMetrics } from './metrics.js';
import { openApiDocument } from './openapi/document.js';
import { NDJSON_TYPES, OPERATIONS, type OperationSpec } from './openapi/operations.js';
import { PageChecker } from './pageChecker.js';
import { RateLimiter } from './rateLimit.js';
import { stopReview } from './review.js';
import { HANDLERS } from './routes/index.js';
import { assertValid, createValidators } from './validate.js';

export interface CreateAppOptions {
  store: Store;
  /** Built once per process; default: a new Engine with the packaged rules. */
  engine?: Engine;
  config?: Partial<ServiceConfig>;
  logger?: Logger;
  /**
   * Extra routes mounted before the 404 and error handlers (the review dashboard, src/dashboard/, mounts here). They get
   * the same context: store, engine, metrics, logger, config.
   */
  mount?: ((app: Express, ctx: ServiceContext) => void)[];
}

export interface ServiceApp {
  app: Express;
  ctx: ServiceContext;
  /** Stops the check workers (the store is the caller's to close). */
  close(): Promise<void>;
}

/** `/v1/sites/{origin}` → `/v1/sites/:origin`. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

type Middleware = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;

function bodyMiddleware(op: OperationSpec, config: ServiceConfig): Middleware[] {
  const body = op.body;
  if (!body) return [];
  if (body.kind === 'json') {
    const types = ['application/json', 'application/*+json'];
    return [
      (req, _res, next) => {
        if (req.is(types) === null || req.get('content-length') === '0')
          throw new ApiError(400, 'invalid_body', 'a JSON request body is required');
        if (!req.is(types)) throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
        next();
      },
      express.json({ limit: config.maxBodyBytes, type: () => true, strict: true }),
    ];
  }
  if (body.kind === 'ndjson')
    return [
      (req, _res, next) => {
        if (req.is(NDJSON_TYPES) === null || req.get('content-length') === '0')
          throw new ApiError(400, 'invalid_body', 'an NDJSON request body is required');
        if (!req.is(NDJSON_TYPES))
          throw new ApiError(415, 'unsupported_media_type', `Content-Type must be one of ${NDJSON_TYPES.join(', ')}`);
        next();
      },
    ];
  return [
    (req, _res, next) => {
      if (req.is(body.types) === false)
        throw new ApiError(415, 'unsupported_media_type', `Content-Type must be one of ${body.types.join(', ')}`);
      next();
    },
    express.text({ type: () => true, limit: config.maxSiteFileBytes, defaultCharset: 'utf-8' }),
  ];
}

/**
 * The path parameter that does not percent-decode (`/v1/verdicts/%E0%A4%A`), found by matching the path
 * against the operation templates; `path` when no template fits (a mounted route).
 */
function undecodableParam(path: string): string {
  const parts = path.split('/');
  for (const op of OPERATIONS) {
    const template = op.path.split('/');
    if (template.length !== parts.length) continue;
    let name: string | undefined;
    const fits = template.every((t, i) => {
      const param = /^\{(.+)\}$/.exec(t)?.[1];
      if (!param) return t === parts[i];
      try {
        decodeURIComponent(parts[i]!);
      } catch {
        name ??= param;
      }
      return true;
    });
    if (fits && name) return name;
  }
  return 'path';
}

/** body-parser and other library errors → API errors; anything unknown → 500 without details. */
function toApiError(err: unknown, config: ServiceConfig, req?: Request): ApiError | null {
  if (err instanceof ApiError) return err;
  // The router could not percent-decode a path parameter (it marks that URIError with status 400).
  if (err instanceof URIError && (err as { status?: unknown }).status === 400)
    return new ApiError(
      400,
      'invalid_path',
      `${err.message}: a path parameter must be percent-encoded UTF-8`,
      undecodableParam(req?.path ?? ''),
    );
  const e = err as { type?: string; status?: number; limit?: number; code?: string };
  if (isDecodingError(err)) return badEncoding(req?.get('content-encoding') ?? '', err as Error);
  switch (e?.type) {
    case 'entity.too.large':
      return new ApiError(
        413,
        'too_large',
        `request body is larger than the limit of ${e.limit ?? config.maxBodyBytes} bytes`,
      );
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', (err as Error).message);
    case 'request.aborted':
      return new ApiError(400, 'aborted', 'the client aborted the request');
    case 'request.size.invalid':
      return new ApiError(400, 'invalid_body', 'request size did not match Content-Length');
  }
  return null;
}

/**
 * The HTTP service as an Express app, without listening (tests use supertest; `clearance serve` listens).
 * Routes, validation and role checks come from the operation table (openapi/operations.ts).
 */
export function createApp(options: CreateAppOptions): ServiceApp {
  const config: ServiceConfig = { ...DEFAULT_CONFIG, ...options.config };
  const engine = options.engine ?? new Engine();
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = new ServiceMetrics(options.store);
  const doc = openApiDocument();
  const validators = createValidators(doc);
  const runner =
    config.checkWorkers > 0
      ? new PooledCheckRunner({
          threads: config.checkWorkers,
          maxQueue: config.checkQueue,
          hardLimitMs: config.checkHardLimitMs,
          maxBytes: engine.maxBytes,
          heapMb: config.checkWorkerHeapMb,
        })
      : new InlineCheckRunner(engine);
  const checker = new PageChecker({
    runner,
    engine,
    budgetMs: config.checkBudgetMs,
    hardLimitMs: config.checkHardLimitMs,
    store: options.store,
    storeBodies: config.storeBodies,
    maxExcerptChars: config.maxExcerptChars,
    maxSiteFileBytes: config.maxSiteFileBytes,
  });
  const ctx: ServiceContext = {
    store: options.store,
    ingests: new IngestQueue(options.store),
    engine,
    checker,
    config,
    metrics,
    logger,
    doc,
    validators,
  };
  const limiter = new RateLimiter(config.rateLimit.perSecond, config.rateLimit.burst);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  app.use(helmet());
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (res.locals.route as string | undefined) ?? 'unmatched';
      metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  });

  const methodsByPath = new Map<string, string[]>();
  for (const op of OPERATIONS) {
    const handler = HANDLERS[op.id];
    if (!handler) throw new Error(`no handler for OpenAPI operation ${op.id}`);
    const path = expressPath(op.path);
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), op.method.toUpperCase()]);
    const chain: Middleware[] = [
      (_req, res, next) => {
        res.locals.route = op.path;
        next();
      },
    ];
    if (op.roles !== 'public') chain.push(authorize({ store: options.store, limiter, metrics }, op.roles));
    chain.push(...bodyMiddleware(op, config));
    chain.push((req, res, next) => {
      const params = { ...req.params };
      const pathValidator = validators.params(op, 'path');
      if (pathValidator) assertValid(pathValidator, params, 'path');
      const query = { ...(req.query as Record<string, unknown>) };
      assertValid(validators.params(op, 'query')!, query, 'query');
      if (op.body?.kind === 'json') assertValid(validators.body(op.body.schema), req.body, 'body');
      res.locals.params = params;
      res.locals.query = query;
      next();
    });
    chain.push(async (req, res) => {
      await handler(ctx, op, req, res);
    });
    app[op.method](path, ...chain);
  }
  // A known path with another method: 405 naming the allowed ones.
  for (const [path, methods] of methodsByPath)
    app.all(path, (_req, res) => {
      res.locals.route = path;
      res.setHeader('Allow', methods.join(', '));
      throw new ApiError(405, 'method_not_allowed', `use ${methods.join(' or ')} here`);
    });

  for (const m of options.mount ?? []) m(app, ctx);

  app.use((req, _res) => {
    throw new ApiError(404, 'not_found', `no route ${req.method} ${req.path}`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestId = res.locals.requestId as string | undefined;
    const apiError = toApiError(err, config, req);
    const log = (res.locals.log as Logger | undefined) ?? logger;
    if (!apiError) log.error({ err }, 'unhandled error');
    else if (apiError.status >= 500) log.error({ err }, apiError.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const e =
      apiError ??
      new ApiError(500, 'internal', `internal error; the server log has the details under request id ${requestId}`);
    for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
    // A handler may have set its own Content-Type before failing (a batch sets NDJSON first): the error is JSON.
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.status(e.status).json(errorBody(e.code, e.message, e.field, requestId));
  });
  return {
    app,
    ctx,
    close: async () => {
      stopReview(options.store);
      await runner.close();
    },
  };
}
