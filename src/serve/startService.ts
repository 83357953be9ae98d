import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { appendAnchor, defaultAnchorFile } from '../audit/anchors.js';
import { checkpointLedger } from '../audit/ledger.js';
import { mountDashboard } from '../dashboard/index.js';
import { Engine } from '../engine/engine.js';
import { createApp, type ServiceApp } from '../service/app.js';
import { answerClientErrors } from '../service/clientError.js';
import type { ServiceConfig } from '../service/config.js';
import { createLogger, type Logger } from '../service/logging.js';
import { openStore, type Store } from '../store/open.js';
import { countActiveKeys } from '../store/repos/keys.js';

export interface RunningService {
  server: Server;
  store: Store;
  service: ServiceApp;
  /** The bound port (useful with port 0). */
  port: number;
  /** Stops accepting connections, lets requests in flight finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the store, builds the app and listens. Used by `clearance serve`; tests call it too.
 * `notice` receives human-facing start-up text (the CLI prints it on stderr).
 */
export async function startService(
  config: ServiceConfig,
  options: { logger?: Logger; notice?: (text: string) => void; engine?: Engine } = {},
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const creating = config.dbPath !== ':memory:' && !existsSync(resolvePath(config.dbPath));
  const store = await openStore({ path: config.dbPath, sync: config.dbSync });
  if (creating) options.notice?.(`Created a new database at ${store.path}.\n`);
  const engine = options.engine ?? new Engine();
  // The review dashboard is served by the same app at /dashboard.
  const service = createApp({ store, engine, config, logger, mount: [mountDashboard] });
  if ((await countActiveKeys(store.db, 'admin')) === 0)
    options.notice?.(
      `No admin API key exists yet. Create the first one with:\n` +
        `  CLEARANCE_DB=${JSON.stringify(config.dbPath)} npx clearance keys create --role admin --label admin\n` +
        `(and crawler keys with --role crawler). Requests carry it as: Authorization: Bearer <key>\n`,
    );
  const server = service.app.listen(config.port, config.host);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Keep-alive slightly longer than common load balancers' idle timeout; headers must arrive promptly.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      port,
      host: config.host,
      db: store.path,
      rulesVersion: engine.resources.rulesVersion,
      storeBodies: config.storeBodies,
    },
    'clearance service listening',
  );
  const anchorFile = config.anchorFile ?? defaultAnchorFile(store.path);
  const checkpoint = async (): Promise<void> => {
    try {
      const c = await checkpointLedger(store, 'system:service');
      if (c.created && anchorFile) appendAnchor(anchorFile, c.entryId, c.anchor);
      if (c.created) logger.info({ entryId: c.entryId, anchor: c.anchor, ledger: c.state }, 'ledger checkpoint');
    } catch (e) {
      logger.error({ err: e }, 'ledger checkpoint failed');
    }
  };
  let checkpointing: Promise<void> = Promise.resolve();
  const timer =
    config.checkpointEverySec > 0
      ? setInterval(() => {
          checkpointing = checkpointing.then(checkpoint);
        }, config.checkpointEverySec * 1000)
      : null;
  timer?.unref();
  let stopping: Promise<void> | undefined;
  return {
    server,
    store,
    service,
    port,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        if (timer) clearInterval(timer);
        await service.close();
        // Seal what this run stored, so a verify right after stop covers every verdict.
        await checkpointing;
        await checkpoint();
        await store.close();
        logger.info('clearance service stopped');
      })();
      return stopping;
    },
  };
}
