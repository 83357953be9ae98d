import { type IngestInput, recordSnapshots } from '../../store/ingest.js';
import { ingestMany } from '../../store/ingestMany.js';
import type { Store } from '../../store/open.js';
import type { SnapshotInput } from '../../store/repos/sites.js';
import type { SiteFileRecord, SiteSelection } from '../sites/siteFiles.js';
import type { StoreItem } from '../work/tasks.js';

const KIND: Record<SiteFileRecord['kind'], SnapshotInput['kind']> = {
  robotsTxt: 'robots.txt',
  tdmrepJson: 'tdmrep.json',
  aiTxt: 'ai.txt',
  rsl: 'rsl',
};

interface Queued {
  item: StoreItem;
  url: string;
  fetchedAt: string | null;
  status: number | null;
  selection: SiteSelection | null;
}

/**
 * `scan-warc --store`: writes every checked page into the service's database through the store's own
 * ingest (the same rows as POST /v1/check: fetch, evidence, verdict, site snapshots), so the dashboard can
 * review a batch run. Pages are written in groups, one transaction each; the site files a page was judged
 * with are recorded as snapshots first and linked to its verdict. Ingest is idempotent, so the pages a
 * resumed run checks again after a crash do not create duplicates.
 */
export class StoreSink {
  private queue: Queued[] = [];
  private readonly snapshots = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  stored = 0;

  constructor(
    private readonly store: Store,
    private readonly agent: string | null,
    private readonly group = 100,
    private readonly storeBodies = false,
  ) {}

  add(
    item: StoreItem,
    url: string,
    fetchedAt: string | null,
    status: number | null,
    selection: SiteSelection | null,
  ): void {
    this.queue.push({ item, url, fetchedAt, status, selection });
    if (this.queue.length >= this.group) this.writing = this.writing.then(() => this.drain());
  }

  /** Waits until everything added so far is in the database. */
  async flush(): Promise<void> {
    this.writing = this.writing.then(() => this.drain());
    await this.writing;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const group = this.queue.splice(0, this.group);
      try {
        await this.write(group);
      } catch (e) {
        this.failure = new Error(`--store: ${(e as Error).message}`, { cause: e });
      }
    }
  }

  private async write(group: Queued[]): Promise<void> {
    const files = new Map<string, SiteFileRecord>();
    for (const q of group) for (const f of filesOf(q.selection)) if (!this.snapshots.has(f.id)) files.set(f.id, f);
    if (files.size > 0) {
      const list = [...files.values()];
      const ids = await recordSnapshots(
        this.store,
        list.map((f) => ({
          origin: f.origin,
          kind: KIND[f.kind],
          url: f.url,
          body: f.body.toString('utf8'),
          status: f.status,
          fetchedAt: f.date ?? undefined,
          // The file came with the data (archive record or --sites folder), not through the upload API.
          source: 'inline',
        })),
      );
      for (let i = 0; i < list.length; i++) this.snapshots.set(list[i]!.id, ids[i]!.id);
    }
    const inputs: IngestInput[] = group.map((q) => ({
      fetch: {
        url: new URL(q.url),
        fetchedAt: q.fetchedAt ?? undefined,
        status: q.status,
        headers: q.item.headers,
        body: q.item.body,
        title: q.item.title,
        textExcerpt: q.item.textExcerpt,
        storeBody: this.storeBodies,
      },
      verdict: q.item.verdict,
      agent: this.agent,
      snapshotIds: filesOf(q.selection).map((f) => this.snapshots.get(f.id)!),
    }));
    await ingestMany(this.store, inputs);
    this.stored += group.length;
  }
}

function filesOf(s: SiteSelection | null): SiteFileRecord[] {
  if (!s) return [];
  return [s.robotsTxt, s.tdmrepJson, s.aiTxt, ...s.rsl].filter((f): f is SiteFileRecord => f !== undefined);
}
