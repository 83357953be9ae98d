import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Initial schema (see src/store/schema.ts for what each column means). Written with Kysely's schema
 * builder so it stays portable; the two SQLite-specific parts are marked (autoincrement ids and the
 * triggers that make evidence, verdicts and the audit log append-only — PostgreSQL would use identity
 * columns and a plpgsql trigger function).
 *
 * The indexes serve the queries we know: latest verdict by URL, site history by origin, and the review
 * review queue (filters on use, outcome, signal, language, domain, confidence and date, keyset
 * pagination on (decided_at, id)) — each filter column leads an index that ends in decided_at.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fetches')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('seen_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'integer')
    .addColumn('headers_json', 'text', (c) => c.notNull())
    .addColumn('headers_sha256', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('title', 'text')
    .addColumn('body_gzip', 'blob')
    .addColumn('text_excerpt_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fetches_url').on('fetches').columns(['url', 'id']).execute();
  await db.schema.createIndex('fetches_body').on('fetches').column('body_sha256').execute();
  await db.schema.createIndex('fetches_domain').on('fetches').columns(['domain', 'fetched_at']).execute();

  await db.schema
    .createTable('site_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('seen_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('site_snapshots_file')
    .on('site_snapshots')
    .columns(['origin', 'kind', 'url', 'fetched_at', 'id'])
    .execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('location_json', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('effects_json', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('rules_version', 'text')
    .addColumn('extra_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_stable_id').on('evidence').column('evidence_id').execute();
  await db.schema.createIndex('evidence_signal').on('evidence').column('signal').execute();

  await db.schema
    .createTable('verdicts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('fetch_id', 'integer', (c) => c.notNull().references('fetches.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('use_search', 'text', (c) => c.notNull())
    .addColumn('use_ai_train', 'text', (c) => c.notNull())
    .addColumn('use_ai_input', 'text', (c) => c.notNull())
    .addColumn('use_tdm', 'text', (c) => c.notNull())
    .addColumn('use_redistribution', 'text', (c) => c.notNull())
    .addColumn('use_commercial', 'text', (c) => c.notNull())
    .addColumn('use_derivatives', 'text', (c) => c.notNull())
    .addColumn('exclude_training', 'integer', (c) => c.notNull())
    .addColumn('exclude_redistribution', 'integer', (c) => c.notNull())
    .addColumn('reservation', 'integer', (c) => c.notNull())
    .addColumn('machine_readable_reservation', 'integer', (c) => c.notNull())
    .addColumn('has_conflicts', 'integer', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('min_confidence', 'real')
    .addColumn('evidence_count', 'integer', (c) => c.notNull())
    .addColumn('verdict_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verdicts_url').on('verdicts').columns(['url', 'decided_at', 'id']).execute();
  await db.schema.createIndex('verdicts_fetch').on('verdicts').columns(['fetch_id', 'id']).execute();
  await db.schema.createIndex('verdicts_decided').on('verdicts').columns(['decided_at', 'id']).execute();
  for (const col of [
    'domain',
    'language',
    'flagged',
    'exclude_training',
    'exclude_redistribution',
    'use_search',
    'use_ai_train',
    'use_ai_input',
    'use_tdm',
    'use_redistribution',
    'use_commercial',
    'use_derivatives',
    'min_confidence',
    'rules_version',
  ]) {
    await db.schema.createIndex(`verdicts_${col}`).on('verdicts').columns([col, 'decided_at', 'id']).execute();
  }

  await db.schema
    .createTable('verdict_evidence')
    .addColumn('verdict_id', 'integer', (c) => c.notNull().references('verdicts.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('evidence_row_id', 'integer', (c) => c.notNull().references('evidence.id'))
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('decisive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('verdict_evidence_pk', ['verdict_id', 'position'])
    .execute();
  await db.schema.createIndex('verdict_evidence_row').on('verdict_evidence').column('evidence_row_id').execute();
  await db.schema
    .createIndex('verdict_evidence_signal')
    .on('verdict_evidence')
    .columns(['signal', 'verdict_id'])
    .execute();

  await db.schema
    .createTable('verdict_site_snapshots')
    .addColumn('verdict_id', 'integer', (c) => c.notNull().references('verdicts.id'))
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('site_snapshots.id'))
    .addPrimaryKeyConstraint('verdict_site_snapshots_pk', ['verdict_id', 'snapshot_id'])
    .execute();
  await db.schema
    .createIndex('verdict_site_snapshots_snapshot')
    .on('verdict_site_snapshots')
    .column('snapshot_id')
    .execute();

  await db.schema
    .createTable('latest_verdicts')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('verdict_id', 'integer', (c) => c.notNull().references('verdicts.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('latest_verdicts_pk', ['url', 'profile'])
    .execute();
  await db.schema.createIndex('latest_verdicts_verdict').on('latest_verdicts').column('verdict_id').execute();
  await db.schema
    .createIndex('latest_verdicts_decided')
    .on('latest_verdicts')
    .columns(['decided_at', 'verdict_id'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    // UNIQUE: two writers that read the same chain head cannot both append (no silent fork).
    .addColumn('prev_hash', 'text', (c) => c.unique())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject', 'id']).execute();

  // SQLite-specific: append-only tables. Corrections are new rows (conclusions overlay findings).
  for (const table of ['evidence', 'verdicts', 'verdict_evidence', 'verdict_site_snapshots', 'audit_log']) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
            `BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
        )
        .execute(db);
    }
  }
  // Snapshots may only have last_seen_at / seen_count bumped; what was fetched never changes.
  await sql
    .raw(
      `CREATE TRIGGER site_snapshots_content_immutable BEFORE UPDATE OF origin, kind, url, status, body, sha256, size, fetched_at ON site_snapshots ` +
        `BEGIN SELECT RAISE(ABORT, 'site_snapshots content is immutable'); END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER site_snapshots_no_delete BEFORE DELETE ON site_snapshots BEGIN SELECT RAISE(ABORT, 'site_snapshots is append-only: DELETE refused'); END`,
    )
    .execute(db);
}

export const initial: Migration = { up };
