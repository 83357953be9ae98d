import type { Condition } from '../../model/conditions.js';
import { mergeConditions } from '../../model/conditions.js';
import { isRestrictive, strictest } from '../../model/lattice.js';
import { type Effects, type Permission, RESERVATION_USES, USES, type Use } from '../../model/uses.js';
import type { ClauseResult, UseEffect } from './classify.js';
import type { Concept } from './lexicon.js';

/**
 * Clauses → notices. A notice is a run of rights clauses close to each other in one passage (a footer, a
 * terms section, a plain-text file): exceptions and licensing paths in one sentence qualify the
 * restriction in the sentence before ("The above restriction does not apply…"), so a notice, not a
 * sentence, is the unit that gets effects.
 */

export type NoticeKind = 'reservation' | 'restriction' | 'copyright-only' | 'permission';

export interface Notice {
  /** Offsets of the first and last clause in the analysed text. */
  start: number;
  end: number;
  clauses: ClauseResult[];
  effects: Effects;
  conditions: Condition[];
  exceptions: string[];
  kind: NoticeKind;
  /** Restricts ai-train, ai-input or tdm. */
  reservation: boolean;
  confidence: number;
  /** Per use, the indexes (in `clauses`) of the clauses that decided it. */
  decidedBy: Partial<Record<Use, number[]>>;
}

/** Sentences without rights language allowed between two clauses of the same notice. */
export const MAX_CLAUSE_GAP = 3;

export function isRelevant(c: ClauseResult): boolean {
  if (c.ignored) return false;
  return (
    Object.keys(c.effects).length > 0 ||
    Object.keys(c.grants).length > 0 ||
    c.generalConsent ||
    (c.backReference && c.exceptions.length > 0)
  );
}

/** Groups relevant clauses (in text order) into runs; `index` = sentence index of each clause. */
export function clusterClauses(clauses: readonly { clause: ClauseResult; index: number }[]): ClauseResult[][] {
  const groups: ClauseResult[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const { clause, index } of clauses) {
    if (!isRelevant(clause)) continue;
    if (index - last - 1 > MAX_CLAUSE_GAP || groups.length === 0) groups.push([clause]);
    else groups[groups.length - 1]!.push(clause);
    last = index;
  }
  return groups;
}

const SPECIFIC_CONCEPTS = new Set(['tdm', 'scrape', 'ai-train', 'ai-input', 'ai-use']);

export function clauseConfidence(c: ClauseResult): number {
  if (c.modality === 'copyright') return 0.8;
  let conf = 0.55;
  if (c.modality === 'prohibit' || c.modality === 'reserve' || c.modality === 'consent') conf += 0.15;
  else if (c.modality === 'permit') conf += 0.1;
  if (c.concepts.some((k) => SPECIFIC_CONCEPTS.has(k)) || c.statute) conf += 0.1;
  if (c.statute) conf += 0.1;
  if (c.selfReference) conf += 0.05;
  if (c.inheritedModality) conf -= 0.05;
  return Math.min(0.95, conf);
}

/** Uses whose carve-outs ("does not apply to search engines") beat the notice's general restriction. */
export function carveOutUses(concepts: ReadonlyMap<string, Concept>): Set<Use> {
  const out = new Set<Use>();
  for (const c of concepts.values()) if (c.inException === 'allow') for (const u of c.uses) out.add(u);
  return out;
}

/**
 * Notice-level resolution, per use:
 * - a reservation with a licensing path anywhere in the notice ("reserved … licences on request") is
 *   conditional, not denied; a consent path that names no use ("exceptions require written permission")
 *   turns every denial of the notice into a conditional;
 * - carve-outs and permissions for search and AI answers beat the notice's general restriction (they are
 *   written as exceptions to it); for every other use the strictest statement wins.
 */
/**
 * What a passage's notices share, computed once per passage (per notice it made resolution quadratic in
 * the number of rights clauses): the first licensing path, the uses one may ask permission for, and how
 * many clauses carve out or permit each carve-out use.
 */
export interface PassageContext {
  pathClause: ClauseResult | undefined;
  askable: ReadonlySet<Use>;
  carveOutGrants: ReadonlyMap<Use, number>;
}

/** Carve-out uses a clause grants (as an exception or a permission), once each. */
function carveOutsOf(c: ClauseResult, carveOuts: ReadonlySet<Use>): Set<Use> {
  const out = new Set<Use>();
  if (c.ignored) return out;
  for (const [use, e] of Object.entries(c.grants).concat(Object.entries(c.effects)) as [Use, UseEffect][])
    if (carveOuts.has(use) && (e.origin === 'exception' || e.origin === 'permit')) out.add(use);
  return out;
}

export function passageContext(context: readonly ClauseResult[], carveOuts: ReadonlySet<Use>): PassageContext {
  // Uses some clause of the passage lets one ask permission for ("commercial use requires written consent").
  const askable = new Set<Use>();
  const carveOutGrants = new Map<Use, number>();
  for (const c of context) {
    for (const [use, e] of Object.entries(c.effects) as [Use, UseEffect][])
      if (e.permission === 'conditional' && e.origin !== 'permit') askable.add(use);
    for (const use of carveOutsOf(c, carveOuts)) carveOutGrants.set(use, (carveOutGrants.get(use) ?? 0) + 1);
  }
  return { pathClause: context.find((c) => c.consentPath && !c.ignored), askable, carveOutGrants };
}

