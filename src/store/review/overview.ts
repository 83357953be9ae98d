import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { reviewDb } from './schema.js';

/** The overview page's figures for one profile (over the review queue: one item per URL). */
export interface Overview {
  totals: {
    items: number;
    flagged: number;
    open: number;
    concluded: number;
    excludeTraining: number;
    excludeRedistribution: number;
  };
  /** Flagged items by day the verdict was decided (last `days` days with any). */
  flaggedByDay: { day: string; flagged: number; open: number }[];
  flaggedBySignal: { signal: string; items: number }[];
  flaggedByLanguage: { language: string; items: number }[];
  topDomains: { domain: string; flagged: number; open: number }[];
  byStatus: { status: string; items: number }[];
}

export async function overview(
  db: Kysely<Database>,
  profile: string,
  options: { days?: number; top?: number } = {},
): Promise<Overview> {
  const rdb = reviewDb(db);
  const days = options.days ?? 90;
  const top = options.top ?? 15;
  const t = await rdb
    .selectFrom('review_items')
    .where('profile', '=', profile)
    .select([
      sql<number>`count(*)`.as('items'),
      sql<number>`coalesce(sum(flagged), 0)`.as('flagged'),
      sql<number>`coalesce(sum(flagged = 1 and status = 'open'), 0)`.as('open'),
      sql<number>`coalesce(sum(status != 'open'), 0)`.as('concluded'),
      sql<number>`coalesce(sum(exclude_training), 0)`.as('exclude_training'),
      sql<number>`coalesce(sum(exclude_redistribution), 0)`.as('exclude_redistribution'),
    ])
    .executeTakeFirstOrThrow();
  const byDay = await rdb
    .selectFrom('review_items')
    .where('profile', '=', profile)
    .where('flagged', '=', 1)
    .select([
      sql<string>`substr(decided_at, 1, 10)`.as('day'),
      sql<number>`count(*)`.as('flagged'),
      sql<number>`sum(status = 'open')`.as('open'),
    ])
    .groupBy(sql`substr(decided_at, 1, 10)`)
    .orderBy(sql`substr(decided_at, 1, 10)`, 'desc')
    .limit(days)
    .execute();
  const bySignal = await rdb
    .selectFrom('review_items as ri')
    .innerJoin('verdict_evidence as ve', 've.verdict_id', 'ri.verdict_id')
    .where('ri.profile', '=', profile)
    .where('ri.flagged', '=', 1)
    .select(['ve.signal as signal', sql<number>`count(distinct ri.id)`.as('items')])
    .groupBy('ve.signal')
    .orderBy('items', 'desc')
    .execute();
  const byLanguage = await rdb
    .selectFrom('review_items')
    .where('profile', '=', profile)
    .where('flagged', '=', 1)
    .select([sql<string>`coalesce(language, 'unknown')`.as('language'), sql<number>`count(*)`.as('items')])
    .groupBy('language')
    .orderBy('items', 'desc')
    .limit(top)
    .execute();
  const domains = await rdb
    .selectFrom('review_items')
    .where('profile', '=', profile)
    .where('flagged', '=', 1)
    .select(['domain', sql<number>`count(*)`.as('flagged'), sql<number>`sum(status = 'open')`.as('open')])
    .groupBy('domain')
    .orderBy('flagged', 'desc')
    .limit(top)
    .execute();
  const byStatus = await rdb
    .selectFrom('review_items')
    .where('profile', '=', profile)
    .where('flagged', '=', 1)
    .select(['status', sql<number>`count(*)`.as('items')])
    .groupBy('status')
    .orderBy('items', 'desc')
    .execute();
  const n = (x: unknown) => Number(x ?? 0);
  return {
    totals: {
      items: n(t.items),
      flagged: n(t.flagged),
      open: n(t.open),
      concluded: n(t.concluded),
      excludeTraining: n(t.exclude_training),
      excludeRedistribution: n(t.exclude_redistribution),
    },
    flaggedByDay: byDay.map((r) => ({ day: r.day, flagged: n(r.flagged), open: n(r.open) })).reverse(),
    flaggedBySignal: bySignal.map((r) => ({ signal: r.signal, items: n(r.items) })),
    flaggedByLanguage: byLanguage.map((r) => ({ language: r.language, items: n(r.items) })),
    topDomains: domains.map((r) => ({ domain: r.domain, flagged: n(r.flagged), open: n(r.open) })),
    byStatus: byStatus.map((r) => ({ status: r.status, items: n(r.items) })),
  };
}
