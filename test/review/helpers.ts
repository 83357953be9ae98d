import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { normaliseHeaders } from '../../src/model/headers';
import type { Actor } from '../../src/review/db/conclusions';
import { ingestInTransaction } from '../../src/store/ingest';
import { openStore, type Store } from '../../src/store/open';

export const engine = new Engine();

export const alice: Actor = { id: 'key:1', label: 'alice' };

export async function tempStore(): Promise<{ store: Store; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-review-'));
  const store = await openStore({ path: join(dir, 'clearance.db') });
  return {
    store,
    dir,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page whose only signal is a TDMRep meta reservation: excluded from training, machine-readable. */
export const TDM_RESERVED = (title = 'News') =>
  `<html lang="en"><head><title>${title}</title><meta name="tdm-reservation" content="1"></head><body><p>${title} text.</p></body></html>`;

/** A page with `noai`: ai-train denied. */
export const NOAI =
  '<html lang="fr"><head><meta name="robots" content="noai"></head><body><p>Bonjour</p></body></html>';

export const PLAIN = '<html lang="de"><head><title>Plain</title></head><body><p>Nichts.</p></body></html>';

/** Checks a page with the real engine and stores it, as the service does (`decidedAt`: pretend it was then). */
export async function storePage(
  store: Store,
  url: string,
  body: string,
  options: { headers?: Record<string, string>; fetchedAt?: string; profile?: string; decidedAt?: string } = {},
): Promise<number> {
  const verdict = engine.check({ url, headers: options.headers ?? {}, body }, { profile: options.profile });
  const input = {
    fetch: {
      url: new URL(url),
      headers: normaliseHeaders(options.headers ?? {}),
      body,
      status: 200,
      fetchedAt: options.fetchedAt,
    },
    verdict,
  };
  const r = await store.write((trx) => ingestInTransaction(trx, input, options.decidedAt));
  return r.verdictId;
}
