import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { normaliseHeaders } from '../../src/model/headers.js';
import type { IngestInput } from '../../src/store/ingest.js';
import { openStore, type Store } from '../../src/store/open.js';

/** A temp folder per test file; removed by `cleanup`. */
export function tempDir(prefix = 'clearance-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempStore(): Promise<{ store: Store; dir: string; cleanup: () => Promise<void> }> {
  const t = tempDir();
  const store = await openStore({ path: join(t.dir, 'db', 'clearance.db') });
  return {
    store,
    dir: t.dir,
    cleanup: async () => {
      await store.close();
      t.cleanup();
    },
  };
}

export const engine = new Engine();

export const RESERVED_PAGE =
  '<html lang="en"><head><meta name="robots" content="noai, noimageai">' +
  '<link rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/"></head>' +
  '<body><p>Story text.</p><footer>© 2026 Example. All rights reserved.</footer></body></html>';

export const PLAIN_PAGE = '<html lang="de"><head><title>Plain</title></head><body><p>Nothing here.</p></body></html>';

/** Checks a page with the real engine and builds the ingest input for it. */
export function checked(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  options: { profile?: string; snapshotIds?: number[]; fetchedAt?: string } = {},
): IngestInput {
  const verdict = engine.check({ url, headers, body }, { profile: options.profile });
  return {
    fetch: {
      url: new URL(url),
      headers: normaliseHeaders(headers),
      body,
      status: 200,
      fetchedAt: options.fetchedAt,
    },
    verdict,
    snapshotIds: options.snapshotIds,
  };
}
