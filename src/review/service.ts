import type { Engine } from '../engine/engine.js';
import { rescoreWith } from '../engine/engine.js';
import type { Conclusion } from '../model/conclusion.js';
import type { Verdict } from '../model/verdict.js';
import { isoNow } from '../store/hash.js';
import type { Store } from '../store/open.js';
import { ConclusionIndex } from './conclusionIndex.js';
import {
  type Actor,
  buildConclusion,
  ConclusionNotFound,
  insertConclusion,
  newConclusionId,
  revokeConclusion,
} from './db/conclusions.js';
import { readCounter } from './db/meta.js';
import { type Overview, overview } from './db/overview.js';
import { getPublisher, type Publisher, setPublisher } from './db/publishers.js';
import { type QueueCounts, queueCounts, queueItemIds } from './db/queue.js';
import type { QueueFilter } from './queueFilter.js';
import { inlineSiteCheck, type SiteCheck, type SiteStatesDeps } from './siteStates.js';
import { markScopeForRefresh, ReviewSync, type SyncResult } from './sync.js';
import { type ConclusionInput, normaliseDomain, parseConclusionInput, ReviewInputError } from './validate.js';

/** Most items one bulk action may conclude (one page-scope conclusion and one audit entry each). */
export const BULK_MAX = 5000;
/** Cached figures kept per process (filters a team uses at once). */
const CACHE_ENTRIES = 200;

export interface ConcludeResult {
  conclusion: Conclusion;
  /** Items of the queue re-evaluated because of this change. */
  refreshed: number;
}

/**
 * The review workspace's operations, shared by the HTTP API, the dashboard and the CLI: conclusions
 * (validated, stored, audited, applied to the queue at once), publishers, the queue sync, and the
 * overlay every check result gets (`concluded`).
 */
export class Review {
  readonly index: ConclusionIndex;
  readonly syncer: ReviewSync;
  private readonly rescore;
  private syncing: Promise<SyncResult> | null = null;

  /** How site timelines are evaluated (inline by default; the service passes its check workers). */
  readonly siteStates: SiteStatesDeps;

  constructor(
    readonly store: Store,
    readonly engine: Engine,
    options: { syncPage?: number; siteCheck?: SiteCheck; parallel?: number } = {},
  ) {
    this.siteStates = {
      store,
      engine,
      check: options.siteCheck ?? inlineSiteCheck(engine),
      parallel: options.parallel ?? 1,
    };
    this.index = new ConclusionIndex(store.db);
    this.syncer = new ReviewSync(store, engine, this.index, { page: options.syncPage });
    this.rescore = rescoreWith(engine);
  }

  private readonly cache = new Map<string, { version: string; value: unknown }>();

