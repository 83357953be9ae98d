import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SafeHtml } from '../export/html.js';
import { type Session, sameToken, sessionOf } from '../review/db/sessions.js';
import type { ServiceContext } from '../service/context.js';
import type { Role } from '../store/schema.js';

/**
 * HTTP plumbing of the dashboard: security headers, cookies, the session, CSRF checks.
 *
 * - CSP: scripts and styles only from /dashboard/assets (no inline script, no inline handler, no inline
 *   style attribute), no framing, forms only to this origin.
 * - Session cookie: HttpOnly, SameSite=Strict, Path=/dashboard, Secure when the request came over HTTPS.
 * - CSRF: every POST carries the session's synchronizer token (`_csrf`); sign-in, which has no session
 *   yet, uses a double-submit token (cookie + field). Requests whose Origin or Sec-Fetch-Site says
 *   "another site" are refused before that.
 */
export const SESSION_COOKIE = 'clr_session';
export const LOGIN_COOKIE = 'clr_login';
export const BASE = '/dashboard';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form posts, which
  // the origin check must refuse. Other sites (a crawled page opened from an item) still get no referrer.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Reads the Cookie header. Hand-written (RFC 6265 `name=value; ...`, first occurrence wins) because it is a
 * few lines and the only cookie library around is an undeclared transitive dependency of Express.
 */
export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (name in out) continue;
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeSeconds: number): void {
  const parts = [`${name}=${value}`, `Path=${BASE}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(req: Request, res: Response, name: string): void {
  setCookie(req, res, name, '', 0);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Cross-site requests are refused outright (defence in depth beside SameSite and the CSRF token): a
 * browser says where a request comes from in Sec-Fetch-Site, older ones in Origin. Clients that send
 * neither (curl, scripts) are left to the token check.
 */
export function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return origin !== 'null' && new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

export function sessionLocal(res: Response): Session {
  const s = res.locals.session as Session | undefined;
  if (!s) throw new Error('no dashboard session on this request');
  return s;
}

/** Loads the session; without one, GET pages redirect to the sign-in page and POSTs get 401. */
export function requireSession(ctx: ServiceContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = cookies(req)[SESSION_COOKIE];
    const session = token ? await sessionOf(ctx.store.db, token) : null;
    if (!session) {
      if (req.method === 'GET') {
        const back = req.originalUrl.startsWith(`${BASE}/`) ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
        res.redirect(303, `${BASE}/login${back}`);
      } else res.status(401).type('text/plain').send('Your session has ended: sign in again.');
      return;
    }
    res.locals.session = session;
    next();
  };
}

/** CSRF + origin check for every state-changing request of a signed-in user. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const session = sessionLocal(res);
  const field = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!sameOrigin(req) || !sameToken(typeof field === 'string' ? field : undefined, session.csrfToken)) {
    res
      .status(403)
      .type('text/plain')
      .send('This form has expired or did not come from this dashboard. Go back, reload the page and try again.');
    return;
  }
  next();
}

export function requireRole(roles: readonly Role[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const session = sessionLocal(res);
    if (!roles.includes(session.role)) {
      res
        .status(403)
        .type('text/plain')
        .send(`Your role (${session.role}) may not do this; it needs ${roles.join(' or ')}.`);
      return;
    }
    next();
  };
}

export function sendPage(res: Response, page: SafeHtml, status = 200): void {
  res.status(status).type('text/html; charset=utf-8').send(page.value);
}

/** `/dashboard/...` paths only: a `next` parameter can never send the user to another site. */
export function localPath(next: unknown): string {
  if (typeof next !== 'string') return `${BASE}/`;
  if (!next.startsWith(`${BASE}/`) || next.startsWith('//') || next.includes('\\')) return `${BASE}/`;
  return next;
}

export const DECIDERS: readonly Role[] = ['reviewer', 'admin'];
export const EXPORTERS: readonly Role[] = ['auditor', 'admin'];
