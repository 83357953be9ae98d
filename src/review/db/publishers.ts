import type { Kysely } from 'kysely';
import { isoNow } from '../../store/hash.js';
import { appendAudit } from '../../store/repos/audit.js';
import type { Database } from '../../store/schema.js';
import type { Actor } from './conclusions.js';
import { reviewDb } from './schema.js';

export interface Publisher {
  id: number;
  name: string;
  domains: string[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

type Row = {
  id: number;
  name: string;
  domains_json: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
};

function toPublisher(r: Row): Publisher {
  return {
    id: r.id,
    name: r.name,
    domains: JSON.parse(r.domains_json) as string[],
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/**
 * Creates or replaces a publisher's domain list (audited as `publisher.set` with the old and new lists).
 * Conclusions already made for the publisher keep the domains they were made with: a decision covers
 * what the reviewer saw, not what the group later became.
 */
export async function setPublisher(
  trx: Kysely<Database>,
  name: string,
  domains: string[],
  actor: Actor,
  now = isoNow(),
): Promise<Publisher> {
  const db = reviewDb(trx);
  const existing = await db.selectFrom('publishers').selectAll().where('name', '=', name).executeTakeFirst();
  const json = JSON.stringify([...new Set(domains)].sort());
  if (existing && existing.domains_json === json) return toPublisher(existing);
  const label = `${actor.label} (${actor.id})`;
  if (existing) {
    await db
      .updateTable('publishers')
      .set({ domains_json: json, updated_by: label, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await db
      .insertInto('publishers')
      .values({ name, domains_json: json, created_by: label, created_at: now, updated_by: label, updated_at: now })
      .execute();
  }
  await appendAudit(trx, {
    at: now,
    actor: actor.id,
    action: 'publisher.set',
    subject: `publisher:${name}`,
    details: { name, domains: JSON.parse(json), previous: existing ? JSON.parse(existing.domains_json) : null },
  });
  const row = await db.selectFrom('publishers').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  return toPublisher(row);
}

export async function getPublisher(db: Kysely<Database>, name: string): Promise<Publisher | null> {
  const row = await reviewDb(db).selectFrom('publishers').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toPublisher(row) : null;
}

export async function listPublishers(db: Kysely<Database>): Promise<Publisher[]> {
  return (await reviewDb(db).selectFrom('publishers').selectAll().orderBy('name').execute()).map(toPublisher);
}
