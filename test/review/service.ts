import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApp, type ServiceApp } from '../../src/service/app';
import type { ServiceContext } from '../../src/service/context';
import { createLogger } from '../../src/service/logging';
import { openStore, type Store } from '../../src/store/open';
import { createKey } from '../../src/store/repos/keys';
import { ROLES, type Role } from '../../src/store/schema';
import { engine } from './helpers';

export interface ReviewService extends ServiceApp {
  store: Store;
  dir: string;
  keys: Record<Role, string>;
  cleanup: () => Promise<void>;
}

/** The real app (real SQLite file in a temp folder), one key per role, extra mounts (the dashboard). */
export async function reviewService(
  mount: ((app: Express, ctx: ServiceContext) => void)[] = [],
): Promise<ReviewService> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-review-svc-'));
  const store = await openStore({ path: join(dir, 'clearance.db') });
  const service = createApp({
    store,
    engine,
    config: { logLevel: 'silent', rateLimit: { perSecond: 0, burst: 1 }, checkWorkers: 1 },
    logger: createLogger('silent'),
    mount,
  });
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createKey(store, { role, label: `test-${role}`, actor: 'test' })).key;
  return {
    ...service,
    store,
    dir,
    keys,
    cleanup: async () => {
      await service.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
