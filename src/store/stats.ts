import type { Store } from './open.js';
import type { Database } from './schema.js';

export const COUNTED_TABLES = [
  'fetches',
  'verdicts',
  'evidence',
  'site_snapshots',
  'api_keys',
  'audit_log',
] as const satisfies readonly (keyof Database)[];

export interface StoreStats {
  rows: Record<(typeof COUNTED_TABLES)[number], number>;
  bytes: number;
}

/** Row counts and bytes on disk, for /metrics (COUNT(*) is a few ms per 100k rows; scrapes are rare). */
export async function storeStats(store: Store): Promise<StoreStats> {
  const rows = {} as StoreStats['rows'];
  for (const t of COUNTED_TABLES) {
    const r = await store.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    rows[t] = Number(r.n);
  }
  return { rows, bytes: store.sizeBytes() };
}
