import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { ingest, recordSnapshots } from '../../src/store/ingest.js';
import { ingestMany } from '../../src/store/ingestMany.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore, StoreError } from '../../src/store/open.js';
import { auditEntryHash, listAudit } from '../../src/store/repos/audit.js';
import { getFetchBody } from '../../src/store/repos/fetches.js';
import { createKey, revokeKey } from '../../src/store/repos/keys.js';
import { latestSnapshots, siteFilesFromSnapshots, snapshotHistory } from '../../src/store/repos/sites.js';
import { getVerdict, latestVerdictId, verdictHistory } from '../../src/store/repos/verdicts.js';
import { storeStats } from '../../src/store/stats.js';
import { checked, PLAIN_PAGE, RESERVED_PAGE, tempDir, tempStore } from './helpers.js';

describe('openStore', () => {
  it('creates the folder and file, runs migrations, and sets WAL, foreign keys and a busy timeout', async () => {
    const t = tempDir();
    const path = join(t.dir, 'nested', 'deeper', 'c.db');
    const store = await openStore({ path });
    expect(existsSync(path)).toBe(true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(mode.rows[0]!.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    expect(fk.rows[0]!.foreign_keys).toBe(1);
    const bt = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
    expect(bt.rows[0]!.timeout).toBe(5000);
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
    expect(applied.rows[0]!.name).toBe('001_initial');
    await store.close();
    // Re-opening applies nothing twice and keeps the data.
    const again = await openStore({ path });
    const applied2 = await sql<{ name: string }>`select name from kysely_migration`.execute(again.db);
    expect(applied2.rows).toHaveLength(Object.keys(MIGRATIONS).length);
    await again.close();
    t.cleanup();
  });

  it('refuses a file that is not a SQLite database with an error naming the file', async () => {
    const t = tempDir();
    const path = join(t.dir, 'not-a-db.db');
    writeFileSync(path, 'this is a text file, not a database '.repeat(200));
    await expect(openStore({ path })).rejects.toThrow(StoreError);
    await expect(openStore({ path })).rejects.toThrow(path);
    t.cleanup();
  });
});

// Errors raised inside better-sqlite3 (trigger aborts) are created with the Error class of the first jest
// sandbox that loaded the native module, so `rejects.toThrow` (an instanceof check) fails when test files
// share a worker; the message is matched instead.
describe('ingest', () => {
  let ctx: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    ctx = await tempStore();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('stores fetch, verdict and evidence, and reads the verdict back identical to what the engine said', async () => {
    const input = checked('https://news.example/a', RESERVED_PAGE, { 'x-robots-tag': 'noai' });
    const r = await ingest(ctx.store, input);
    expect(r).toMatchObject({ fetchCreated: true, verdictCreated: true });
    const stored = await getVerdict(ctx.store.db, r.verdictId);
    expect(stored).not.toBeNull();
    // Stored evidence always names the rules version that produced it (the verdict's, when the item had none).
    const expected = JSON.parse(JSON.stringify(input.verdict));
    for (const e of expected.evidence) e.rulesVersion ??= expected.rulesVersion;
    expect(stored!.verdict).toEqual(expected);
    expect(stored!.fetch).toMatchObject({ url: 'https://news.example/a', domain: 'news.example', status: 200 });
    expect(stored!.exclude.training).toBe(true);
    expect(stored!.flagged).toBe(true);
    expect(stored!.verdict.evidence.length).toBeGreaterThan(1);
  });

  it('is idempotent: same URL, body, headers and site snapshots → same ids, no new rows', async () => {
    const a = await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    const b = await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    expect(b).toEqual({ fetchId: a.fetchId, verdictId: a.verdictId, fetchCreated: false, verdictCreated: false });
    const stats = await storeStats(ctx.store);
    expect(stats.rows.fetches).toBe(1);
    expect(stats.rows.verdicts).toBe(1);
    const f = await ctx.store.db.selectFrom('fetches').selectAll().executeTakeFirstOrThrow();
    expect(f.seen_count).toBe(2);
  });

  it('keeps history: a changed body is a new fetch and verdict; the old ones stay', async () => {
    const a = await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    const b = await ingest(ctx.store, checked('https://news.example/a', PLAIN_PAGE));
    expect(b.fetchId).not.toBe(a.fetchId);
    expect(b.verdictId).not.toBe(a.verdictId);
    // Back to the first body: a new observation, not a silent re-use of the old row.
    const c = await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    expect(c.fetchCreated).toBe(true);
    const history = await verdictHistory(ctx.store.db, 'https://news.example/a');
    expect(history.map((h) => h.id)).toEqual([c.verdictId, b.verdictId, a.verdictId]);
    expect(history[1]!.uses['ai-train']).toBe('unknown');
    expect(history[2]!.uses['ai-train']).toBe('denied');
    expect(await latestVerdictId(ctx.store.db, 'https://news.example/a')).toBe(c.verdictId);
  });

  it('a new site snapshot re-decides the same fetch without duplicating it', async () => {
    const [s1] = await recordSnapshots(ctx.store, [
      { origin: 'https://news.example', kind: 'robots.txt', body: 'User-agent: *\nAllow: /\n', source: 'upload' },
    ]);
    const a = await ingest(ctx.store, checked('https://news.example/a', PLAIN_PAGE, {}, { snapshotIds: [s1!.id] }));
    const [s2] = await recordSnapshots(ctx.store, [
      {
        origin: 'https://news.example',
        kind: 'robots.txt',
        body: 'User-agent: GPTBot\nDisallow: /\n',
        source: 'upload',
      },
    ]);
    const b = await ingest(ctx.store, checked('https://news.example/a', PLAIN_PAGE, {}, { snapshotIds: [s2!.id] }));
    expect(b.fetchId).toBe(a.fetchId);
    expect(b.verdictCreated).toBe(true);
    const stored = await getVerdict(ctx.store.db, b.verdictId);
    expect(stored!.siteSnapshotIds).toEqual([s2!.id]);
  });

  it('stores identical evidence once and links it from every verdict', async () => {
    const headers = { 'x-robots-tag': 'noai' };
    await ingest(ctx.store, checked('https://news.example/a', PLAIN_PAGE, headers));
    await ingest(ctx.store, checked('https://news.example/b', PLAIN_PAGE, headers));
    const ev = await ctx.store.db.selectFrom('evidence').selectAll().execute();
    expect(ev).toHaveLength(1);
    const links = await ctx.store.db.selectFrom('verdict_evidence').selectAll().execute();
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.signal === 'x-robots-tag' && l.decisive === 1)).toBe(true);
  });

  it('stores rule id and rules version on every evidence row', async () => {
    const r = await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    const rows = await ctx.store.db.selectFrom('evidence').select(['rules_version', 'evidence_id']).execute();
    const v = await getVerdict(ctx.store.db, r.verdictId);
    expect(rows.every((row) => row.rules_version === v!.rulesVersion)).toBe(true);
  });

  it('refuses to update or delete evidence, verdicts and audit entries (append-only)', async () => {
    await ingest(ctx.store, checked('https://news.example/a', RESERVED_PAGE));
    await expect(sql`update evidence set excerpt = 'x'`.execute(ctx.store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
    await expect(sql`delete from evidence`.execute(ctx.store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
    await expect(sql`update verdicts set use_ai_train = 'allowed'`.execute(ctx.store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
    await expect(sql`delete from verdict_evidence`.execute(ctx.store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
  });

  it('keeps the body only when asked, gzip-compressed, and returns it intact', async () => {
    const input = checked('https://news.example/a', RESERVED_PAGE);
    input.fetch.storeBody = true;
    const r = await ingest(ctx.store, input);
    expect((await getFetchBody(ctx.store.db, r.fetchId))!.toString('utf8')).toBe(RESERVED_PAGE);
    const r2 = await ingest(ctx.store, checked('https://news.example/b', RESERVED_PAGE));
    expect(await getFetchBody(ctx.store.db, r2.fetchId)).toBeNull();
  });

  it('ingestMany writes a group in one transaction and rolls it all back on failure', async () => {
    const ok = [checked('https://news.example/1', PLAIN_PAGE), checked('https://news.example/2', RESERVED_PAGE)];
    const res = await ingestMany(ctx.store, ok);
    expect(res).toHaveLength(2);
    const bad = checked('https://news.example/3', PLAIN_PAGE, {}, { snapshotIds: [999999] });
    await expect(ingestMany(ctx.store, [checked('https://news.example/4', PLAIN_PAGE), bad])).rejects.toThrow(
      /news\.example\/3/,
    );
    const urls = (await ctx.store.db.selectFrom('fetches').select('url').execute()).map((r) => r.url);
    expect(urls.sort()).toEqual(['https://news.example/1', 'https://news.example/2']);
  });
});

describe('site snapshots', () => {
  let ctx: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    ctx = await tempStore();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('keeps history, dedupes unchanged files, and answers which file was in force', async () => {
    const origin = 'https://news.example';
    const robots1 = 'User-agent: *\nAllow: /\n';
    const robots2 = 'User-agent: GPTBot\nDisallow: /\n';
    const [a] = await recordSnapshots(ctx.store, [
      { origin, kind: 'robots.txt', body: robots1, fetchedAt: '2026-01-01T00:00:00.000Z', source: 'upload' },
    ]);
    const [again] = await recordSnapshots(ctx.store, [
      { origin, kind: 'robots.txt', body: robots1, fetchedAt: '2026-02-01T00:00:00.000Z', source: 'upload' },
    ]);
    expect(again).toEqual({ id: a!.id, created: false });
    const [b] = await recordSnapshots(ctx.store, [
      { origin, kind: 'robots.txt', body: robots2, fetchedAt: '2026-03-01T00:00:00.000Z', source: 'upload' },
      // a different URL of the same kind is a different file
    ]);
    const [rsl] = await recordSnapshots(ctx.store, [
      { origin, kind: 'rsl', url: 'https://news.example/license.xml', body: '<rsl/>', source: 'upload' },
    ]);
    expect(b!.created).toBe(true);
    const history = await snapshotHistory(ctx.store.db, origin);
    expect(history.map((h) => h.id)).toEqual([a!.id, b!.id, rsl!.id]);
    expect(history[0]!.last_seen_at).toBe('2026-02-01T00:00:00.000Z');
    expect(history[0]!.seen_count).toBe(2);
    const latest = await latestSnapshots(ctx.store.db, origin);
    expect(latest.map((l) => l.id).sort()).toEqual([b!.id, rsl!.id].sort());
    const site = siteFilesFromSnapshots(origin, latest);
    expect(site.site.robotsTxt?.body).toBe(robots2);
    expect(site.site.rsl?.['https://news.example/license.xml']).toBe('<rsl/>');
    // An older fetch uploaded late is history, not the file in force.
    await recordSnapshots(ctx.store, [
      {
        origin,
        kind: 'robots.txt',
        body: 'User-agent: *\nDisallow: /x\n',
        fetchedAt: '2025-06-01T00:00:00.000Z',
        source: 'upload',
      },
    ]);
    const latest2 = await latestSnapshots(ctx.store.db, origin);
    expect(latest2.find((l) => l.kind === 'robots.txt')!.id).toBe(b!.id);
  });

  it('refuses to change a snapshot body', async () => {
    await recordSnapshots(ctx.store, [{ origin: 'https://a.example', kind: 'ai.txt', body: 'x', source: 'upload' }]);
    await expect(sql`update site_snapshots set body = 'y'`.execute(ctx.store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/immutable/),
    });
  });
});

describe('audit chain', () => {
  it('links every entry to the previous one by hash', async () => {
    const ctx = await tempStore();
    try {
      const k = await createKey(ctx.store, { role: 'admin', label: 'first', actor: 'cli:test' });
      await createKey(ctx.store, { role: 'crawler', label: 'c1', actor: 'cli:test' });
      await revokeKey(ctx.store, { ref: k.id, actor: 'cli:test' });
      const entries = await listAudit(ctx.store.db);
      expect(entries.map((e) => e.action)).toEqual(['key.create', 'key.create', 'key.revoke']);
      let prev: string | null = null;
      for (const e of entries) {
        expect(e.prev_hash).toBe(prev);
        expect(e.hash).toBe(auditEntryHash(prev, e));
        prev = e.hash;
      }
      await expect(sql`update audit_log set actor = 'x'`.execute(ctx.store.db)).rejects.toMatchObject({
        message: expect.stringMatching(/append-only/),
      });
      await expect(sql`delete from audit_log`.execute(ctx.store.db)).rejects.toMatchObject({
        message: expect.stringMatching(/append-only/),
      });
      // A second chain head cannot be forked from the same predecessor.
      const raw = new BetterSqlite3(ctx.store.path);
      expect(() =>
        raw
          .prepare(
            "insert into audit_log (at, actor, action, subject, details_json, prev_hash, hash) values ('x','x','x','x','{}',?, 'h2')",
          )
          .run(entries[1]!.hash),
      ).toThrow(/UNIQUE/);
      raw.close();
    } finally {
      await ctx.cleanup();
    }
  });
});
