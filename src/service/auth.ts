import type { NextFunction, Request, Response } from 'express';
import type { Store } from '../store/open.js';
import { findActiveKey, type Principal } from '../store/repos/keys.js';
import type { Role } from '../store/schema.js';
import { ApiError } from './errors.js';
import type { ServiceMetrics } from './metrics.js';
import type { RateLimiter } from './rateLimit.js';

export type { Principal };

/** Reads `Authorization: Bearer <key>`; null when the header is absent. */
export function bearerToken(req: Request): string | null {
  const h = req.get('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m)
    throw new ApiError(401, 'unauthorized', 'Authorization must be "Bearer <key>"', undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  return m[1]!;
}

/**
 * Authenticates the key, checks its role against the operation's roles, then takes a rate-limit token.
 * Keys are looked up on every request (an indexed hash lookup), so a revocation — by HTTP or by the
 * `clearance keys revoke` command in another process — takes effect on the next request.
 */
export function authorize(
  deps: { store: Store; limiter: RateLimiter; metrics: ServiceMetrics },
  roles: readonly Role[],
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req);
    if (!token)
      throw new ApiError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    const principal = await findActiveKey(deps.store.db, token);
    if (!principal)
      throw new ApiError(401, 'invalid_key', 'unknown or revoked API key', undefined, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    res.locals.principal = principal;
    if (!roles.includes(principal.role))
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not do this; allowed: ${roles.join(', ')}`);
    const rate = deps.limiter.take(principal.keyId);
    if (deps.limiter.enabled) {
      res.setHeader('RateLimit-Limit', String(rate.limit));
      res.setHeader('RateLimit-Remaining', String(rate.remaining));
    }
    if (!rate.allowed) {
      deps.metrics.rateLimited.inc({ role: principal.role });
      throw new ApiError(
        429,
        'rate_limited',
        `rate limit of ${deps.limiter.perSecond} requests/s for this key exceeded`,
        undefined,
        {
          'Retry-After': String(rate.retryAfter),
        },
      );
    }
    next();
  };
}

/** The principal of an authenticated request (routes behind `authorize`). */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new ApiError(401, 'unauthorized', 'not authenticated');
  return p;
}

export function actorOf(res: Response): string {
  const p = principalOf(res);
  return `key:${p.keyId}`;
}
