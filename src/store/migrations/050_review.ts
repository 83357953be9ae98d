import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The review workspace (see src/review/db/schema.ts): conclusions (immutable but for a
 * one-time revocation), the host names each conclusion can touch, publishers, the derived review queue,
 * its sync state, and dashboard sessions. Numbered 050 so the core store can add its own migrations
 * (002...) without colliding.
 *
 * Queue indexes: every filter the dashboard offers leads an index that continues with the sort keys of
 * the default order (priority, decided_at, id), so a filtered page is an index range walk plus LIMIT.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conclusions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_json', 'text', (c) => c.notNull())
    .addColumn('permissions_json', 'text')
    .addColumn('licence_ref', 'text')
    .addColumn('evidence_ids_json', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_comment', 'text')
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('bulk_id', 'text')
    .execute();
  await db.schema.createIndex('conclusions_created').on('conclusions').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('conclusions_expires').on('conclusions').column('expires_at').execute();

  await db.schema
    .createTable('conclusion_targets')
    .addColumn('conclusion_id', 'text', (c) => c.notNull().references('conclusions.id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conclusion_targets_pk', ['domain', 'conclusion_id'])
    .execute();

  await db.schema
    .createTable('publishers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('domains_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('verdict_id', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('has_conflicts', 'integer', (c) => c.notNull())
    .addColumn('min_confidence', 'real')
    .addColumn('confidence_key', 'real', (c) => c.notNull())
    .addColumn('det_exclude_training', 'integer', (c) => c.notNull())
    .addColumn('det_exclude_redistribution', 'integer', (c) => c.notNull())
    .addColumn('exclude_training', 'integer', (c) => c.notNull())
    .addColumn('exclude_redistribution', 'integer', (c) => c.notNull())
    .addColumn('use_search', 'text', (c) => c.notNull())
    .addColumn('use_ai_train', 'text', (c) => c.notNull())
    .addColumn('use_ai_input', 'text', (c) => c.notNull())
    .addColumn('use_tdm', 'text', (c) => c.notNull())
    .addColumn('use_redistribution', 'text', (c) => c.notNull())
    .addColumn('use_commercial', 'text', (c) => c.notNull())
    .addColumn('use_derivatives', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conclusion_id', 'text')
    .addColumn('concluded_by', 'text')
    .addColumn('concluded_at', 'text')
    .addColumn('conclusion_expires_at', 'text')
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_items_url').on('review_items').columns(['url', 'profile']).unique().execute();
  await db.schema.createIndex('review_items_verdict').on('review_items').column('verdict_id').execute();
  await db.schema.createIndex('review_items_conclusion').on('review_items').column('conclusion_id').execute();
  await db.schema.createIndex('review_items_expiry').on('review_items').column('conclusion_expires_at').execute();
  for (const lead of ['flagged', 'domain', 'status', 'language', 'exclude_training', 'exclude_redistribution']) {
    await db.schema
      .createIndex(`review_items_${lead}_priority`)
      .on('review_items')
      .columns(['profile', lead, 'priority', 'decided_at', 'id'])
      .execute();
  }
  for (const [name, cols] of [
    ['flagged_date', ['profile', 'flagged', 'decided_at', 'id']],
    ['flagged_confidence', ['profile', 'flagged', 'confidence_key', 'id']],
    ['flagged_domain', ['profile', 'flagged', 'domain', 'id']],
    ['date', ['profile', 'decided_at', 'id']],
    ['priority', ['profile', 'priority', 'decided_at', 'id']],
  ] as const) {
    await db.schema
      .createIndex(`review_items_${name}`)
      .on('review_items')
      .columns([...cols])
      .execute();
  }

  await db.schema
    .createTable('review_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dashboard_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'integer', (c) => c.notNull().references('api_keys.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();

  // SQLite-specific: a conclusion is a record of a decision. It can be revoked once (revoked_* columns
  // go from NULL to a value); nothing else about it can change, and it cannot be deleted.
  await sql
    .raw(
      `CREATE TRIGGER conclusions_immutable BEFORE UPDATE ON conclusions
       WHEN OLD.revoked_at IS NOT NULL
         OR NEW.id IS NOT OLD.id OR NEW.action IS NOT OLD.action OR NEW.reason IS NOT OLD.reason
         OR NEW.comment IS NOT OLD.comment OR NEW.scope_kind IS NOT OLD.scope_kind
         OR NEW.scope_json IS NOT OLD.scope_json OR NEW.permissions_json IS NOT OLD.permissions_json
         OR NEW.licence_ref IS NOT OLD.licence_ref OR NEW.evidence_ids_json IS NOT OLD.evidence_ids_json
         OR NEW.expires_at IS NOT OLD.expires_at OR NEW.created_by IS NOT OLD.created_by
         OR NEW.actor IS NOT OLD.actor OR NEW.created_at IS NOT OLD.created_at
         OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.bulk_id IS NOT OLD.bulk_id
       BEGIN SELECT RAISE(ABORT, 'conclusions are immutable: only a one-time revocation is allowed'); END`,
    )
    .execute(db);
  for (const table of ['conclusions', 'conclusion_targets']) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ` +
          `BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE refused'); END`,
      )
      .execute(db);
  }
}

export const review: Migration = { up };
