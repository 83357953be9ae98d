import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { Engine } from '../../src/engine/engine.js';
import { createApp, type ServiceApp } from '../../src/service/app.js';
import type { ServiceConfig } from '../../src/service/config.js';
import { createLogger } from '../../src/service/logging.js';
import { openApiDocument } from '../../src/service/openapi/document.js';
import { addClearanceFormats } from '../../src/service/validate.js';
import { openStore, type Store } from '../../src/store/open.js';
import { createKey } from '../../src/store/repos/keys.js';
import { ROLES, type Role } from '../../src/store/schema.js';

/** One engine for the whole test file: rules load once, as in the service. */
export const engine = new Engine();

export interface TestService extends ServiceApp {
  store: Store;
  dir: string;
  keys: Record<Role, string>;
  cleanup: () => Promise<void>;
}

/** The real app on a real SQLite file in a temp folder, with one key per role. */
export async function testService(config: Partial<ServiceConfig> = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-service-'));
  const store = await openStore({ path: join(dir, 'clearance.db') });
  const service = createApp({
    store,
    engine,
    config: { logLevel: 'silent', rateLimit: { perSecond: 0, burst: 1 }, checkWorkers: 1, ...config },
    logger: createLogger('silent'),
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

const ajv = addClearanceFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(openApiDocument(), 'openapi.json');

/** Asserts that a response body matches the schema the OpenAPI document promises for it. */
export function expectSchema(body: unknown, schema: string): void {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  const ok = validate(body);
  if (!ok) throw new Error(`response does not match ${schema}: ${ajv.errorsText(validate.errors)}`);
}

export const RESERVED_HTML =
  '<!doctype html><html lang="en"><head><title>Story</title><meta name="robots" content="noai">' +
  '<link rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/"></head>' +
  '<body><article><p>Story text that matters.</p></article><footer>© 2026 Example News. All rights reserved.</footer></body></html>';

export const PLAIN_HTML =
  '<!doctype html><html lang="de"><head><title>Plain</title></head><body><p>Nichts hier.</p></body></html>';
