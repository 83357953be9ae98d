import { parseArgs } from 'node:util';
import { startService } from '../serve/startService.js';
import { ConfigError, resolveConfig } from '../service/config.js';
import { StoreError } from '../store/open.js';
import { type CliIO, EXIT, UsageError } from './io.js';

export const SERVE_USAGE = `usage: clearance serve [--port N] [--host ADDR] [--db FILE] [--store-bodies] [--max-body SIZE]
                       [--max-site-file SIZE] [--max-batch-line SIZE] [--log-level LEVEL]
                       [--rate-limit N] [--rate-burst N] [--db-sync normal|full] [--check-workers N]
                       [--check-budget-ms N] [--check-hard-limit-ms N] [--check-queue N]
                       [--check-worker-heap-mb N] [--checkpoint-every SECONDS] [--anchor-file FILE]

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
    --check-workers   CLEARANCE_CHECK_WORKERS  threads that check pages (default: CPU count; 0 = on the
                                               HTTP thread, which then blocks every request: debug only)
    --check-budget-ms CLEARANCE_CHECK_BUDGET_MS  time budget of one check (default 2000): past it the
                                               text analysis stops, the verdict is flagged
                                               check_budget_exceeded and goes to review
    --check-hard-limit-ms CLEARANCE_CHECK_HARD_LIMIT_MS  a check still running this long is stopped and
                                               its worker replaced (default 30000)
    --check-queue     CLEARANCE_CHECK_QUEUE    checks waiting for a worker before 503 (default 1024)
    --check-worker-heap-mb CLEARANCE_CHECK_WORKER_HEAP_MB  heap cap per check worker (default 256)
    --checkpoint-every CLEARANCE_CHECKPOINT_EVERY  seconds between ledger checkpoints that seal verdicts
                                               and evidence into the audit chain (default 300; 0 = only
                                               on stop); see clearance audit --help
    --anchor-file     CLEARANCE_ANCHOR_FILE    where checkpoint anchors are appended (default DB.anchors)
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
        'check-workers': { type: 'string' },
        'check-budget-ms': { type: 'string' },
        'check-hard-limit-ms': { type: 'string' },
        'check-queue': { type: 'string' },
        'check-worker-heap-mb': { type: 'string' },
        'checkpoint-every': { type: 'string' },
        'anchor-file': { type: 'string' },
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
