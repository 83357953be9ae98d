import type { Kysely } from 'kysely';
import type { Verdict } from '../../model/verdict.js';
import { rowToEvidence } from '../../store/repos/evidence.js';
import type { Database } from '../../store/schema.js';

/** Rows per `IN (...)` list: far below SQLite's bound-parameter limit. */
const CHUNK = 500;

/**
 * Full verdicts (with their evidence, in engine order) for many ids in two queries per chunk, for the
 * queue sync and the exports, which handle thousands of verdicts and cannot afford a query per item.
 */
export async function loadVerdicts(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Verdict>> {
  const out = new Map<number, Verdict>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await db.selectFrom('verdicts').select(['id', 'verdict_json']).where('id', 'in', chunk).execute();
    const ev = await db
      .selectFrom('verdict_evidence as ve')
      .innerJoin('evidence as e', 'e.id', 've.evidence_row_id')
      .selectAll('e')
      .select(['ve.verdict_id as verdict_id', 've.position as position'])
      .where('ve.verdict_id', 'in', chunk)
      .orderBy('ve.verdict_id')
      .orderBy('ve.position')
      .execute();
    const byVerdict = new Map<number, Verdict['evidence']>();
    for (const r of ev) {
      const list = byVerdict.get(r.verdict_id) ?? [];
      list.push(rowToEvidence(r));
      byVerdict.set(r.verdict_id, list);
    }
    for (const r of rows) {
      const rest = JSON.parse(r.verdict_json) as Omit<Verdict, 'evidence'>;
      out.set(r.id, { ...rest, evidence: byVerdict.get(r.id) ?? [] });
    }
  }
  return out;
}
