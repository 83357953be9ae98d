import { sql } from 'kysely';
import { type Engine, rescoreWith } from '../engine/engine.js';
import type { Conclusion } from '../model/conclusion.js';
import type { Verdict } from '../model/verdict.js';
import { rowToConclusion } from '../review/db/conclusions.js';
import { reviewDb } from '../review/db/schema.js';
import { loadVerdicts } from '../review/db/verdictLoad.js';
import { overlayConclusion } from '../review/overlay.js';
import { hostCondition } from '../review/sync.js';
import type { Store } from '../store/open.js';
import { type ExclusionRecord, exclusionRecord } from './exclusion.js';

/**
 * The exclusion list pipelines consume: every URL whose current effective state (latest verdict, with
 * the human conclusion in force laid over it) excludes it from `use`. Read from the review queue
 * (`review_items`, kept in step by src/review/sync.ts — sync before exporting) in id order, PAGE at a
 * time, so memory stays flat at any size.
 */
export interface ExclusionOptions {
  profile: string;
  use: 'ai-train' | 'redistribution';
  domain?: string;
  /** decided_at range of the latest verdict, ISO. */
  from?: string;
  to?: string;
}

const PAGE = 500;

export async function* exclusionRecords(
  store: Store,
  engine: Engine,
  options: ExclusionOptions,
): AsyncGenerator<ExclusionRecord> {
  const db = reviewDb(store.db);
  const rescore = rescoreWith(engine);
  let afterId = 0;
  while (true) {
    let q = db
      .selectFrom('review_items')
      .select(['id', 'verdict_id', 'decided_at', 'conclusion_id'])
      // `+profile`: walk the primary key in id order; with a plain `profile =` SQLite picks a profile-led
      // index and sorts every matching row for each page (measured: 70 ms a page, 19 s for 100,000 items).
      .where(sql<boolean>`+profile = ${options.profile}`)
      .where(options.use === 'ai-train' ? 'exclude_training' : 'exclude_redistribution', '=', 1)
      .where('id', '>', afterId);
    if (options.domain) q = q.where(hostCondition([options.domain]));
    if (options.from) q = q.where('decided_at', '>=', options.from);
    if (options.to) q = q.where('decided_at', '<=', options.to);
    const items = await q.orderBy('id').limit(PAGE).execute();
    if (items.length === 0) return;
    afterId = items[items.length - 1]!.id;
    const verdicts = await loadVerdicts(
      store.db,
      items.map((i) => i.verdict_id),
    );
    const conclusionIds = [...new Set(items.map((i) => i.conclusion_id).filter((x): x is string => x !== null))];
    const conclusions = new Map<string, Conclusion>();
    if (conclusionIds.length > 0)
      for (const r of await db.selectFrom('conclusions').selectAll().where('id', 'in', conclusionIds).execute())
        conclusions.set(r.id, rowToConclusion(r));
    for (const item of items) {
      const detected = verdicts.get(item.verdict_id);
      if (!detected) continue;
      const c = item.conclusion_id ? conclusions.get(item.conclusion_id) : undefined;
      let v: Verdict = detected;
      if (c) {
        try {
          v = overlayConclusion(detected, c, rescore);
        } catch {
          v = detected;
        }
      }
      yield exclusionRecord(v, {
        decidedAt: item.decided_at,
        concludedBy: c?.createdBy ?? null,
        concludedAt: c?.createdAt ?? null,
      });
    }
    if (items.length < PAGE) return;
  }
}