export function resolveNotice(
  clauses: ClauseResult[],
  carveOuts: ReadonlySet<Use>,
  passage: PassageContext = passageContext(clauses, carveOuts),
): Notice {
  // A licensing path or a carve-out anywhere in the passage (the footer, the terms, the text file) applies
  // to its reservations; a consent path that names no use only to its own notice.
  const { pathClause, askable } = passage;
  const generalClause = clauses.find((c) => c.generalConsent);
  const own = new Map<Use, number>();
  for (const c of clauses) for (const use of carveOutsOf(c, carveOuts)) own.set(use, (own.get(use) ?? 0) + 1);
  const grantedElsewhere = new Set<Use>();
  for (const [use, n] of passage.carveOutGrants) if (n > (own.get(use) ?? 0)) grantedElsewhere.add(use);
  const pathSource = generalClause ?? pathClause;
  const pathConditions: Condition[] = pathSource
    ? (pathSource.conditionKinds.filter((k) => k !== 'attribution').length > 0
        ? pathSource.conditionKinds.filter((k) => k !== 'attribution')
        : (['consent'] as const)
      ).map((kind) => ({ kind, text: shorten(pathSource.text) }))
    : [];
  const restrictions = new Map<Use, { e: UseEffect; i: number }[]>();
  const grants = new Map<Use, { e: UseEffect; i: number }[]>();
  const push = (m: Map<Use, { e: UseEffect; i: number }[]>, use: Use, e: UseEffect, i: number) => {
    const list = m.get(use);
    if (list) list.push({ e, i });
    else m.set(use, [{ e, i }]);
  };
  clauses.forEach((c, i) => {
    for (const [use, eff] of Object.entries(c.effects) as [Use, UseEffect][]) {
      let e = eff;
      const upgradable =
        e.permission === 'denied' &&
        (pathClause ?? generalClause) !== undefined &&
        (e.origin === 'prohibit' || e.origin === 'reserve' || e.origin === 'copyright');
      if (upgradable) e = { ...e, permission: 'conditional', conditions: [...e.conditions, ...pathConditions] };
      // "… for non-commercial use only" does not grant commercial use; where the passage says how to ask
      // for it, commercial use is conditional, not denied.
      else if (e.permission === 'denied' && e.origin === 'only' && askable.has(use))
        e = {
          ...e,
          permission: 'conditional',
          conditions: [{ kind: 'consent', text: 'permission can be requested (see the notice)' }],
        };
      push(e.origin === 'permit' ? grants : restrictions, use, e, i);
    }
    for (const [use, eff] of Object.entries(c.grants) as [Use, UseEffect][]) push(grants, use, eff, i);
  });
  const effects: Effects = {};
  const conditions: Condition[] = [];
  const decidedBy: Partial<Record<Use, number[]>> = {};
  // Uses restricted by a restriction (prohibit, reserve, consent required…), not by a permission's terms.
  const restricted = new Set<Use>();
  for (const use of USES) {
    const r = restrictions.get(use) ?? [];
    const g = grants.get(use) ?? [];
    if (g.length === 0 && grantedElsewhere.has(use)) continue; // the notice that carves it out says so
    let pool = carveOuts.has(use) && g.length > 0 ? g : [...r, ...g];
    // A heading summarises its section; when the sentences speak about the use, they decide. A heading that
    // only announces a permission ("Permission to Crawl") leaves the details to its sentences.
    const body = clauses.some((c) => !c.heading && Object.keys(c.effects).length > 0);
    if (pool.some((x) => !clauses[x.i]!.heading)) pool = pool.filter((x) => !clauses[x.i]!.heading);
    else if (body) pool = pool.filter((x) => x.e.origin !== 'permit');
    if (pool.length === 0) continue;
    const value: Permission = strictest(pool.map((x) => x.e.permission));
    effects[use] = value;
    const deciding = pool.filter((x) => x.e.permission === value);
    decidedBy[use] = [...new Set(deciding.map((x) => x.i))];
    if (value === 'conditional') for (const x of deciding) mergeConditions(conditions, x.e.conditions);
    if (isRestrictive(value) && deciding.some((x) => x.e.origin !== 'permit' && x.e.origin !== 'exception'))
      restricted.add(use);
  }
  // A conditional permission ("you may crawl, subject to our rules") is a licence term, not a reservation.
  const reservation = RESERVATION_USES.some((u) => restricted.has(u));
  const restrictive = USES.some((u) => isRestrictive(effects[u] ?? 'unknown'));
  const copyrightOnly =
    !reservation && clauses.every((c) => c.modality === 'copyright' || Object.keys(c.effects).length === 0);
  const kind: NoticeKind = reservation
    ? 'reservation'
    : copyrightOnly && restrictive
      ? 'copyright-only'
      : restrictive
        ? 'restriction'
        : 'permission';
  const deciders = new Set(Object.values(decidedBy).flat());
  const confidence = Math.max(0, ...clauses.filter((_, i) => deciders.has(i)).map(clauseConfidence));
  return {
    start: clauses[0]!.start,
    end: clauses[clauses.length - 1]!.end,
    clauses,
    effects,
    conditions,
    exceptions: [...new Set(clauses.flatMap((c) => c.exceptions))],
    kind,
    reservation,
    confidence,
    decidedBy,
  };
}

export function shorten(text: string, max = 200): string {
  const words = text.replace(/\s+/g, ' ').trim();
  return words.length > max ? `${words.slice(0, max - 1)}…` : words;
}
