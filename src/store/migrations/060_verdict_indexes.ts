import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Drops the per-filter indexes 001 put on `verdicts` for the review queue. The queue lives in
 * its own `review_items` table with its own indexes and reads `verdicts` only by id, so these fourteen
 * indexes were paid on every insert (about a third of the ingest time) and never read. Kept: url
 * (GET /v1/verdicts), fetch (idempotency), decided_at and domain (time and domain scans, exports).
 */
const DROPPED = [
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
];

async function up(db: Kysely<unknown>): Promise<void> {
  for (const col of DROPPED) await db.schema.dropIndex(`verdicts_${col}`).ifExists().execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  for (const col of DROPPED)
    await db.schema
      .createIndex(`verdicts_${col}`)
      .ifNotExists()
      .on('verdicts')
      .columns([col, 'decided_at', 'id'])
      .execute();
}

export const verdictIndexes: Migration = { up, down };
