import { join } from 'node:path';
import { openStore } from '../../src/store/open';
import { cli, jsonl } from './helpers/cli';
import { HTML, html, tempDir, writeWarc } from './helpers/warcFixtures';

/** scan-warc --store writes through the store's own ingest into a real SQLite file. */
describe('scan-warc --store', () => {
  test('pages, evidence, verdicts and the robots.txt snapshot they used are stored; a second run adds no duplicates', async () => {
    const w = await writeWarc([
      {
        url: 'https://shop.example/robots.txt',
        headers: [['Content-Type', 'text/plain']],
        body: 'User-agent: *\nDisallow: /\n',
      },
      {
        url: 'https://shop.example/a',
        headers: HTML,
        body: html('<p>a</p>', '<meta name="tdm-reservation" content="1">'),
      },
      { url: 'https://shop.example/b', headers: HTML, body: html('<p>b</p>') },
      { url: 'https://blog.example/c', headers: HTML, body: html('<p>c</p>') },
    ]);
    const dir = tempDir();
    const db = join(dir, 'clearance.db');
    const run = async (out: string) => {
      const r = await cli(['scan-warc', w.path, '--out', join(dir, out), '--workers', '1', '--store', '--db', db]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/3 pages stored in/);
    };
    await run('first');
    const store = await openStore({ path: db });
    try {
      const count = async (table: 'fetches' | 'verdicts' | 'site_snapshots' | 'verdict_site_snapshots' | 'evidence') =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('fetches')).toBe(3);
      expect(await count('verdicts')).toBe(3);
      expect(await count('site_snapshots')).toBe(1);
      // Both shop.example pages were judged with its robots.txt; blog.example had none.
      expect(await count('verdict_site_snapshots')).toBe(2);
      const fetch = await store.db
        .selectFrom('fetches')
        .select(['url', 'fetched_at', 'status'])
        .where('url', '=', 'https://shop.example/a')
        .executeTakeFirstOrThrow();
      const line = jsonl<{ url: string; date: string }>(join(dir, 'first', 'verdicts.jsonl')).find(
        (l) => l.url === fetch.url,
      )!;
      expect(fetch).toEqual({ url: 'https://shop.example/a', fetched_at: line.date, status: 200 });
      const evidenceBefore = await count('evidence');
      expect(evidenceBefore).toBeGreaterThan(0);

      await run('second');
      expect(await count('fetches')).toBe(3);
      expect(await count('verdicts')).toBe(3);
      expect(await count('evidence')).toBe(evidenceBefore);
    } finally {
      await store.close();
    }
  });

  test('--db without --store is a usage error', async () => {
    const r = await cli(['scan-warc', __filename, '--out', join(tempDir(), 'o'), '--db', 'x.db']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--db is only used with --store/);
  });
});
