import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { reviewDb } from './schema.js';

/**
 * Counters in review_meta that tell caches, in any process, that something changed:
 * `conclusions_version` (a conclusion was made or revoked), `items_version` (the queue was written).
 */
export type MetaCounter = 'conclusions_version' | 'items_version';

export async function bumpCounter(trx: Kysely<Database>, key: MetaCounter): Promise<void> {
  await reviewDb(trx)
    .insertInto('review_meta')
    .values({ key, value: '1' })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({ value: eb.cast(eb(eb.cast('value', 'integer'), '+', 1), 'text') })),
    )
    .execute();
}

export async function readCounter(db: Kysely<Database>, key: MetaCounter): Promise<string> {
  const row = await reviewDb(db).selectFrom('review_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? '0';
}
