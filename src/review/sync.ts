import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { type Engine, rescoreWith } from '../engine/engine.js';
import type { Conclusion, Scope } from '../model/conclusion.js';
import type { Verdict } from '../model/verdict.js';
import { isoNow } from '../store/hash.js';
import type { Store } from '../store/open.js';
import { USE_COLUMNS, usesOfRow, type VerdictRow } from '../store/repos/verdicts.js';
import type { Database } from '../store/schema.js';
import type { ConclusionIndex } from './conclusionIndex.js';
import { bumpCounter } from './db/meta.js';
import { type ReviewItemTable, reviewDb } from './db/schema.js';
import { loadVerdicts } from './db/verdictLoad.js';
import { overlayConclusion } from './overlay.js';
import { priorityOf } from './priority.js';
import { reverseHost, signalsMask, usesCode } from './queueCodes.js';

/** Verdict columns the queue copies. */
type VerdictCols = Pick<
  VerdictRow,
  | 'id'
  | 'url'
  | 'profile'
  | 'origin'
  | 'domain'
  | 'language'
  | 'decided_at'
  | 'flagged'
  | 'has_conflicts'
  | 'min_confidence'
  | 'exclude_training'
  | 'exclude_redistribution'
  | (typeof USE_COLUMNS)[keyof typeof USE_COLUMNS]
>;

const VERDICT_COLS = [
  'id',
  'url',
  'profile',
  'origin',
  'domain',
  'language',
  'decided_at',
  'flagged',
  'has_conflicts',
  'min_confidence',
  'exclude_training',
  'exclude_redistribution',
  ...Object.values(USE_COLUMNS),
] as const;

const CURSOR_KEY = 'sync_cursor';
const PENDING_PREFIX = 'refresh:';
/**
 * Verdicts / items per write transaction by default. Small, so the write lock is never held long enough
 * to hold up the service's checks (each page commits on its own); a one-off catch-up (CLI exports, a
 * rebuild) may pass a larger page for fewer commits.
 */
export const SYNC_PAGE = 250;
/** Rows per multi-row upsert (33 columns each, below SQLite's bound-parameter limit). */
const UPSERT_CHUNK = 200;

export interface SyncResult {
  /** Items added or moved to a newer verdict. */
  synced: number;
  /** Items re-evaluated because a conclusion changed or expired. */
  refreshed: number;
}

/**
 * Keeps `review_items` (the queue: one row per URL and profile, with the effective state after human
 * conclusions) in step with the immutable verdicts and the conclusions. Incremental: new verdicts are
 * found by id above a stored cursor, whichever process stored them (service, batch `--store`); a
 * conclusion change leaves a `refresh:` marker in the same transaction, and the items it touches are
 * re-evaluated in small transactions, so a crash half-way is finished by the next sync.
 */
/**
 * SQLite calls are synchronous: a catch-up of thousands of items would hold the service's HTTP thread for
 * its whole length. Between pages, requests waiting on the event loop are served.
 */
