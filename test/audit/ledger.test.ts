import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { lastAnchor } from '../../src/audit/anchors';
import { checkpointLedger } from '../../src/audit/ledger';
import { verifyAuditLog } from '../../src/audit/verifyLog';
import { startService } from '../../src/serve/startService';
import { resolveConfig } from '../../src/service/config';
import { openStore, type Store } from '../../src/store/open';
import { engine, storePage, TDM_RESERVED, tempStore } from '../review/helpers';

/** Issue 12: verdicts and evidence are sealed into the audit chain; tampering with them is caught. */
const root = join(__dirname, '..', '..');

function cli(db: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin', 'clearance.js'), 'audit', ...args, '--db', db], {
    encoding: 'utf8',
  });
}

async function withPages(n: number) {
  const t = await tempStore();
  for (let i = 0; i < n; i++) await storePage(t.store, `https://ex${i % 2}.com/p${i}`, TDM_RESERVED());
  return { ...t, db: join(t.dir, 'clearance.db') };
}

async function dropTriggers(store: Store): Promise<void> {
  for (const table of ['verdicts', 'evidence', 'verdict_evidence', 'audit_log'])
    for (const op of ['update', 'delete']) await sql.raw(`drop trigger if exists ${table}_no_${op}`).execute(store.db);
}

