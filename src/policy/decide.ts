import { applies, combine } from '../combine/combine.js';
import type { Evidence } from '../model/evidence.js';
import { isRestrictive } from '../model/lattice.js';
import type { UseMap } from '../model/uses.js';
import { RESERVATION_USES } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';
import type { ExclusionRule, Profile } from './profile.js';

function excluded(
  rule: ExclusionRule,
  verdict: Pick<Verdict, 'uses' | 'conditions'> & Partial<Pick<Verdict, 'flags'>>,
  evidence: Evidence[],
  agent: string | null,
  forced: Partial<UseMap>,
): boolean {
  // A human conclusion on every use of the rule settles what the flag left open.
  const settled = rule.uses.every((u) => forced[u] !== undefined);
  if (!settled && (verdict.flags ?? []).some((f) => (rule.excludeOnFlags as string[]).includes(f.code))) return true;
  let uses: UseMap = verdict.uses;
  let conditions = verdict.conditions;
  if (rule.signals === 'machine-readable') {
    // Re-run the lattice over machine-readable evidence only; `uses` in the verdict stay as they are.
    const mr = combine(
      evidence.filter((e) => e.machineReadable),
      { agent },
    );
    uses = { ...mr.uses, ...forced };
    conditions = mr.conditions;
  }
  for (const use of rule.uses) {
    const p = uses[use];
    if (!rule.excludeWhen.includes(p)) continue;
    if (p === 'conditional') {
      const conds = conditions[use] ?? [];
      if (conds.length > 0 && conds.every((c) => rule.toleratedConditions.includes(c.kind))) continue;
    }
    return true;
  }
  return false;
}

/** The profile's decision. Profiles decide `exclude`; they never change `uses`. */
export function decideExclusion(
  profile: Profile,
  verdict: Pick<Verdict, 'uses' | 'conditions'> & Partial<Pick<Verdict, 'flags'>>,
  evidence: Evidence[],
  agent: string | null,
  /** Uses a human conclusion set; they hold whatever evidence the profile counts. */
  forced: Partial<UseMap> = {},
): Verdict['exclude'] {
  return {
    training: excluded(profile.training, verdict, evidence, agent, forced),
    redistribution: excluded(profile.redistribution, verdict, evidence, agent, forced),
  };
}

/** True when a reservation (not a licence term) restricts ai-train, ai-input or tdm. */
export function hasReservation(evidence: Evidence[], machineReadableOnly: boolean, agent: string | null): boolean {
  return evidence.some(
    (e) =>
      e.reservation &&
      applies(e, agent) &&
      !e.superseded &&
      (!machineReadableOnly || e.machineReadable) &&
      RESERVATION_USES.some((u) => isRestrictive(e.effects[u] ?? 'unknown')),
  );
}
