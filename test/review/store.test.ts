import { sql } from 'kysely';
import { queueCounts, queuePage } from '../../src/review/db/queue';
import { parseQueueQuery } from '../../src/review/queueFilter';
import { Review } from '../../src/review/service';
import type { Store } from '../../src/store/open';
import { listAudit } from '../../src/store/repos/audit';
import { alice, engine, NOAI, PLAIN, storePage, TDM_RESERVED, tempStore } from './helpers';

let store: Store;
let review: Review;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  review = new Review(store, engine);
  await storePage(store, 'https://news.example.com/a', TDM_RESERVED('A'));
  await storePage(store, 'https://news.example.com/b', TDM_RESERVED('B'));
  await storePage(store, 'https://www.other.org/x', NOAI);
  await storePage(store, 'https://www.other.org/plain', PLAIN);
  await review.sync();
});
afterAll(() => cleanup());

const q = (params: Record<string, string> = {}) => parseQueueQuery(params, { profile: 'conservative' });

describe('review queue sync', () => {
  test('every latest verdict becomes one item; flagged ones are in the default queue', async () => {
    const all = await queuePage(store.db, q({ scope: 'all' }));
    expect(all.items.map((i) => i.url).sort()).toEqual([
      'https://news.example.com/a',
      'https://news.example.com/b',
      'https://www.other.org/plain',
      'https://www.other.org/x',
    ]);
    const flagged = await queuePage(store.db, q());
    expect(flagged.items.map((i) => i.url)).not.toContain('https://www.other.org/plain');
    expect(flagged.items.every((i) => i.status === 'open')).toBe(true);
  });

  test('a new verdict for a URL replaces its item; a second sync with nothing new writes nothing', async () => {
    await storePage(store, 'https://www.other.org/plain', TDM_RESERVED('now reserved'));
    const r = await review.sync();
    expect(r.synced).toBe(1);
    expect((await review.sync()).synced).toBe(0);
    const items = (await queuePage(store.db, q({ url: 'https://www.other.org/plain' }))).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.exclude_training).toBe(1);
  });
});

describe('conclusions', () => {
  test('a domain conclusion applies to every page of the domain now, audited, and to future checks', async () => {
    const { conclusion, refreshed } = await review.createConclusion(
      {
        action: 'licence-acquired',
        reason: 'LICENSE_ACQUIRED',
        comment: 'Signed licence with Example News',
        licenceRef: 'LIC-2026-7',
        scope: { kind: 'domain', domain: 'example.com' },
      },
      alice,
    );
    expect(refreshed).toBe(2);
    const page = await queuePage(store.db, q({ domain: 'example.com', scope: 'all' }));
    expect(page.items.map((i) => [i.status, i.exclude_training, i.det_exclude_training])).toEqual([
      ['licence-acquired', 0, 1],
      ['licence-acquired', 0, 1],
    ]);
    // A later check of another page of the domain is concluded too.
    await storePage(store, 'https://news.example.com/c', TDM_RESERVED('C'));
    await review.sync();
    const c = (await queuePage(store.db, q({ url: 'https://news.example.com/c', scope: 'all' }))).items[0]!;
    expect(c.conclusion_id).toBe(conclusion.id);
    const detected = engine.check({ url: 'https://news.example.com/c', body: TDM_RESERVED('C') });
    const v = await review.conclude(detected);
    expect(v.concluded?.conclusionId).toBe(conclusion.id);
    expect(v.concluded?.licenceRef).toBe('LIC-2026-7');
    expect(v.exclude.training).toBe(false);
    expect(detected.exclude.training).toBe(true);
    const audit = await listAudit(store.db);
    expect(audit.map((a) => a.action)).toContain('conclusion.create');
  });

  test('a narrower page conclusion wins over the domain one; revoking it falls back to the domain one', async () => {
    const { conclusion } = await review.createConclusion(
      {
        action: 'override',
        reason: 'POLICY_DECISION',
        comment: 'Keep out of training',
        permissions: { 'ai-train': 'denied' },
        scope: { kind: 'page', url: 'https://news.example.com/a' },
      },
      alice,
    );
    const a = (await queuePage(store.db, q({ url: 'https://news.example.com/a', scope: 'all' }))).items[0]!;
    expect(a.status).toBe('override');
    expect(a.use_ai_train).toBe('denied');
    await review.revoke(conclusion.id, alice, 'entered on the wrong page');
    const again = (await queuePage(store.db, q({ url: 'https://news.example.com/a', scope: 'all' }))).items[0]!;
    expect(again.status).toBe('licence-acquired');
    const actions = (await listAudit(store.db)).map((e) => e.action);
    expect(actions.filter((x) => x === 'conclusion.revoke')).toHaveLength(1);
  });

  test('an expired conclusion stops applying at the next sync', async () => {
    const now = new Date();
    await review.createConclusion(
      {
        action: 'false-positive',
        reason: 'DETECTION_ERROR',
        comment: 'noai meta belongs to an embedded widget',
        scope: { kind: 'page', url: 'https://www.other.org/x' },
        expiresAt: new Date(now.getTime() + 60_000).toISOString(),
      },
      alice,
      now,
    );
    const before = (await queuePage(store.db, q({ url: 'https://www.other.org/x', scope: 'all' }))).items[0]!;
    expect(before.status).toBe('false-positive');
    const r = await review.syncer.sync(new Date(now.getTime() + 120_000));
    expect(r.refreshed).toBeGreaterThanOrEqual(1);
    const after = (await queuePage(store.db, q({ url: 'https://www.other.org/x', scope: 'all' }))).items[0]!;
    expect(after.status).toBe('open');
  });

  test('stored conclusions cannot be edited or deleted, only revoked once', async () => {
    // toMatchObject, not toThrow: better-sqlite3's native module creates its errors with the Error class of
    // the first jest sandbox that loaded it, so `instanceof Error` fails when test files share a worker.
    await expect(sql`update conclusions set comment = 'x'`.execute(store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/immutable/),
    });
    await expect(sql`delete from conclusions`.execute(store.db)).rejects.toMatchObject({
      message: expect.stringMatching(/append-only/),
    });
  });

  test('invalid requests name the field', async () => {
    await expect(
      review.createConclusion(
        { action: 'override', reason: 'OTHER', comment: 'x', scope: { kind: 'domain', domain: 'example.com' } },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'permissions' });
    await expect(
      review.createConclusion(
        { action: 'confirm', reason: 'OTHER', comment: ' ', scope: { kind: 'domain', domain: 'example.com' } },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'comment' });
    await expect(
      review.createConclusion(
        { action: 'confirm', reason: 'NOPE', comment: 'c', scope: { kind: 'domain', domain: 'example.com' } },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'reason' });
    await expect(
      review.createConclusion(
        { action: 'confirm', reason: 'OTHER', comment: 'c', scope: { kind: 'domain', domain: 'com' } },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'scope.domain' });
    await expect(
      review.createConclusion(
        {
          action: 'licence-acquired',
          reason: 'LICENSE_ACQUIRED',
          comment: 'c',
          scope: { kind: 'domain', domain: 'a.com' },
        },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'licenceRef' });
    await expect(
      review.createConclusion(
        {
          action: 'confirm',
          reason: 'OTHER',
          comment: 'c',
          scope: { kind: 'domain', domain: 'a.com' },
          expiresAt: '2001-01-01',
        },
        alice,
      ),
    ).rejects.toMatchObject({ field: 'expiresAt' });
  });

  test('counts cover the whole filter', async () => {
    const counts = await queueCounts(store.db, q({ scope: 'all' }).filter);
    expect(counts.total).toBe(5);
    expect(counts.open + counts.concluded).toBe(5);
  });
});