function betweenPages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ReviewSync {
  private readonly rescore;

  private readonly page: number;

  constructor(
    private readonly store: Store,
    engine: Engine,
    private readonly index: ConclusionIndex,
    options: { page?: number } = {},
  ) {
    this.rescore = rescoreWith(engine);
    this.page = Math.max(1, options.page ?? SYNC_PAGE);
  }

  async sync(now = new Date()): Promise<SyncResult> {
    const db = reviewDb(this.store.db);
    const nowIso = isoNow(now);
    const result: SyncResult = { synced: 0, refreshed: 0 };
    const pending = await db
      .selectFrom('review_meta')
      .select(['key', 'value'])
      .where('key', 'like', `${PENDING_PREFIX}%`)
      .execute();
    const expiring = await db
      .selectFrom('review_items')
      .select('id')
      .where('conclusion_expires_at', '<=', nowIso)
      .limit(1)
      .executeTakeFirst();
    const top = await this.store.db
      .selectFrom('verdicts')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    const maxId = Number(top?.max ?? 0);
    const cursor = Number(
      (await db.selectFrom('review_meta').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst())?.value ?? 0,
    );
    if (pending.length === 0 && !expiring && maxId <= cursor) return result;

    await this.index.ensureFresh();
    while (true) {
      const n = await this.store.write(async (trx) => this.syncPage(trx, maxId, now));
      if (n === 0) break;
      result.synced += n;
      await betweenPages();
    }
    result.refreshed += await this.refreshPending(pending, now);
    result.refreshed += await this.refreshExpired(now);
    return result;
  }

  /**
   * Re-evaluates what changed conclusions touch. Page scopes (bulk actions make thousands) are refreshed
   * together, PAGE URLs per query; other scopes one by one, each once. Markers are removed afterwards, so a
   * crash in between only means the work is done again.
   */
  private async refreshPending(pending: { key: string; value: string }[], now: Date): Promise<number> {
    if (pending.length === 0) return 0;
    const urls = new Set<string>();
    const others = new Map<string, Scope>();
    for (const p of pending) {
      const scope = JSON.parse(p.value) as Scope;
      if (scope.kind === 'page') urls.add(scope.url);
      else others.set(JSON.stringify(scope), scope);
    }
    let refreshed = 0;
    const list = [...urls];
    for (let i = 0; i < list.length; i += this.page) {
      const chunk = list.slice(i, i + this.page);
      refreshed += await this.refreshWhere(sql<boolean>`url in (${sql.join(chunk)})`, now);
    }
    for (const scope of others.values()) refreshed += await this.refreshScope(scope, now);
    const keys = pending.map((p) => p.key);
    for (let i = 0; i < keys.length; i += this.page) {
      const chunk = keys.slice(i, i + this.page);
      await this.store.write(async (trx) => {
        await reviewDb(trx).deleteFrom('review_meta').where('key', 'in', chunk).execute();
      });
    }
    return refreshed;
  }

  /** One page of new verdicts; returns how many items it wrote (0 = caught up). */
  private async syncPage(trx: Kysely<Database>, maxId: number, now: Date): Promise<number> {
    const rdb = reviewDb(trx);
    const cursor = Number(
      (await rdb.selectFrom('review_meta').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst())?.value ??
        0,
    );
    if (cursor >= maxId) return 0;
    const ids = await trx
      .selectFrom('verdicts')
      .select('id')
      .where('id', '>', cursor)
      .where('id', '<=', maxId)
      .orderBy('id')
      .limit(this.page)
      .execute();
    if (ids.length === 0) return 0;
    const last = ids[ids.length - 1]!.id;
    // Driven by the verdict id range (primary key), each row checked against the latest pointer by index:
    // a join would let SQLite scan latest_verdicts whole for every page (quadratic at 100,000 items).
    const rows = (await trx
      .selectFrom('verdicts as v')
      .select(VERDICT_COLS.map((c) => `v.${c}` as const))
      .where('v.id', '>', cursor)
      .where('v.id', '<=', last)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('latest_verdicts as lv').select('lv.verdict_id').whereRef('lv.verdict_id', '=', 'v.id')),
      )
      .execute()) as VerdictCols[];
    await this.upsert(trx, rows, now);
    if (rows.length > 0) await bumpCounter(trx, 'items_version');
    await rdb
      .insertInto('review_meta')
      .values({ key: CURSOR_KEY, value: String(last) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(last) }))
      .execute();
    return Math.max(rows.length, 1);
  }

  /** Re-evaluates the items of these verdicts against the conclusions in force now. */
  private async upsert(trx: Kysely<Database>, rows: VerdictCols[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    const nowIso = isoNow(now);
    const tops = new Map<number, Conclusion>();
    for (const r of rows) {
      const [top] = this.index.applicableNow(r.url, now);
      if (top) tops.set(r.id, top);
    }
    const full = tops.size > 0 ? await loadVerdicts(trx, [...tops.keys()]) : new Map<number, Verdict>();
    const signals = new Map<number, string[]>();
    for (const e of await trx
      .selectFrom('verdict_evidence')
      .select(['verdict_id', 'signal'])
      .where(
        'verdict_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute())
      signals.set(e.verdict_id, [...(signals.get(e.verdict_id) ?? []), e.signal]);
    const values = rows.map((r) => {
      const c = tops.get(r.id);
      const v = c ? full.get(r.id) : undefined;
      return itemValues(r, c && v ? this.overlay(v, c) : null, c ?? null, nowIso, signals.get(r.id));
    });
    const rdb = reviewDb(trx);
    for (let i = 0; i < values.length; i += UPSERT_CHUNK) {
      await rdb
        .insertInto('review_items')
        .values(values.slice(i, i + UPSERT_CHUNK))
        .onConflict((oc) =>
          oc.columns(['url', 'profile']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const k of Object.keys(values[0]!))
              if (k !== 'url' && k !== 'profile') set[k] = eb.ref(`excluded.${k}` as 'excluded.verdict_id');
            // Every column but the key takes the new row's value; built in a loop, so typed loosely.
            return set as never;
          }),
        )
        .execute();
    }
  }

  /** The conclusion laid over the detected verdict; a profile that no longer exists keeps the detected uses. */
  private overlay(v: Verdict, c: Conclusion): Verdict | null {
    try {
      return overlayConclusion(v, c, this.rescore);
    } catch {
      return null;
    }
  }

  private async refreshWhere(condition: RawBuilder<boolean>, now: Date): Promise<number> {
    let afterId = 0;
    let total = 0;
    while (true) {
      const n = await this.store.write(async (trx) => {
        const rdb = reviewDb(trx);
        const items = await rdb
          .selectFrom('review_items')
          .select(['id', 'verdict_id'])
          .where(condition)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(this.page)
          .execute();
        if (items.length === 0) return 0;
        afterId = items[items.length - 1]!.id;
        const rows = (await trx
          .selectFrom('verdicts')
          .select(VERDICT_COLS)
          .where(
            'id',
            'in',
            items.map((i) => i.verdict_id),
          )
          .execute()) as VerdictCols[];
        await this.upsert(trx, rows, now);
        await bumpCounter(trx, 'items_version');
        return items.length;
      });
      total += n;
      if (n < this.page) return total;
      await betweenPages();
    }
  }

  private refreshScope(scope: Scope, now: Date): Promise<number> {
    return this.refreshWhere(scopeCondition(scope), now);
  }

  private async refreshExpired(now: Date): Promise<number> {
    const nowIso = isoNow(now);
    // Refreshed items get a later expiry or none, so the set shrinks; bounded by a pass over it.
    return this.refreshWhere(sql<boolean>`conclusion_expires_at <= ${nowIso}`, now);
  }
}