  /**
   * Figures over the whole queue (counts for a filter, the overview) are cached until the queue changes
   * (`items_version`, bumped by every sync write in any process): paging through a filter, or reloading the
   * overview, costs one counter read instead of a scan of 100,000 index entries.
   */
  private async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await readCounter(this.store.db, 'items_version');
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = await compute();
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { version, value });
    return value;
  }

  counts(filter: QueueFilter, publisherDomains?: readonly string[]): Promise<QueueCounts> {
    return this.cached(`counts:${JSON.stringify([filter, publisherDomains ?? null])}`, () =>
      queueCounts(this.store.db, filter, publisherDomains),
    );
  }

  overview(profile: string): Promise<Overview> {
    return this.cached(`overview:${profile}`, () => overview(this.store.db, profile));
  }

  /** Brings the queue up to date (new verdicts, changed or expired conclusions). Concurrent callers share one run. */
  sync(): Promise<SyncResult> {
    this.syncing ??= this.syncer.sync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /** The check path's hook: the detected verdict with the conclusion in force laid over it. */
  conclude(detected: Verdict, now = new Date()): Promise<Verdict> {
    return this.index.conclude(detected, this.rescore, now);
  }

  /** Resolves a publisher scope given by name only (`{kind: "publisher", publisher: "X"}`) to its domains. */
  async resolveBody(body: unknown): Promise<unknown> {
    if (typeof body !== 'object' || body === null) return body;
    const scope = (body as { scope?: unknown }).scope;
    if (typeof scope !== 'object' || scope === null) return body;
    const s = scope as { kind?: unknown; publisher?: unknown; domains?: unknown };
    if (s.kind !== 'publisher' || s.domains !== undefined || typeof s.publisher !== 'string') return body;
    const p = await getPublisher(this.store.db, s.publisher.trim());
    if (!p) throw new ReviewInputError('scope.publisher', `no publisher "${s.publisher}"; define it first`);
    return { ...(body as object), scope: { ...s, domains: p.domains } };
  }

  async createConclusion(body: unknown, actor: Actor, now = new Date()): Promise<ConcludeResult> {
    const input = parseConclusionInput(await this.resolveBody(body), now);
    const [c] = await this.insert([input], actor, now, null);
    this.index.invalidate();
    const { refreshed } = await this.sync();
    return { conclusion: c!, refreshed };
  }

  private async insert(
    inputs: ConclusionInput[],
    actor: Actor,
    now: Date,
    bulkId: string | null,
  ): Promise<Conclusion[]> {
    const at = isoNow(now);
    return this.store.write(async (trx) => {
      const out: Conclusion[] = [];
      for (const input of inputs) {
        const c = buildConclusion(input, actor, at);
        await insertConclusion(trx, c, actor, { bulkId });
        await markScopeForRefresh(trx, c.id, c.scope);
        out.push(c);
      }
      return out;
    });
  }

  /**
   * A bulk action on a filtered selection: one page-scope conclusion per item (so each stays
   * individually visible, revocable and audited), all created in one transaction. `itemIds` narrows the
   * filter to a hand-picked selection.
   */
  async bulkConclude(
    body: unknown,
    selection: { filter: QueueFilter; publisherDomains?: string[]; itemIds?: number[] },
    actor: Actor,
    now = new Date(),
  ): Promise<{ bulkId: string; conclusions: number; refreshed: number }> {
    let items = await queueItemIds(this.store.db, selection.filter, BULK_MAX + 1, selection.publisherDomains);
    if (selection.itemIds) {
      const wanted = new Set(selection.itemIds);
      items = items.filter((i) => wanted.has(i.id));
    }
    if (items.length === 0) throw new ReviewInputError('selection', 'no item matches the selection');
    if (items.length > BULK_MAX)
      throw new ReviewInputError('selection', `more than ${BULK_MAX} items; narrow the filter and repeat`);
    const template = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const inputs = items.map((i) => parseConclusionInput({ ...template, scope: { kind: 'page', url: i.url } }, now));
    const bulkId = `bulk_${newConclusionId().slice(3)}`;
    await this.insert(inputs, actor, now, bulkId);
    this.index.invalidate();
    const { refreshed } = await this.sync();
    return { bulkId, conclusions: inputs.length, refreshed };
  }

  async revoke(id: string, actor: Actor, comment: unknown): Promise<ConcludeResult> {
    if (typeof comment !== 'string' || comment.trim() === '')
      throw new ReviewInputError('comment', 'is required: say why the conclusion is withdrawn');
    const text = comment.trim().slice(0, 4000);
    const { conclusion } = await this.store.write(async (trx) => {
      const r = await revokeConclusion(trx, id, actor, text);
      if (r.changed) await markScopeForRefresh(trx, id, r.conclusion.scope);
      return r;
    });
    this.index.invalidate();
    const { refreshed } = await this.sync();
    return { conclusion, refreshed };
  }

  async setPublisher(nameRaw: unknown, domainsRaw: unknown, actor: Actor): Promise<Publisher> {
    if (typeof nameRaw !== 'string' || nameRaw.trim() === '' || nameRaw.length > 200)
      throw new ReviewInputError('name', 'is required (at most 200 characters)');
    const list = typeof domainsRaw === 'string' ? domainsRaw.split(/[\s,]+/).filter(Boolean) : domainsRaw;
    if (!Array.isArray(list) || list.length === 0)
      throw new ReviewInputError('domains', 'must list at least one domain');
    const domains = list.map((d, i) => normaliseDomain(d, `domains[${i}]`));
    return this.store.write((trx) => setPublisher(trx, nameRaw.trim(), domains, actor));
  }
}

export { ConclusionNotFound };
