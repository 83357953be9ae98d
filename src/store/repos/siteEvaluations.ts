import type { Kysely } from 'kysely';
import type { Evidence } from '../../model/evidence.js';
import type { UseMap } from '../../model/uses.js';
import { isoNow } from '../hash.js';
import type { Store } from '../open.js';
import type { Database } from '../schema.js';

/** Site-level permissions of one set of snapshots (migration 080: computed once, then read). */
export interface SiteEvaluation {
  uses: UseMap;
  evidence: Evidence[];
}

export interface EvaluationScope {
  agent: string;
  profile: string;
  rulesVersion: string;
}

/** The key of a state: the ids of the snapshots in force, ascending. */
export function stateKey(snapshotIds: readonly number[]): string {
  return [...snapshotIds].sort((a, b) => a - b).join(',');
}

const CHUNK = 200;

export async function cachedEvaluations(
  db: Kysely<Database>,
  keys: readonly string[],
  scope: EvaluationScope,
): Promise<Map<string, SiteEvaluation>> {
  const out = new Map<string, SiteEvaluation>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('site_evaluations')
      .select(['state_key', 'uses_json', 'evidence_json'])
      .where('state_key', 'in', keys.slice(i, i + CHUNK))
      .where('agent', '=', scope.agent)
      .where('profile', '=', scope.profile)
      .where('rules_version', '=', scope.rulesVersion)
      .execute();
    for (const r of rows)
      out.set(r.state_key, { uses: JSON.parse(r.uses_json), evidence: JSON.parse(r.evidence_json) });
  }
  return out;
}

export async function storeEvaluations(
  store: Store,
  evaluations: ReadonlyMap<string, SiteEvaluation>,
  scope: EvaluationScope,
): Promise<void> {
  if (evaluations.size === 0) return;
  const created_at = isoNow();
  const rows = [...evaluations].map(([state_key, e]) => ({
    state_key,
    agent: scope.agent,
    profile: scope.profile,
    rules_version: scope.rulesVersion,
    uses_json: JSON.stringify(e.uses),
    evidence_json: JSON.stringify(e.evidence),
    created_at,
  }));
  await store.write(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('site_evaluations')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.doNothing())
        .execute();
  });
}