/** SQL condition on review_items matching every item a scope can touch. */
export function scopeCondition(scope: Scope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'page':
      return sql<boolean>`url = ${scope.url}`;
    case 'path': {
      const prefix = `${scope.origin}${scope.prefix}`;
      return sql<boolean>`(origin = ${scope.origin} and substr(url, 1, ${prefix.length}) = ${prefix})`;
    }
    case 'domain':
      return hostCondition([scope.domain]);
    case 'publisher':
      return hostCondition(scope.domains);
  }
}

/**
 * review_items whose host is one of these domains or a sub-domain of one, as index ranges on `host_rev`
 * (`example.com` → host_rev = 'com.example' or 'com.example.' < host_rev < 'com.example/'; '/' follows '.').
 */
export function hostCondition(domains: readonly string[], options: { useIndex?: boolean } = {}): RawBuilder<boolean> {
  if (domains.length === 0) return sql<boolean>`0`;
  // `+host_rev` keeps SQLite from choosing the host index (see applyFilter in src/review/db/queue.ts).
  const col = options.useIndex === false ? sql.raw('+host_rev') : sql.raw('host_rev');
  const parts = domains.map((d) => {
    const r = reverseHost(d);
    return sql`(${col} = ${r} or (${col} > ${`${r}.`} and ${col} < ${`${r}/`}))`;
  });
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** `domain` (a verdicts column) is one of these or a sub-domain of one (`example.com` covers `www.example.com`). */
export function domainCondition(domains: readonly string[]): RawBuilder<boolean> {
  const parts = domains.map((d) => sql`(domain = ${d} or substr(domain, ${-(d.length + 1)}) = ${`.${d}`})`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** The marker that makes the next sync re-evaluate everything a changed conclusion touches. */
export async function markScopeForRefresh(trx: Kysely<Database>, conclusionId: string, scope: Scope): Promise<void> {
  await reviewDb(trx)
    .insertInto('review_meta')
    .values({ key: `${PENDING_PREFIX}${conclusionId}`, value: JSON.stringify(scope) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(scope) }))
    .execute();
}

export function itemValues(
  v: VerdictCols,
  overlaid: Verdict | null,
  conclusion: Conclusion | null,
  nowIso: string,
  signals: Iterable<string> = [],
): Insertable<ReviewItemTable> {
  const uses = overlaid ? overlaid.uses : usesOfRow(v);
  const excludeTraining = overlaid ? overlaid.exclude.training : v.exclude_training === 1;
  const excludeRedistribution = overlaid ? overlaid.exclude.redistribution : v.exclude_redistribution === 1;
  return {
    url: v.url,
    profile: v.profile,
    verdict_id: v.id,
    origin: v.origin,
    domain: v.domain,
    language: v.language,
    decided_at: v.decided_at,
    flagged: v.flagged,
    has_conflicts: v.has_conflicts,
    min_confidence: v.min_confidence,
    confidence_key: v.min_confidence ?? 2,
    det_exclude_training: v.exclude_training,
    det_exclude_redistribution: v.exclude_redistribution,
    exclude_training: excludeTraining ? 1 : 0,
    exclude_redistribution: excludeRedistribution ? 1 : 0,
    use_search: uses.search,
    use_ai_train: uses['ai-train'],
    use_ai_input: uses['ai-input'],
    use_tdm: uses.tdm,
    use_redistribution: uses.redistribution,
    use_commercial: uses.commercial,
    use_derivatives: uses.derivatives,
    priority: priorityOf({
      open: conclusion === null,
      hasConflicts: v.has_conflicts === 1,
      minConfidence: v.min_confidence,
      excludeTraining,
      excludeRedistribution,
    }),
    status: conclusion ? conclusion.action : 'open',
    conclusion_id: conclusion?.id ?? null,
    concluded_by: conclusion?.createdBy ?? null,
    concluded_at: conclusion?.createdAt ?? null,
    conclusion_expires_at: conclusion?.expiresAt ?? null,
    synced_at: nowIso,
    host_rev: reverseHost(v.domain),
    signals: signalsMask(signals),
    uses_code: usesCode(uses),
  };
}
