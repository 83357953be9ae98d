import type { Kysely } from 'kysely';
import { canonicalJson, isoNow, sha256Hex } from '../hash.js';
import type { AuditLogTable, Database } from '../schema.js';

export interface AuditEntryInput {
  /** Who: `key:<id>` for API keys, `cli:<user>` for the command line, `system`. */
  actor: string;
  /** Dotted verb, e.g. `key.create`, `key.revoke`. */
  action: string;
  /** What it was done to, e.g. `key:12`. */
  subject: string;
  details?: Record<string, unknown>;
  at?: string;
}

export type AuditRow = Omit<AuditLogTable, 'id'> & { id: number };

/**
 * The chain link: sha256 over the previous entry's hash and the canonical JSON of this entry's stored
 * columns. Computed from what is stored, so a verifier recomputes
 * each row's hash and compares it and `prev_hash` with its predecessor.
 */
export function auditEntryHash(
  prevHash: string | null,
  entry: Pick<AuditLogTable, 'at' | 'actor' | 'action' | 'subject' | 'details_json'>,
): string {
  const body = canonicalJson({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details_json: entry.details_json,
  });
  return sha256Hex(`${prevHash ?? ''}\n${body}`);
}

/** Appends one entry to the chain. Call inside `store.write` so reading the head and appending are atomic. */
export async function appendAudit(
  trx: Kysely<Database>,
  input: AuditEntryInput,
): Promise<{ id: number; hash: string }> {
  const head = await trx.selectFrom('audit_log').select(['hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = head?.hash ?? null;
  const entry = {
    at: input.at ?? isoNow(),
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    details_json: canonicalJson(input.details ?? {}),
  };
  const hash = auditEntryHash(prevHash, entry);
  const row = await trx
    .insertInto('audit_log')
    .values({ ...entry, prev_hash: prevHash, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, hash };
}

/** Entries in chain order, after `afterId` (keyset pagination). */
export async function listAudit(
  db: Kysely<Database>,
  options: { afterId?: number; limit?: number } = {},
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', options.afterId ?? 0)
    .orderBy('id')
    .limit(options.limit ?? 1000)
    .execute();
}
