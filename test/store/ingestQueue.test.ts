import { IngestQueue } from '../../src/store/ingestQueue.js';
import { checked, PLAIN_PAGE, RESERVED_PAGE, tempStore } from './helpers.js';

/** Pages ready together are stored together; one bad page fails only itself. */
describe('IngestQueue', () => {
  let ctx: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    ctx = await tempStore();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  test('concurrent pages are all stored, each answered with its own ids', async () => {
    const queue = new IngestQueue(ctx.store);
    const urls = Array.from({ length: 7 }, (_, i) => `https://news.example/${i}`);
    const results = await Promise.all(urls.map((u, i) => queue.add(checked(u, i % 2 ? PLAIN_PAGE : RESERVED_PAGE))));
    expect(new Set(results.map((r) => r.verdictId)).size).toBe(7);
    const rows = await ctx.store.db.selectFrom('verdicts').select(['id', 'url']).execute();
    for (const [i, r] of results.entries()) expect(rows.find((row) => row.id === r.verdictId)?.url).toBe(urls[i]);
  });

  test('a page that cannot be stored fails alone; the others of its group are stored', async () => {
    const queue = new IngestQueue(ctx.store);
    const good = ['https://news.example/a', 'https://news.example/b'].map((u) => queue.add(checked(u, PLAIN_PAGE)));
    const bad = queue.add(checked('https://news.example/bad', PLAIN_PAGE, {}, { snapshotIds: [999999] }));
    // Matched on the message: errors raised by the SQLite binding may come from another realm than the
    // test's (jest loads the native module once per worker), where `toThrow` would not see an Error.
    await expect(bad).rejects.toMatchObject({ message: expect.stringMatching(/news\.example\/bad.*FOREIGN KEY/) });
    await expect(Promise.all(good)).resolves.toHaveLength(2);
    const urls = (await ctx.store.db.selectFrom('fetches').select('url').execute()).map((r) => r.url).sort();
    expect(urls).toEqual(['https://news.example/a', 'https://news.example/b']);
  });

  test('more pages than one group holds are stored in several groups', async () => {
    const queue = new IngestQueue(ctx.store, 3);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue.add(checked(`https://news.example/g${i}`, PLAIN_PAGE))),
    );
    expect(new Set(results.map((r) => r.fetchId)).size).toBe(8);
  });
});
