import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoNow, sha256Hex } from '../../store/hash.js';
import { findActiveKey } from '../../store/repos/keys.js';
import type { Database, Role } from '../../store/schema.js';
import { reviewDb } from './schema.js';

/**
 * Dashboard sessions, kept server-side: the cookie carries 256 random bits, the table only their hash
 * (a copy of the database cannot be replayed as a cookie). A session ends at sign-out, after
 * `IDLE_MS` without use, after `ABSOLUTE_MS` in any case, or as soon as its API key is revoked.
 */
export const IDLE_MS = 60 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Roles that may sign in to the dashboard (crawler keys are for machines). */
export const DASHBOARD_ROLES: readonly Role[] = ['reviewer', 'auditor', 'admin'];

export interface Session {
  tokenHash: string;
  keyId: number;
  role: Role;
  label: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export type SignInResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'invalid_key' | 'role' };

function token(): string {
  return randomBytes(32).toString('base64url');
}

export async function signIn(db: Kysely<Database>, apiKey: string, now = new Date()): Promise<SignInResult> {
  const principal = await findActiveKey(db, apiKey.trim());
  if (!principal) return { ok: false, reason: 'invalid_key' };
  if (!DASHBOARD_ROLES.includes(principal.role)) return { ok: false, reason: 'role' };
  // Sessions over a week past their end are of no use to anyone: drop them as new ones start.
  const stale = new Date(now.getTime() - 7 * 24 * 3600 * 1000).toISOString();
  await reviewDb(db)
    .deleteFrom('dashboard_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', stale), eb('ended_at', '<', stale)]))
    .execute();
  const t = token();
  const session: Session = {
    tokenHash: sha256Hex(t),
    keyId: principal.keyId,
    role: principal.role,
    label: principal.label,
    csrfToken: token(),
    createdAt: isoNow(now),
    expiresAt: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
  };
  await reviewDb(db)
    .insertInto('dashboard_sessions')
    .values({
      token_hash: session.tokenHash,
      key_id: session.keyId,
      role: session.role,
      label: session.label,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
      ended_at: null,
    })
    .execute();
  return { ok: true, token: t, session };
}

/** The live session for a cookie token, or null (unknown, ended, idle too long, expired, key revoked). */
export async function sessionOf(db: Kysely<Database>, cookieToken: string, now = new Date()): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieToken)) return null;
  const hash = sha256Hex(cookieToken);
  const rdb = reviewDb(db);
  const row = await rdb
    .selectFrom('dashboard_sessions as s')
    .innerJoin('api_keys as k', 'k.id', 's.key_id')
    .select([
      's.token_hash',
      's.key_id',
      'k.role',
      'k.label',
      's.csrf_token',
      's.created_at',
      's.expires_at',
      's.last_seen_at',
    ])
    .where('s.token_hash', '=', hash)
    .where('s.ended_at', 'is', null)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const t = now.getTime();
  if (Date.parse(row.expires_at) <= t || Date.parse(row.last_seen_at) + IDLE_MS <= t) return null;
  if (!DASHBOARD_ROLES.includes(row.role)) return null;
  // Touch at most once a minute: a page view should not always be a write.
  if (t - Date.parse(row.last_seen_at) > 60_000)
    await rdb
      .updateTable('dashboard_sessions')
      .set({ last_seen_at: isoNow(now) })
      .where('token_hash', '=', hash)
      .execute();
  return {
    tokenHash: row.token_hash,
    keyId: row.key_id,
    role: row.role,
    label: row.label,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export async function signOut(db: Kysely<Database>, tokenHash: string, now = new Date()): Promise<void> {
  await reviewDb(db)
    .updateTable('dashboard_sessions')
    .set({ ended_at: isoNow(now) })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Constant-time comparison of two tokens (CSRF). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
