import type { Migration, MigrationProvider } from 'kysely/migration';
import { initial } from './001_initial.js';
import { review } from './050_review.js';
import { verdictIndexes } from './060_verdict_indexes.js';
import { reviewQueueIndexes } from './070_review_queue_indexes.js';
import { siteEvaluations } from './080_site_evaluations.js';

/**
 * Every migration, by name (applied in name order). Static imports rather than Kysely's
 * FileMigrationProvider: that one uses dynamic import(), which the CJS build under jest cannot run.
 * A new migration = a new file `NNN_what.ts` + one line here; never edit an applied one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': initial,
  '050_review': review,
  '060_verdict_indexes': verdictIndexes,
  '070_review_queue_indexes': reviewQueueIndexes,
  '080_site_evaluations': siteEvaluations,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
