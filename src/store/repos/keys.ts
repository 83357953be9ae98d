import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoNow, sha256Hex } from '../hash.js';
import type { Store } from '../open.js';
import { type Database, ROLES, type Role } from '../schema.js';
import { appendAudit } from './audit.js';

export const KEY_PREFIX = 'clr_';
/** Characters of the key kept in clear for listings: `clr_` + 6 characters. */
const SHOWN = KEY_PREFIX.length + 6;
const LABEL_MAX = 200;

export interface ApiKeyInfo {
  id: number;
  prefix: string;
  role: Role;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface Principal {
  keyId: number;
  role: Role;
  label: string;
}

export class KeyError extends Error {
  constructor(
    readonly code: 'bad_role' | 'bad_label' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** 256 random bits, base64url: `clr_` + 43 characters. */
export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return sha256Hex(key);
}

function validate(role: unknown, label: unknown): { role: Role; label: string } {
  if (!isRole(role)) throw new KeyError('bad_role', `role must be one of ${ROLES.join(', ')}; got "${String(role)}"`);
  if (typeof label !== 'string' || label.trim() === '')
    throw new KeyError('bad_label', 'label is required (e.g. "crawler-eu-1")');
  const clean = label.trim();
  if (clean.length > LABEL_MAX) throw new KeyError('bad_label', `label is longer than ${LABEL_MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(clean)) throw new KeyError('bad_label', 'label contains control characters');
  return { role, label: clean };
}

function toInfo(row: {
  id: number;
  key_prefix: string;
  role: Role;
  label: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}): ApiKeyInfo {
  return {
    id: row.id,
    prefix: row.key_prefix,
    role: row.role,
    label: row.label,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

/** Creates a key; the clear key is returned once and never stored. Audited as `key.create`. */
export async function createKey(
  store: Store,
  input: { role: unknown; label: unknown; actor: string },
): Promise<ApiKeyInfo & { key: string }> {
  const { role, label } = validate(input.role, input.label);
  const key = generateKey();
  const now = isoNow();
  return store.write(async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({
        key_hash: hashKey(key),
        key_prefix: key.slice(0, SHOWN),
        role,
        label,
        created_at: now,
        created_by: input.actor,
        revoked_at: null,
        revoked_by: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: now,
      actor: input.actor,
      action: 'key.create',
      subject: `key:${row.id}`,
      details: { role, label, prefix: row.key_prefix },
    });
    return { ...toInfo(row), key };
  });
}

/** The active (not revoked) key with this secret, or null. */
export async function findActiveKey(db: Kysely<Database>, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'role', 'label'])
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { keyId: row.id, role: row.role, label: row.label } : null;
}

export async function listKeys(
  db: Kysely<Database>,
  options: { includeRevoked?: boolean } = {},
): Promise<ApiKeyInfo[]> {
  let q = db
    .selectFrom('api_keys')
    .select(['id', 'key_prefix', 'role', 'label', 'created_at', 'created_by', 'revoked_at', 'revoked_by'])
    .orderBy('id');
  if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
  return (await q.execute()).map(toInfo);
}

export async function countActiveKeys(db: Kysely<Database>, role?: Role): Promise<number> {
  let q = db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null);
  if (role) q = q.where('role', '=', role);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Revokes a key by id or by its shown prefix (`clr_AbCdEf`). Revoking an already revoked key returns it
 * unchanged (idempotent, no second audit entry). Throws `not_found` when nothing matches.
 */
export async function revokeKey(store: Store, input: { ref: number | string; actor: string }): Promise<ApiKeyInfo> {
  const now = isoNow();
  return store.write(async (trx) => {
    let q = trx.selectFrom('api_keys').selectAll();
    if (typeof input.ref === 'number') q = q.where('id', '=', input.ref);
    else if (/^\d+$/.test(input.ref)) q = q.where('id', '=', Number(input.ref));
    else q = q.where('key_prefix', '=', input.ref);
    const rows = await q.limit(2).execute();
    if (rows.length === 0) throw new KeyError('not_found', `no API key "${input.ref}"`);
    if (rows.length > 1) throw new KeyError('not_found', `"${input.ref}" matches several keys; use the id`);
    const row = rows[0]!;
    if (row.revoked_at) return toInfo(row);
    const updated = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now, revoked_by: input.actor })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: now,
      actor: input.actor,
      action: 'key.revoke',
      subject: `key:${row.id}`,
      details: { role: row.role, label: row.label, prefix: row.key_prefix },
    });
    return toInfo(updated);
  });
}
