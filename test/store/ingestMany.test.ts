import { ingest, recordSnapshots } from '../../src/store/ingest.js';
import { ingestMany } from '../../src/store/ingestMany.js';
import type { Store } from '../../src/store/open.js';
import { bodyDigest } from '../../src/store/repos/fetches.js';
import { checked, PLAIN_PAGE, RESERVED_PAGE, tempStore } from './helpers.js';

/**
 * `ingestMany` writes new pages with one multi-row statement per table; what it stores must be what
 * `ingest` page by page stores. Compared by content (row ids may be assigned in another order).
 */
async function contents(store: Store): Promise<unknown> {
  const db = store.db;
  const fetches = await db
    .selectFrom('fetches')
    .select(['id', 'url', 'seen_count', 'status', 'body_sha256', 'headers_sha256', 'title', 'text_excerpt_json'])
    .orderBy('url')
    .orderBy('id')
    .execute();
  const urlOfFetch = new Map(fetches.map((f) => [f.id, f.url]));
  const verdicts = await db.selectFrom('verdicts').selectAll().execute();
  const urlOfVerdict = new Map(verdicts.map((v) => [v.id, `${v.url}#${v.profile}#${v.site_key}`]));
  const evidence = await db.selectFrom('evidence').select(['id', 'content_sha256', 'evidence_id']).execute();
  const hashOf = new Map(evidence.map((e) => [e.id, e.content_sha256]));
  const links = await db.selectFrom('verdict_evidence').selectAll().execute();
  const snapshots = await db.selectFrom('verdict_site_snapshots').selectAll().execute();
  const latest = await db.selectFrom('latest_verdicts').selectAll().execute();
  return {
    fetches: fetches.map(({ id: _id, ...f }) => f),
    verdicts: verdicts
      .map(({ id, fetch_id, decided_at: _d, ...v }) => ({
        ...v,
        fetch: urlOfFetch.get(fetch_id),
        key: urlOfVerdict.get(id),
      }))
      .sort((a, b) => a.key!.localeCompare(b.key!)),
    evidence: evidence.map((e) => e.content_sha256).sort(),
    links: links
      .map((l) => ({
        ...l,
        verdict_id: urlOfVerdict.get(l.verdict_id),
        evidence_row_id: hashOf.get(l.evidence_row_id),
      }))
      .sort((a, b) => `${a.verdict_id}#${a.position}`.localeCompare(`${b.verdict_id}#${b.position}`)),
    snapshots: snapshots.map((s) => `${urlOfVerdict.get(s.verdict_id)}@${s.snapshot_id}`).sort(),
    latest: latest
      .map((l) => ({ url: l.url, profile: l.profile, verdict: urlOfVerdict.get(l.verdict_id) }))
      .sort((a, b) => `${a.url}${a.profile}`.localeCompare(`${b.url}${b.profile}`)),
  };
}

async function seeded(): Promise<Awaited<ReturnType<typeof tempStore>> & { snapshot: number }> {
  const ctx = await tempStore();
  const [snap] = await recordSnapshots(ctx.store, [
    {
      origin: 'https://news.example',
      kind: 'robots.txt',
      body: 'User-agent: *\nAllow: /\n',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      source: 'upload',
    },
  ]);
  // Seen before: the same content again re-uses its fetch; changed content starts a new one.
  await ingest(
    ctx.store,
    checked('https://news.example/seen', PLAIN_PAGE, {}, { fetchedAt: '2026-01-02T00:00:00.000Z' }),
  );
  await ingest(
    ctx.store,
    checked('https://news.example/changed', PLAIN_PAGE, {}, { fetchedAt: '2026-01-02T00:00:00.000Z' }),
  );
  return { ...ctx, snapshot: snap!.id };
}

function group(snapshot: number) {
  const at = { fetchedAt: '2026-02-01T00:00:00.000Z' };
  return [
    checked('https://news.example/a', RESERVED_PAGE, {}, at),
    checked('https://news.example/seen', PLAIN_PAGE, {}, at),
    checked('https://news.example/b', PLAIN_PAGE, { 'x-robots-tag': 'noai' }, { ...at, snapshotIds: [snapshot] }),
    checked('https://news.example/changed', RESERVED_PAGE, {}, at),
    checked('https://other.example/c', RESERVED_PAGE, {}, { ...at, profile: 'eu-statutory' }),
    checked('https://other.example/d', RESERVED_PAGE, {}, at),
  ];
}

test('a group stored with multi-row statements equals the same pages stored one by one', async () => {
  const many = await seeded();
  const single = await seeded();
  try {
    const results = await ingestMany(many.store, group(many.snapshot));
    for (const input of group(single.snapshot)) await ingest(single.store, input);
    expect(await contents(many.store)).toEqual(await contents(single.store));
    expect(results.map((r) => r.fetchCreated)).toEqual([true, false, true, true, true, true]);
    expect(new Set(results.map((r) => r.verdictId)).size).toBe(6);
  } finally {
    await many.cleanup();
    await single.cleanup();
  }
});

test('a group naming one URL twice is stored page by page: the second sees the first', async () => {
  const many = await seeded();
  const single = await seeded();
  try {
    const twice = (s: number) => [
      ...group(s),
      checked('https://news.example/a', RESERVED_PAGE, {}, { fetchedAt: '2026-02-02T00:00:00.000Z' }),
    ];
    const results = await ingestMany(many.store, twice(many.snapshot));
    for (const input of twice(single.snapshot)) await ingest(single.store, input);
    expect(await contents(many.store)).toEqual(await contents(single.store));
    expect(results[6]!.fetchId).toBe(results[0]!.fetchId);
    expect(results[6]!.verdictCreated).toBe(false);
  } finally {
    await many.cleanup();
    await single.cleanup();
  }
});

test('a body digest computed elsewhere (the check worker) gives the same fetch row as hashing here', async () => {
  const a = await tempStore();
  const b = await tempStore();
  try {
    const input = checked('https://news.example/digest', RESERVED_PAGE);
    await ingest(a.store, input);
    await ingest(b.store, { ...input, fetch: { ...input.fetch, bodyDigest: bodyDigest(input.fetch.body) } });
    expect(await contents(a.store)).toEqual(await contents(b.store));
    const [row] = await b.store.db.selectFrom('fetches').select(['size', 'body_sha256']).execute();
    expect(row!.size).toBe(Buffer.byteLength(RESERVED_PAGE));
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});