describe('queue filters on the encoded index columns', () => {
  const urls = async (params: Record<string, string>) =>
    (await queuePage(store.db, q({ scope: 'all', ...params }))).items.map((i) => i.url).sort();

  test('use and outcome (effective permissions, 2 bits per use)', async () => {
    // www.other.org/x carries noai (ai-train denied); the example.com pages are licensed (allowed).
    expect(await urls({ use: 'ai-train', outcome: 'denied' })).toEqual([
      'https://www.other.org/plain',
      'https://www.other.org/x',
    ]);
    expect(await urls({ use: 'ai-train', outcome: 'allowed', domain: 'example.com' })).toHaveLength(3);
    expect(await urls({ use: 'search', outcome: 'denied' })).toEqual([]);
    expect((await urls({ outcome: 'denied' })).length).toBeGreaterThanOrEqual(2);
    expect(await urls({ use: 'ai-train', domain: 'other.org' })).toEqual([
      'https://www.other.org/plain',
      'https://www.other.org/x',
    ]);
  });

  test('domain matches the host and its sub-domains only (reversed-label ranges)', async () => {
    expect(await urls({ domain: 'example.com' })).toEqual([
      'https://news.example.com/a',
      'https://news.example.com/b',
      'https://news.example.com/c',
    ]);
    expect(await urls({ domain: 'news.example.com' })).toHaveLength(3);
    expect(await urls({ domain: 'ample.com' })).toEqual([]);
    expect(await urls({ domain: 'www.other.org' })).toHaveLength(2);
  });

  test('signal type (bit set) and language', async () => {
    expect(await urls({ signal: 'robots-meta' })).toEqual(['https://www.other.org/x']);
    expect((await urls({ signal: 'tdmrep-meta' })).length).toBe(4);
    expect(await urls({ language: 'fr' })).toEqual(['https://www.other.org/x']);
  });

  test('sort orders page through every item exactly once', async () => {
    for (const sort of ['priority', 'newest', 'oldest', 'confidence', 'domain']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const params: Record<string, string> = { scope: 'all', sort, limit: '2' };
        if (cursor) params.cursor = cursor;
        const page = await queuePage(store.db, q(params));
        seen.push(...page.items.map((i) => i.url));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect([sort, seen.length, new Set(seen).size]).toEqual([sort, 5, 5]);
    }
  });
});
