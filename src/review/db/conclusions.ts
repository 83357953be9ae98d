import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Conclusion, Scope } from '../../model/conclusion.js';
import { canonicalJson, isoNow, sha256Hex } from '../../store/hash.js';
import { appendAudit } from '../../store/repos/audit.js';
import type { Database } from '../../store/schema.js';
import type { ConclusionInput } from '../validate.js';
import { bumpCounter, readCounter } from './meta.js';
import { type ConclusionTable, reviewDb } from './schema.js';

export type ConclusionRow = ConclusionTable;

/** The person or key behind a decision, as the service authenticated it. */
export interface Actor {
  /** Audit actor id: `key:12`, `cli:alice`. */
  id: string;
  /** Human label (the API key's label). */
  label: string;
}

export function actorName(a: Actor): string {
  return `${a.label} (${a.id})`;
}

export function newConclusionId(): string {
  return `cn_${randomBytes(8).toString('hex')}`;
}

/** Host names a scope can touch; a conclusion is looked up by these (and their sub-domains). */
export function scopeTargets(scope: Scope): string[] {
  switch (scope.kind) {
    case 'page':
      return [new URL(scope.url).hostname.toLowerCase()];
    case 'path':
      return [new URL(scope.origin).hostname.toLowerCase()];
    case 'domain':
      return [scope.domain];
    case 'publisher':
      return [...new Set(scope.domains)];
  }
}

/** `a.b.example.com` → itself and every parent (`b.example.com`, `example.com`, `com`). */
export function hostAndParents(host: string): string[] {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** What the audit log records about a conclusion; its hash is kept on the row. */
export function conclusionContent(c: Conclusion): Record<string, unknown> {
  const { revokedAt: _r, ...content } = c;
  return content as unknown as Record<string, unknown>;
}

export function conclusionHash(c: Conclusion): string {
  return sha256Hex(canonicalJson(conclusionContent(c)));
}

export function rowToConclusion(row: ConclusionRow): Conclusion {
  const c: Conclusion = {
    id: row.id,
    action: row.action as Conclusion['action'],
    reason: row.reason as Conclusion['reason'],
    comment: row.comment,
    scope: JSON.parse(row.scope_json) as Scope,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
  if (row.permissions_json) c.permissions = JSON.parse(row.permissions_json) as Conclusion['permissions'];
  if (row.licence_ref) c.licenceRef = row.licence_ref;
  if (row.evidence_ids_json) c.evidenceIds = JSON.parse(row.evidence_ids_json) as string[];
  return c;
}

export function buildConclusion(input: ConclusionInput, actor: Actor, now: string, id = newConclusionId()): Conclusion {
  const c: Conclusion = {
    id,
    action: input.action,
    reason: input.reason,
    comment: input.comment,
    scope: input.scope,
    expiresAt: input.expiresAt ?? null,
    createdBy: actorName(actor),
    createdAt: now,
  };
  if (input.permissions) c.permissions = input.permissions;
  if (input.licenceRef) c.licenceRef = input.licenceRef;
  if (input.evidenceIds) c.evidenceIds = input.evidenceIds;
  return c;
}

/** Inserts the conclusion, its lookup targets and its audit entry (call inside `store.write`). */
export async function insertConclusion(
  trx: Kysely<Database>,
  c: Conclusion,
  actor: Actor,
  options: { bulkId?: string | null } = {},
): Promise<void> {
  const db = reviewDb(trx);
  const contentSha = conclusionHash(c);
  await db
    .insertInto('conclusions')
    .values({
      id: c.id,
      action: c.action,
      reason: c.reason,
      comment: c.comment,
      scope_kind: c.scope.kind,
      scope_json: JSON.stringify(c.scope),
      permissions_json: c.permissions ? JSON.stringify(c.permissions) : null,
      licence_ref: c.licenceRef ?? null,
      evidence_ids_json: c.evidenceIds ? JSON.stringify(c.evidenceIds) : null,
      expires_at: c.expiresAt ?? null,
      created_by: c.createdBy,
      actor: actor.id,
      created_at: c.createdAt,
      revoked_at: null,
      revoked_by: null,
      revoke_comment: null,
      content_sha256: contentSha,
      bulk_id: options.bulkId ?? null,
    })
    .execute();
  await db
    .insertInto('conclusion_targets')
    .values(scopeTargets(c.scope).map((domain) => ({ conclusion_id: c.id, domain })))
    .execute();
  await appendAudit(trx, {
    at: c.createdAt,
    actor: actor.id,
    action: 'conclusion.create',
    subject: `conclusion:${c.id}`,
    details: { conclusion: conclusionContent(c), content_sha256: contentSha, bulk_id: options.bulkId ?? undefined },
  });
  await bumpConclusionsVersion(trx);
}

export class ConclusionNotFound extends Error {
  constructor(id: string) {
    super(`no conclusion "${id}"`);
    this.name = 'ConclusionNotFound';
  }
}

/** Revokes once; revoking again returns the row unchanged (no second audit entry). */
export async function revokeConclusion(
  trx: Kysely<Database>,
  id: string,
  actor: Actor,
  comment: string,
  now = isoNow(),
): Promise<{ conclusion: Conclusion; changed: boolean }> {
  const db = reviewDb(trx);
  const row = await db.selectFrom('conclusions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ConclusionNotFound(id);
  if (row.revoked_at) return { conclusion: rowToConclusion(row), changed: false };
  await db
    .updateTable('conclusions')
    .set({ revoked_at: now, revoked_by: actorName(actor), revoke_comment: comment })
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, {
    at: now,
    actor: actor.id,
    action: 'conclusion.revoke',
    subject: `conclusion:${id}`,
    details: { comment, content_sha256: row.content_sha256 },
  });
  await bumpConclusionsVersion(trx);
  return { conclusion: { ...rowToConclusion(row), revokedAt: now }, changed: true };
}

export async function getConclusionRow(db: Kysely<Database>, id: string): Promise<ConclusionRow | undefined> {
  return reviewDb(db).selectFrom('conclusions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Conclusions (revoked ones included unless `activeOnly`) whose scope can touch this host. */
export async function conclusionsForHost(
  db: Kysely<Database>,
  host: string,
  options: { activeOnly?: boolean; now?: string } = {},
): Promise<Conclusion[]> {
  let q = reviewDb(db)
    .selectFrom('conclusions as c')
    .selectAll('c')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conclusion_targets as t')
          .select('t.conclusion_id')
          .whereRef('t.conclusion_id', '=', 'c.id')
          .where('t.domain', 'in', hostAndParents(host)),
      ),
    );
  if (options.activeOnly) {
    const now = options.now ?? isoNow();
    q = q
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]));
  }
  return (await q.orderBy('c.created_at', 'desc').execute()).map(rowToConclusion);
}

