import { readFileSync } from 'node:fs';
import type { Resources } from '../resources/resources.js';
import { sha256Hex } from '../store/hash.js';
import type { Store } from '../store/open.js';
import { appendAudit } from '../store/repos/audit.js';

/**
 * Profile and rule changes are audited: they change what gets excluded without anyone touching a
 * verdict. Profiles and rules are files (rules/, data/), so a change is noticed when a process that
 * uses them starts (the service, `report`, `exclusions`): if the rules hash differs from the last
 * `rules.loaded` entry, a new one is appended, with one `profile.change` entry per profile added,
 * edited or removed (old and new sha256 of its file).
 */
export interface RulesState {
  rules_version: string;
  rules_hash: string;
  profiles: Record<string, string>;
}

export function rulesState(resources: Resources): RulesState {
  const profiles: Record<string, string> = {};
  for (const [id, p] of [...resources.profiles.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    let hash: string;
    try {
      hash = sha256Hex(readFileSync(p.file));
    } catch {
      hash = 'unreadable';
    }
    profiles[id] = hash;
  }
  return { rules_version: resources.rulesVersion, rules_hash: resources.rulesHash, profiles };
}

/** Appends `rules.loaded` / `profile.change` entries when the rules in force differ from the last recorded ones. */
export async function auditRulesInForce(store: Store, resources: Resources, actor = 'system'): Promise<number> {
  const state = rulesState(resources);
  return store.write(async (trx) => {
    const last = await trx
      .selectFrom('audit_log')
      .select('details_json')
      .where('subject', '=', 'rules')
      .where('action', '=', 'rules.loaded')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const previous = last ? (JSON.parse(last.details_json) as RulesState) : null;
    if (previous && previous.rules_hash === state.rules_hash) return 0;
    let appended = 0;
    const before = previous?.profiles ?? {};
    for (const id of [...new Set([...Object.keys(before), ...Object.keys(state.profiles)])].sort()) {
      const from = before[id] ?? null;
      const to = state.profiles[id] ?? null;
      if (from === to) continue;
      await appendAudit(trx, {
        actor,
        action: 'profile.change',
        subject: `profile:${id}`,
        details: { profile: id, from, to, change: from === null ? 'added' : to === null ? 'removed' : 'edited' },
      });
      appended++;
    }
    await appendAudit(trx, {
      actor,
      action: 'rules.loaded',
      subject: 'rules',
      details: { ...state, previous_rules_version: previous?.rules_version ?? null },
    });
    return appended + 1;
  });
}
