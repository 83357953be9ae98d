import { type Kysely, sql } from 'kysely';
import { SIGNALS } from '../../model/evidence.js';
import type { Database } from '../../store/schema.js';
import { reverseHost, signalBit } from '../queueCodes.js';
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
  /** Flagged items by day the verdict was decided (the last `days` days that have any). */
  flaggedByDay: { day: string; flagged: number; open: number }[];
  flaggedBySignal: { signal: string; items: number }[];
  flaggedByLanguage: { language: string; items: number }[];
  topDomains: { domain: string; flagged: number; open: number }[];
  byStatus: { status: string; items: number }[];
}

const n = (x: unknown) => Number(x ?? 0);

/**
 * Every figure is an aggregate over columns of the review_items_queue index (migration 070), so each
 * query is an index-only scan; signal counts come from the `signals` bit set in one pass.
 */
export async function overview(
  db: Kysely<Database>,
  profile: string,
  options: { days?: number; top?: number } = {},
): Promise<Overview> {
  const rdb = reviewDb(db);
  const days = options.days ?? 90;
  const top = options.top ?? 15;
  const base = () => rdb.selectFrom('review_items').where('profile', '=', profile);
  const flagged = () => base().where('flagged', '=', 1);
  const [t, bySignal, byDay, byLanguage, domains, byStatus] = await Promise.all([
    base()
      .select([
        sql<number>`count(*)`.as('items'),
        sql<number>`coalesce(sum(flagged), 0)`.as('flagged'),
        sql<number>`coalesce(sum(flagged = 1 and status = 'open'), 0)`.as('open'),
        sql<number>`coalesce(sum(status != 'open'), 0)`.as('concluded'),
        sql<number>`coalesce(sum(exclude_training), 0)`.as('exclude_training'),
        sql<number>`coalesce(sum(exclude_redistribution), 0)`.as('exclude_redistribution'),
      ])
      .executeTakeFirstOrThrow(),
    flagged()
      .select(
        SIGNALS.map((s, i) => sql<number>`coalesce(sum((signals & ${sql.lit(signalBit(s))}) != 0), 0)`.as(`s${i}`)),
      )
      .executeTakeFirstOrThrow(),
    flagged()
      .select([
        sql<string>`substr(decided_at, 1, 10)`.as('day'),
        sql<number>`count(*)`.as('flagged'),
        sql<number>`sum(status = 'open')`.as('open'),
      ])
      .groupBy(sql`substr(decided_at, 1, 10)`)
      .orderBy(sql`substr(decided_at, 1, 10)`, 'desc')
      .limit(days)
      .execute(),
    flagged()
      .select([sql<string>`coalesce(language, 'unknown')`.as('language'), sql<number>`count(*)`.as('items')])
      .groupBy('language')
      .orderBy('items', 'desc')
      .limit(top)
      .execute(),
    flagged()
      .select(['host_rev', sql<number>`count(*)`.as('flagged'), sql<number>`sum(status = 'open')`.as('open')])
      .groupBy('host_rev')
      .orderBy('flagged', 'desc')
      .limit(top)
      .execute(),
    flagged()
      .select(['status', sql<number>`count(*)`.as('items')])
      .groupBy('status')
      .orderBy('items', 'desc')
      .execute(),
  ]);
  const signals = bySignal as unknown as Record<string, unknown>;
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
    flaggedBySignal: SIGNALS.map((s, i) => ({ signal: s, items: n(signals[`s${i}`]) }))
      .filter((x) => x.items > 0)
      .sort((a, b) => b.items - a.items),
    flaggedByLanguage: byLanguage.map((r) => ({ language: r.language, items: n(r.items) })),
    // host_rev reversed back is the host again (reverseHost is its own inverse).
    topDomains: domains.map((r) => ({ domain: reverseHost(r.host_rev), flagged: n(r.flagged), open: n(r.open) })),
    byStatus: byStatus.map((r) => ({ status: r.status, items: n(r.items) })),
  };
}
