import { type Condition, mergeConditions } from '../model/conditions.js';
import type { Evidence, Protocol } from '../model/evidence.js';
import { restrictiveness, strictest } from '../model/lattice.js';
import { emptyUses, type Permission, USES, type Use, type UseMap } from '../model/uses.js';
import type { Conflict } from '../model/verdict.js';

/**
 * How a protocol resolves its own statements before the cross-protocol lattice (docs/precedence.md P3).
 * - `carrier-order`: the most specific carrier that states a value wins (TDMRep: file < header < meta);
 *   absence never resets; the losers are marked `superseded` and a disagreement is recorded.
 * - `restrictive`: the most restrictive statement wins (aipref, robots meta, RSL, Content-Signal...).
 * Path scoping inside robots.txt / tdmrep.json / RSL is resolved by those evaluators before evidence exists.
 */
const PROTOCOL_STRATEGY: Partial<Record<Protocol, 'carrier-order' | 'restrictive'>> = {
  tdmrep: 'carrier-order',
};

/** Protocols whose statements are licences (general-purpose terms), not AI/TDM reservations. */
const LICENCE_PROTOCOLS = new Set<Protocol>(['creative-commons', 'schema-org']);

export interface CombineOptions {
  /** Evaluate for this crawler token: evidence scoped to other agents does not apply. */
  agent?: string | null;
}

export interface Combined {
  uses: UseMap;
  conditions: Partial<Record<Use, Condition[]>>;
  decidedBy: Partial<Record<Use, string[]>>;
  conflicts: Conflict[];
  /** Ids of evidence another carrier of the same protocol supersedes (see `markSuperseded`). */
  superseded: ReadonlySet<string>;
}

export function applies(e: Evidence, agent: string | null | undefined): boolean {
  if (!e.agents || e.agents.length === 0) return true;
  return agent ? e.agents.includes(agent.toLowerCase()) : false;
}

/** Resolves one protocol's evidence per use; records superseded carriers. Returns use → winning evidence. */
function resolveProtocol(
  protocol: Protocol,
  items: Evidence[],
  conflicts: Conflict[],
  superseded: Set<string>,
): Map<Use, Evidence[]> {
  const out = new Map<Use, Evidence[]>();
  const strategy = PROTOCOL_STRATEGY[protocol] ?? 'restrictive';
  for (const use of USES) {
    const stating = items.filter((e) => (e.effects[use] ?? 'unknown') !== 'unknown');
    if (stating.length === 0) continue;
    if (strategy === 'carrier-order') {
      const top = Math.max(...stating.map((e) => e.carrierRank ?? 0));
      const winners = stating.filter((e) => (e.carrierRank ?? 0) === top);
      const losers = stating.filter((e) => (e.carrierRank ?? 0) !== top);
      for (const l of losers) superseded.add(l.id);
      const won = strictest(winners.map((e) => e.effects[use]!));
      const lost = losers.filter((l) => l.effects[use] !== won);
      if (lost.length > 0) {
        conflicts.push({
          use,
          code: `${protocol}_carrier_disagreement`,
          values: [
            { protocol, permission: won, evidenceIds: winners.map((w) => w.id) },
            ...lost.map((l) => ({ protocol, permission: l.effects[use]!, evidenceIds: [l.id] })),
          ],
          resolved: won,
          rule: 'P3: within TDMRep the more specific carrier supersedes (file < header < meta)',
        });
      }
      out.set(
        use,
        winners.filter((w) => w.effects[use] === won),
      );
    } else {
      const won = strictest(stating.map((e) => e.effects[use]!));
      out.set(
        use,
        stating.filter((e) => e.effects[use] === won),
      );
    }
  }
  return out;
}

/**
 * Page + site evidence → one permission per use (a pure function: the evidence is not changed). Inside each protocol by its own rules, then across
 * protocols the strictest wins (denied > conditional > allowed > unknown); every disagreement between
 * protocols is kept as a conflict, and no evidence is dropped.
 */
export function combine(evidence: Evidence[], options: CombineOptions = {}): Combined {
  const conflicts: Conflict[] = [];
  const byProtocol = new Map<Protocol, Evidence[]>();
  const superseded = new Set<string>();
  for (const e of evidence) {
    if (!applies(e, options.agent)) continue;
    const list = byProtocol.get(e.protocol);
    if (list) list.push(e);
    else byProtocol.set(e.protocol, [e]);
  }
  const perProtocol = new Map<Protocol, Map<Use, Evidence[]>>();
  for (const [protocol, items] of byProtocol)
    perProtocol.set(protocol, resolveProtocol(protocol, items, conflicts, superseded));

  const uses = emptyUses();
  const conditions: Partial<Record<Use, Condition[]>> = {};
  const decidedBy: Partial<Record<Use, string[]>> = {};
  for (const use of USES) {
    const values: { protocol: Protocol; permission: Permission; items: Evidence[] }[] = [];
    for (const [protocol, resolved] of perProtocol) {
      const items = resolved.get(use);
      if (items && items.length > 0) values.push({ protocol, permission: items[0]!.effects[use]!, items });
    }
    if (values.length === 0) continue;
    const final = strictest(values.map((v) => v.permission));
    uses[use] = final;
    const deciding = values.filter((v) => v.permission === final).flatMap((v) => v.items);
    decidedBy[use] = deciding.map((e) => e.id);
    if (final === 'conditional') {
      const conds: Condition[] = [];
      for (const e of deciding) mergeConditions(conds, e.conditions);
      conditions[use] = conds;
    }
    const distinct = new Set(values.map((v) => v.permission));
    if (distinct.size > 1) {
      // A general-purpose licence (CC, schema.org) that grants more than an AI/TDM reservation on the same
      // page: the reservation wins for AI uses, and the disagreement gets its own code (test/fixtures/vectors/page-vectors.yaml #81).
      const licence = values.filter((v) => LICENCE_PROTOCOLS.has(v.protocol));
      const licenceVsReservation = values.some(
        (v) =>
          !LICENCE_PROTOCOLS.has(v.protocol) &&
          v.items.some((e) => e.reservation) &&
          licence.some((l) => restrictiveness(l.permission) < restrictiveness(v.permission)),
      );
      conflicts.push({
        use,
        code: licenceVsReservation ? 'license_vs_reservation' : 'cross_protocol',
        values: values
          .sort((a, b) => restrictiveness(b.permission) - restrictiveness(a.permission))
          .map((v) => ({ protocol: v.protocol, permission: v.permission, evidenceIds: v.items.map((e) => e.id) })),
        resolved: final,
        rule: 'P4: across protocols the most restrictive statement wins',
      });
    }
  }
  return { uses, conditions, decidedBy, conflicts, superseded };
}

/**
 * The evidence as a verdict reports it: `superseded` set on exactly the ids `combine` named. Evidence is
 * never changed in place (the same object may sit in several verdicts); marked items are copies.
 */
export function markSuperseded(evidence: readonly Evidence[], superseded: ReadonlySet<string>): Evidence[] {
  return evidence.map((e) => {
    const marked = superseded.has(e.id);
    if (marked === Boolean(e.superseded)) return e;
    if (marked) return { ...e, superseded: true };
    const { superseded: _dropped, ...rest } = e;
    return rest;
  });
}
