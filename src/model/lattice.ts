import type { Permission } from './uses.js';

/**
 * Cross-protocol order: denied beats conditional beats allowed beats unknown (docs/precedence.md, P4).
 * A rank, not an enum index, so the order is stated in one place.
 */
const RANK: Record<Permission, number> = { unknown: 0, allowed: 1, conditional: 2, denied: 3 };

export function restrictiveness(p: Permission): number {
  return RANK[p];
}

/** The more restrictive of two permissions. */
export function stricter(a: Permission, b: Permission): Permission {
  return RANK[a] >= RANK[b] ? a : b;
}

export function strictest(values: Iterable<Permission>): Permission {
  let out: Permission = 'unknown';
  for (const v of values) out = stricter(out, v);
  return out;
}

/** A restriction is anything the rights holder limits: denied, or allowed only on conditions. */
export function isRestrictive(p: Permission): boolean {
  return p === 'denied' || p === 'conditional';
}
