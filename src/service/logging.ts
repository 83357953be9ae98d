import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (or a given stream); `silent` for tests. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: 'clearance' } }, destination ?? process.stdout);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a UUID), echoes it in the
 * response, and logs one line per request when it finishes: method, route template, status, duration, key.
 * Bodies and keys are never logged.
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    const start = process.hrtime.bigint();
    res.locals.requestId = id;
    res.locals.log = logger.child({ reqId: id });
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const entry = {
        method: req.method,
        route: (res.locals.route as string | undefined) ?? 'unmatched',
        status: res.statusCode,
        ms: Math.round(ms * 100) / 100,
        keyId: res.locals.principal?.keyId,
        role: res.locals.principal?.role,
      };
      const log = res.locals.log as Logger;
      if (res.statusCode >= 500) log.error(entry, 'request failed');
      else log.info(entry, 'request');
    });
    next();
  };
}

/** The request's child logger (set by `requestLogging`). */
export function logOf(res: Response): Logger {
  return res.locals.log as Logger;
}
