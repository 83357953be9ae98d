import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Site-level evaluations of a set of site snapshots (GET /v1/sites/{origin}): the history replays every
 * snapshot and re-evaluating each on every request cost ~75 ms a snapshot. Each state (the snapshot ids
 * in force, for one agent, profile and rules version) is evaluated once and kept here. Derived data, not
 * evidence: it is never audited, and emptying the table only costs the next request its recomputation.
 */
export const siteEvaluations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('site_evaluations')
      .addColumn('state_key', 'text', (c) => c.notNull())
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('rules_version', 'text', (c) => c.notNull())
      .addColumn('uses_json', 'text', (c) => c.notNull())
      .addColumn('evidence_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('site_evaluations_pk', ['state_key', 'agent', 'profile', 'rules_version'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('site_evaluations').execute();
  },
};
