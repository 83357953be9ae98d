/**
 * The seven uses clearance answers for, and the four permissions. These names are a public contract
 * (verdict JSON, database rows, exports): never rename them.
 */
export const USES = ['search', 'ai-train', 'ai-input', 'tdm', 'redistribution', 'commercial', 'derivatives'] as const;
export type Use = (typeof USES)[number];

export const PERMISSIONS = ['allowed', 'conditional', 'denied', 'unknown'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Uses whose restriction by the rights holder makes a page "reserved" (Art. 4(3) DSM and AI uses). */
export const RESERVATION_USES: readonly Use[] = ['ai-train', 'ai-input', 'tdm'];

export type Effects = Partial<Record<Use, Permission>>;
export type UseMap = Record<Use, Permission>;

export function isUse(value: unknown): value is Use {
  return typeof value === 'string' && (USES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function emptyUses(): UseMap {
  return {
    search: 'unknown',
    'ai-train': 'unknown',
    'ai-input': 'unknown',
    tdm: 'unknown',
    redistribution: 'unknown',
    commercial: 'unknown',
    derivatives: 'unknown',
  };
}
