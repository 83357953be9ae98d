import { parseArgs } from 'node:util';
import { ConfigError, resolveConfig } from '../service/config.js';
import { startService } from '../service/server.js';
import { StoreError } from '../store/open.js';
import { type CliIO, EXIT, UsageError } from './io.js';

export const SERVE_USAGE = `usage: clearance serve [--port N] [--host ADDR] [--db FILE] [--store-bodies] [--max-body SIZE]
                       [--max-site-file SIZE] [--max-batch-line SIZE] [--log-level LEVEL]
                       [--rate-limit N] [--rate-burst N] [--db-sync normal|full]

  Starts the HTTP API (see GET /openapi.json). Every setting also comes from the environment; flags win.
    --port            PORT                     listen port (default 8080; 0 = any free port)
    --host            HOST                     listen address (default 0.0.0.0)
    --db              CLEARANCE_DB             SQLite file (default var/clearance.db; folder created)
    --store-bodies    CLEARANCE_STORE_BODIES   keep page bodies (gzip); default: text excerpts only
    --max-body        CLEARANCE_MAX_BODY       largest JSON body (default 10mb; sizes like 512kb, 2mb)
    --max-site-file   CLEARANCE_MAX_SITE_FILE  largest site file upload (default 1mb)
    --max-batch-line  CLEARANCE_MAX_BATCH_LINE largest batch line (default: --max-body)
    --max-excerpt     CLEARANCE_MAX_EXCERPT    page text kept per fetch (default 8kb)
    --log-level       LOG_LEVEL                fatal|error|warn|info|debug|trace|silent (default info)
    --rate-limit      CLEARANCE_RATE_LIMIT     requests/s per API key (default 100; 0 = off)
    --rate-burst      CLEARANCE_RATE_BURST     burst per key (default 2 × rate)
    --db-sync         CLEARANCE_DB_SYNC        normal (default) or full (fsync every commit)
  Logs are JSON lines on stdout; start-up notices go to stderr. Stops cleanly on SIGINT / SIGTERM.
`;

export async function runServe(argv: string[], io: CliIO, signals: NodeJS.EventEmitter = process): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'store-bodies': { type: 'boolean' },
        'max-body': { type: 'string' },
        'max-site-file': { type: 'string' },
        'max-batch-line': { type: 'string' },
        'max-excerpt': { type: 'string' },
        'log-level': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-burst': { type: 'string' },
        'db-sync': { type: 'string' },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig({ flags, env: process.env });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  let running: Awaited<ReturnType<typeof startService>>;
  try {
    running = await startService(config, { notice: (t) => io.stderr(t) });
  } catch (e) {
    if (
      e instanceof StoreError ||
      (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ||
      (e as NodeJS.ErrnoException).code === 'EACCES'
    ) {
      io.stderr(`clearance serve: ${(e as Error).message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  io.stderr(`clearance listening on http://${host}:${running.port} (database ${running.store.path})\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      io.stderr(`clearance: ${sig}, stopping\n`);
      signals.off('SIGINT', onInt);
      signals.off('SIGTERM', onTerm);
      running.stop().then(resolve, resolve);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    signals.on('SIGINT', onInt);
    signals.on('SIGTERM', onTerm);
  });
  return EXIT.ok;
}
