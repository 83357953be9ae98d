import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { auditRulesInForce } from '../../src/audit/rules';
import { verifyAuditLog } from '../../src/audit/verifyLog';
import { Review } from '../../src/review/service';
import { openStore, type Store } from '../../src/store/open';
import { createKey } from '../../src/store/repos/keys';
import { alice, engine, storePage, TDM_RESERVED, tempStore } from '../review/helpers';

const root = join(__dirname, '..', '..');

function cli(db: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin', 'clearance.js'), 'audit', ...args, '--db', db], {
    encoding: 'utf8',
  });
}

/** A store with keys, conclusions and a revocation in its audit log. */
async function populated(): Promise<{ store: Store; db: string; cleanup: () => Promise<void> }> {
  const t = await tempStore();
  await createKey(t.store, { role: 'reviewer', label: 'alice', actor: 'cli:test' });
  await createKey(t.store, { role: 'crawler', label: 'crawler-1', actor: 'cli:test' });
  await storePage(t.store, 'https://ex.com/a', TDM_RESERVED());
  const review = new Review(t.store, engine);
  await review.sync();
  const { conclusion } = await review.createConclusion(
    {
      action: 'confirm',
      reason: 'VERIFIED_WITH_PUBLISHER',
      comment: 'asked them',
      scope: { kind: 'domain', domain: 'ex.com' },
    },
    alice,
  );
  await review.createConclusion(
    { action: 'confirm', reason: 'OTHER', comment: 'second', scope: { kind: 'page', url: 'https://ex.com/a' } },
    alice,
  );
  await review.revoke(conclusion.id, alice, 'superseded');
  await auditRulesInForce(t.store, engine.resources);
  return { store: t.store, db: join(t.dir, 'clearance.db'), cleanup: t.cleanup };
}

/** Tampering means going around the append-only triggers, as someone with file access could. */
async function dropTriggers(store: Store): Promise<void> {
  for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'conclusions_immutable'])
    await sql.raw(`drop trigger if exists ${t}`).execute(store.db);
}

describe('audit verify', () => {
  test('an intact log verifies: exit 0, entry count and head hash', async () => {
    const { store, db, cleanup } = await populated();
    try {
      const r = await verifyAuditLog(store.db);
      expect(r.ok).toBe(true);
      expect(r.entries).toBeGreaterThanOrEqual(6);
      await store.close();
      const p = cli(db, 'verify');
      expect(p.status).toBe(0);
      expect(p.stdout).toMatch(new RegExp(`audit log OK: ${r.entries} entries, head ${r.head}`));
      expect(cli(db, 'verify', '--anchor', r.head!).status).toBe(0);
    } finally {
      await cleanup();
    }
  });

  test('a row edited directly in SQLite is caught, named by its id (exit 1)', async () => {
    const { store, db, cleanup } = await populated();
    try {
      await dropTriggers(store);
      const victim = await store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'conclusion.create')
        .executeTakeFirstOrThrow();
      await sql`update audit_log set actor = 'key:999' where id = ${victim.id}`.execute(store.db);
      await store.close();
      const p = cli(db, 'verify');
      expect(p.status).toBe(1);
      expect(p.stderr).toContain(`audit log BROKEN at entry #${victim.id}`);
      expect(p.stderr).toContain('edited');
    } finally {
      await cleanup();
    }
  });

  test('a deleted middle entry and a cut tail are caught', async () => {
    const { store, cleanup } = await populated();
    try {
      await dropTriggers(store);
      const ids = (await store.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
      await sql`delete from audit_log where id = ${ids[ids.length - 1]!}`.execute(store.db);
      let r = await verifyAuditLog(store.db);
      expect(r.problem?.kind).toBe('tail');
      await sql`delete from audit_log where id = ${ids[1]!}`.execute(store.db);
      r = await verifyAuditLog(store.db);
      expect(r.problem).toMatchObject({ id: ids[2], kind: 'chain' });
    } finally {
      await cleanup();
    }
  });

  test('an anchor that is no longer in the chain is caught', async () => {
    const { store, cleanup } = await populated();
    try {
      const r = await verifyAuditLog(store.db, { anchor: 'f'.repeat(64) });
      expect(r.problem?.kind).toBe('anchor');
    } finally {
      await cleanup();
    }
  });

  test('records that disagree with the log: an edited conclusion, an escalated key role', async () => {
    const { store, cleanup } = await populated();
    try {
      await dropTriggers(store);
      await sql`update conclusions set comment = 'rewritten later' where revoked_at is null`.execute(store.db);
      expect((await verifyAuditLog(store.db)).problem?.reason).toMatch(/differs from what the audit log recorded/);
    } finally {
      await cleanup();
    }
    const second = await populated();
    try {
      await sql`update api_keys set role = 'admin' where label = 'crawler-1'`.execute(second.store.db);
      expect((await verifyAuditLog(second.store.db)).problem?.reason).toMatch(/API key \d+ differs/);
    } finally {
      await second.cleanup();
    }
  });

  test('profile and rules changes are audited once per change', async () => {
    const { store, cleanup } = await populated();
    try {
      expect(await auditRulesInForce(store, engine.resources)).toBe(0);
      const fake = { ...engine.resources, rulesHash: 'x'.repeat(64), rulesVersion: 'test+changed' };
      expect(await auditRulesInForce(store, fake)).toBe(1);
      const actions = (await store.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions.filter((a) => a === 'rules.loaded')).toHaveLength(2);
      expect(actions.filter((a) => a === 'profile.change').length).toBeGreaterThanOrEqual(2);
      expect((await verifyAuditLog(store.db)).ok).toBe(true);
    } finally {
      await cleanup();
    }
  });

  test('a missing database file is created empty and verifies', async () => {
    const t = await tempStore();
    try {
      const s = await openStore({ path: join(t.dir, 'fresh.db') });
      expect(await verifyAuditLog(s.db)).toMatchObject({ ok: true, entries: 0, head: null });
      await s.close();
    } finally {
      await t.cleanup();
    }
  });
});