describe('ledger checkpoints', () => {
  test('a checkpoint seals every row; verify checks them; later rows are reported as not sealed yet', async () => {
    const t = await withPages(3);
    try {
      const before = await verifyAuditLog(t.store.db);
      expect(before.ok).toBe(true);
      expect(before.ledger.uncovered.verdicts).toBe(3);
      const c = await checkpointLedger(t.store, 'test');
      expect(c.created).toBe(true);
      expect(c.state.verdicts.count).toBe(3);
      expect(c.state.evidence.count).toBeGreaterThan(0);
      // Nothing new: no second entry.
      expect((await checkpointLedger(t.store, 'test')).created).toBe(false);
      await storePage(t.store, 'https://ex9.com/new', TDM_RESERVED());
      const after = await verifyAuditLog(t.store.db);
      expect(after).toMatchObject({ ok: true, ledger: { checkpoints: 1, uncovered: { verdicts: 1 } } });
      const c2 = await checkpointLedger(t.store, 'test');
      expect(c2.state.verdicts).toMatchObject({ toId: 4, count: 4 });
      expect((await verifyAuditLog(t.store.db)).ledger).toEqual({
        checkpoints: 2,
        uncovered: { verdicts: 0, evidence: 0 },
      });
    } finally {
      await t.cleanup();
    }
  });

  test.each([
    [
      'an edited verdict',
      `update verdicts set use_tdm = 'allowed', exclude_training = 0 where id = 2`,
      /verdicts rows #1–#3 .*a row edited/,
    ],
    [
      'an edited verdict_json',
      `update verdicts set verdict_json = replace(verdict_json, 'denied', 'allowed') where id = 1`,
      /verdicts .*a row edited/,
    ],
    ['a deleted verdict', 'delete from verdicts where id = 3', /verdicts rows #1–#3 .*1 row\(s\) deleted/],
    [
      'an edited evidence row',
      `update evidence set excerpt = 'nothing here' where id = 1`,
      /evidence rows .*a row edited/,
    ],
    ['an evidence link removed', 'delete from verdict_evidence where verdict_id = 1', /verdicts .*a row edited/],
    [
      'a verdict inserted into a sealed range',
      `insert into verdicts select 3, fetch_id, url, origin, domain, profile, agent, rules_version, site_key, decided_at, language, use_search, use_ai_train, use_ai_input, use_tdm, use_redistribution, use_commercial, use_derivatives, exclude_training, exclude_redistribution, reservation, machine_readable_reservation, has_conflicts, flagged, min_confidence, evidence_count, verdict_json from verdicts where id = 1`,
      /verdicts .*row\(s\) inserted|a row edited/,
    ],
  ])('%s is caught by audit verify (exit 1, range named)', async (_name, statement, reason) => {
    const t = await withPages(3);
    try {
      await checkpointLedger(t.store, 'test');
      await dropTriggers(t.store);
      await sql`pragma foreign_keys = off`.execute(t.store.db);
      if (statement.startsWith('insert'))
        await sql.raw('delete from verdict_evidence where verdict_id = 3').execute(t.store.db);
      if (statement.startsWith('insert'))
        await sql.raw('delete from verdict_site_snapshots where verdict_id = 3').execute(t.store.db);
      if (statement.startsWith('insert'))
        await sql.raw('delete from latest_verdicts where verdict_id = 3').execute(t.store.db);
      if (statement.startsWith('insert')) await sql.raw('delete from verdicts where id = 3').execute(t.store.db);
      if (statement.startsWith('delete from verdicts')) {
        await sql.raw('delete from verdict_evidence where verdict_id = 3').execute(t.store.db);
        await sql.raw('delete from latest_verdicts where verdict_id = 3').execute(t.store.db);
        await sql.raw('delete from verdict_site_snapshots where verdict_id = 3').execute(t.store.db);
      }
      await sql.raw(statement).execute(t.store.db);
      const r = await verifyAuditLog(t.store.db);
      expect(r.ok).toBe(false);
      expect(r.problem?.kind).toBe('ledger');
      expect(r.problem?.reason).toMatch(reason);
      await t.store.close();
      const p = cli(t.db, 'verify');
      expect(p.status).toBe(1);
      expect(p.stderr).toMatch(/audit log BROKEN .*\(ledger\)/);
    } finally {
      await t.cleanup();
    }
  });

  test('audit checkpoint prints the anchor and keeps it in the anchor file; a cut tail is then caught', async () => {
    const t = await withPages(2);
    try {
      await t.store.close();
      const p = cli(t.db, 'checkpoint');
      expect(p.status).toBe(0);
      const anchor = /anchor ([0-9a-f]{64})/.exec(p.stdout)?.[1];
      expect(anchor).toBeDefined();
      expect(p.stdout).toMatch(/checkpoint entry #\d+: verdicts 1–2 \(2\)/);
      expect(lastAnchor(`${t.db}.anchors`)?.anchor).toBe(anchor);
      expect(cli(t.db, 'verify').stdout).toMatch(/not yet sealed: 0 verdicts, 0 evidence; anchor file .* holds/);

      // Cut the checkpoint entry from the end of the log and hide it from SQLite's sequence, as the
      // attack in issue 12 did: the chain alone still links, the anchor file does not.
      const s = await openStore({ path: t.db });
      await dropTriggers(s);
      await sql`delete from audit_log where id = (select max(id) from audit_log)`.execute(s.db);
      await sql`update sqlite_sequence set seq = (select max(id) from audit_log) where name = 'audit_log'`.execute(
        s.db,
      );
      await s.close();
      const v = cli(t.db, 'verify');
      expect(v.status).toBe(1);
      expect(v.stderr).toMatch(/\(anchor\): the anchor [0-9a-f]{64} is not in the chain/);
      // And with the anchor kept elsewhere (the file deleted too), --anchor still catches it.
      const copy = readFileSync(`${t.db}.anchors`, 'utf8');
      expect(copy).toContain(anchor);
      const w = cli(t.db, 'verify', '--anchor-file', join(t.dir, 'none.anchors'), '--anchor', anchor!);
      expect(w.status).toBe(1);
    } finally {
      await t.cleanup();
    }
  });

  test('the service seals what it stored when it stops (and periodically)', async () => {
    const t = await tempStore();
    const db = join(t.dir, 'service.db');
    try {
      const config = resolveConfig({
        flags: { port: '0', host: '127.0.0.1', db, 'log-level': 'silent', 'check-workers': '0' },
        env: {},
      });
      const running = await startService(config, { engine });
      await storePage(running.store, 'https://svc.example/a', TDM_RESERVED());
      await running.stop();
      expect(lastAnchor(`${db}.anchors`)).not.toBeNull();
      const p = cli(db, 'verify');
      expect(p.status).toBe(0);
      expect(p.stdout).toMatch(/1 ledger checkpoint\(s\), not yet sealed: 0 verdicts, 0 evidence/);
    } finally {
      await t.cleanup();
    }
  });

  test('audit checkpoint refuses a database that does not exist', () => {
    const p = cli('/tmp/clearance-no-such-dir/typo.db', 'checkpoint');
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('/tmp/clearance-no-such-dir/typo.db');
    expect(existsSync('/tmp/clearance-no-such-dir')).toBe(false);
  });
});