export interface ConclusionListOptions {
  /** `active`, `revoked`, `expired` or all. */
  state?: 'active' | 'revoked' | 'expired' | 'all';
  domain?: string;
  limit?: number;
  /** Keyset cursor: created_at|id of the last row of the previous page. */
  before?: { createdAt: string; id: string };
  now?: string;
}

export async function listConclusions(
  db: Kysely<Database>,
  options: ConclusionListOptions = {},
): Promise<ConclusionRow[]> {
  const now = options.now ?? isoNow();
  let q = reviewDb(db).selectFrom('conclusions as c').selectAll('c');
  if (options.state === 'active')
    q = q
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]));
  else if (options.state === 'revoked') q = q.where('c.revoked_at', 'is not', null);
  else if (options.state === 'expired') q = q.where('c.revoked_at', 'is', null).where('c.expires_at', '<=', now);
  if (options.domain) {
    const d = options.domain;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conclusion_targets as t')
          .select('t.conclusion_id')
          .whereRef('t.conclusion_id', '=', 'c.id')
          .where('t.domain', 'in', hostAndParents(d)),
      ),
    );
  }
  if (options.before) {
    const b = options.before;
    q = q.where((eb) =>
      eb.or([
        eb('c.created_at', '<', b.createdAt),
        eb.and([eb('c.created_at', '=', b.createdAt), eb('c.id', '<', b.id)]),
      ]),
    );
  }
  return q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(Math.min(options.limit ?? 100, 1000))
    .execute();
}

/** A counter bumped on every conclusion change, so long-lived caches in any process know to reload. */
export function bumpConclusionsVersion(trx: Kysely<Database>): Promise<void> {
  return bumpCounter(trx, 'conclusions_version');
}

export function conclusionsVersion(db: Kysely<Database>): Promise<string> {
  return readCounter(db, 'conclusions_version');
}

/** Every active (not revoked, not expired) conclusion with the host names it targets. */
export function listActiveConclusions(
  db: Kysely<Database>,
  now: string = isoNow(),
): Promise<{ conclusion: Conclusion; targets: string[] }[]> {
  return listConclusionEntries(db, { activeAt: now });
}

/**
 * Conclusions with the host names they target: the active ones at `activeAt`, or every one ever made
 * (revoked and expired included) when it is absent — the audit report evaluates them "as of" a date.
 */
export async function listConclusionEntries(
  db: Kysely<Database>,
  options: { activeAt?: string } = {},
): Promise<{ conclusion: Conclusion; targets: string[] }[]> {
  const rdb = reviewDb(db);
  const now = options.activeAt;
  let rows = rdb.selectFrom('conclusions as c').selectAll('c');
  let targets = rdb
    .selectFrom('conclusion_targets as t')
    .innerJoin('conclusions as c', 'c.id', 't.conclusion_id')
    .select(['t.conclusion_id', 't.domain']);
  if (now !== undefined) {
    rows = rows
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]));
    targets = targets
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]));
  }
  const byId = new Map<string, string[]>();
  for (const t of await targets.execute()) {
    const list = byId.get(t.conclusion_id) ?? [];
    list.push(t.domain);
    byId.set(t.conclusion_id, list);
  }
  return (await rows.execute()).map((r) => ({ conclusion: rowToConclusion(r), targets: byId.get(r.id) ?? [] }));
}

/**
 * The conclusions as they stood at `at`: made by then, and not yet revoked then (a later revocation is
 * undone for the view). Expiry is left to the caller's `now` (`applicableConclusions(list, url, at)`).
 */
export function conclusionsAsOf<T extends { conclusion: Conclusion }>(entries: readonly T[], at: string): T[] {
  return entries
    .filter((e) => e.conclusion.createdAt <= at && (!e.conclusion.revokedAt || e.conclusion.revokedAt > at))
    .map((e) => (e.conclusion.revokedAt ? { ...e, conclusion: { ...e.conclusion, revokedAt: null } } : e));
}
