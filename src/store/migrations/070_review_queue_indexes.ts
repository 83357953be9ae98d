import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The review queue, measured at 100,000 items (bench/dashboard): 12 narrow indexes made every sync write
 * touch 14 B-trees (most of a 500-row commit was index pages), while counts still read table rows.
 * Replaced by one wide index in the default queue order that carries every filterable column — so a
 * queue page walks it in order without table lookups to test filters, and the always-visible counts
 * are an index-only scan — plus three narrow ones for the other sort orders and a partial one for
 * expiring conclusions. Filters need three compact columns:
 * - `host_rev`: the host with its labels reversed (`www.example.com` → `com.example.www`), so "this
 *   domain and its sub-domains" is an index range instead of a suffix test;
 * - `signals`: bit i set when the verdict has evidence of signal SIGNALS[i] (no join per row);
 * - `uses_code`: the seven effective permissions, 2 bits each (src/review/queueCodes.ts).
 * review_items is derived (src/review/sync.ts), so it is emptied here and rebuilt by the next sync.
 */
const OLD = [
  'review_items_verdict',
  'review_items_conclusion',
  'review_items_expiry',
  'review_items_flagged_priority',
  'review_items_domain_priority',
  'review_items_status_priority',
  'review_items_language_priority',
  'review_items_exclude_training_priority',
  'review_items_exclude_redistribution_priority',
  'review_items_flagged_date',
  'review_items_flagged_confidence',
  'review_items_flagged_domain',
  'review_items_date',
  'review_items_priority',
];

async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of OLD) await db.schema.dropIndex(name).ifExists().execute();
  await sql`delete from review_items`.execute(db);
  await sql`delete from review_meta where key = 'sync_cursor'`.execute(db);
  await db.schema
    .alterTable('review_items')
    .addColumn('host_rev', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('review_items')
    .addColumn('signals', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('review_items')
    .addColumn('uses_code', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('review_items_queue')
    .on('review_items')
    .columns([
      'profile',
      'priority',
      'decided_at',
      'id',
      'flagged',
      'status',
      'exclude_training',
      'exclude_redistribution',
      'has_conflicts',
      'confidence_key',
      'language',
      'signals',
      'uses_code',
      'host_rev',
    ])
    .execute();
  await db.schema
    .createIndex('review_items_by_date')
    .on('review_items')
    .columns(['profile', 'decided_at', 'id'])
    .execute();
  await db.schema
    .createIndex('review_items_by_confidence')
    .on('review_items')
    .columns(['profile', 'confidence_key', 'id'])
    .execute();
  await db.schema
    .createIndex('review_items_by_host')
    .on('review_items')
    .columns(['profile', 'host_rev', 'id'])
    .execute();
  await sql`create index review_items_expiring on review_items (conclusion_expires_at) where conclusion_expires_at is not null`.execute(
    db,
  );
}

export const reviewQueueIndexes: Migration = { up };
