import { availableParallelism } from 'node:os';
import { DEFAULT_DB_PATH } from '../store/open.js';

/** Everything the service can be told, by flag or environment (see `clearance serve --help`). */
export interface ServiceConfig {
  port: number;
  host: string;
  dbPath: string;
  /** Keep page bodies (gzip) in the store; default keeps only text excerpts around the evidence. */
  storeBodies: boolean;
  /** Largest JSON request body (POST /v1/check, POST /v1/keys). */
  maxBodyBytes: number;
  /** Largest site file (PUT /v1/sites/..., and each file inline in `site`). */
  maxSiteFileBytes: number;
  /** Largest single line of a batch (a batch itself is streamed and has no total limit). */
  maxBatchLineBytes: number;
  /** Most characters of page text kept per fetch as excerpts (default mode). */
  maxExcerptChars: number;
  logLevel: string;
  /** Per API key: sustained requests per second and burst size. 0 requests/s turns the limit off. */
  rateLimit: { perSecond: number; burst: number };
  /** SQLite durability: see StoreConfig.sync. */
  dbSync: 'normal' | 'full';
  /** Page checks (src/service/checks/): worker threads, 0 = on the HTTP thread (debugging only). */
  checkWorkers: number;
  /** Checks waiting for a worker beyond which requests get 503 + Retry-After. */
  checkQueue: number;
  /** Time budget of one check (ms): past it the text analysis stops and the verdict is flagged. */
  checkBudgetMs: number;
  /** A check still running this long is stopped and its worker replaced (ms). */
  checkHardLimitMs: number;
  /** Old-generation heap cap of each check worker (MB; 0 = V8 default). */
  checkWorkerHeapMb: number;
  /** Seconds between ledger checkpoints (src/audit/ledger.ts); 0 = only when the service stops. */
  checkpointEverySec: number;
  /** Where checkpoint anchors are appended (default: the database path + ".anchors"). */
  anchorFile: string | null;
}

export const DEFAULT_CONFIG: ServiceConfig = {
  port: 8080,
  host: '0.0.0.0',
  dbPath: DEFAULT_DB_PATH,
  storeBodies: false,
  maxBodyBytes: 10 * 1024 * 1024,
  maxSiteFileBytes: 1024 * 1024,
  maxBatchLineBytes: 10 * 1024 * 1024,
  maxExcerptChars: 8 * 1024,
  logLevel: 'info',
  rateLimit: { perSecond: 100, burst: 200 },
  dbSync: 'normal',
  checkWorkers: availableParallelism(),
  checkQueue: 1024,
  checkBudgetMs: 2000,
  checkHardLimitMs: 30_000,
  checkWorkerHeapMb: 256,
  checkpointEverySec: 300,
  anchorFile: null,
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A configuration value that does not parse; the message names the flag / variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/** `10mb`, `512kb`, `1048576` → bytes. */
export function parseBytes(value: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new ConfigError(`${name} must be a size like 10mb, 512kb or 1048576; got "${value}"`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new ConfigError(`${name} must be at least 1 byte; got "${value}"`);
  return bytes;
}

export function parsePort(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535)
    throw new ConfigError(`${name} must be a port number 0-65535; got "${value}"`);
  return Number(value);
}

export function parseBool(value: string, name: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false; got "${value}"`);
}

function parseNonNegative(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a number ≥ 0; got "${value}"`);
  return n;
}

export interface ConfigSources {
  /** Parsed flags (strings / booleans as given on the command line). */
  flags: Partial<Record<string, string | boolean | undefined>>;
  env: NodeJS.ProcessEnv;
}

/** Flags win over environment variables, which win over defaults. */
export function resolveConfig({ flags, env }: ConfigSources): ServiceConfig {
  if (env.DATABASE_URL && !flags.db)
    throw new ConfigError(
      'DATABASE_URL is set, but this version stores only in SQLite; unset it (or pass --db FILE) to use the SQLite file',
    );
  const pick = (flag: string, envName: string): string | undefined => {
    const f = flags[flag];
    if (typeof f === 'string') return f;
    const e = env[envName];
    return e === undefined || e === '' ? undefined : e;
  };
  const c: ServiceConfig = { ...DEFAULT_CONFIG, rateLimit: { ...DEFAULT_CONFIG.rateLimit } };
  const port = pick('port', 'PORT');
  if (port !== undefined) c.port = parsePort(port, '--port / PORT');
  c.host = pick('host', 'HOST') ?? c.host;
  c.dbPath = pick('db', 'CLEARANCE_DB') ?? c.dbPath;
  if (flags['store-bodies'] === true) c.storeBodies = true;
  else if (env.CLEARANCE_STORE_BODIES !== undefined)
    c.storeBodies = parseBool(env.CLEARANCE_STORE_BODIES, 'CLEARANCE_STORE_BODIES');
  const maxBody = pick('max-body', 'CLEARANCE_MAX_BODY');
  if (maxBody !== undefined) c.maxBodyBytes = parseBytes(maxBody, '--max-body / CLEARANCE_MAX_BODY');
  c.maxBatchLineBytes = c.maxBodyBytes;
  const maxLine = pick('max-batch-line', 'CLEARANCE_MAX_BATCH_LINE');
  if (maxLine !== undefined) c.maxBatchLineBytes = parseBytes(maxLine, '--max-batch-line / CLEARANCE_MAX_BATCH_LINE');
  const maxSite = pick('max-site-file', 'CLEARANCE_MAX_SITE_FILE');
  if (maxSite !== undefined) c.maxSiteFileBytes = parseBytes(maxSite, '--max-site-file / CLEARANCE_MAX_SITE_FILE');
  const maxExcerpt = pick('max-excerpt', 'CLEARANCE_MAX_EXCERPT');
  if (maxExcerpt !== undefined) c.maxExcerptChars = parseBytes(maxExcerpt, '--max-excerpt / CLEARANCE_MAX_EXCERPT');
  const level = pick('log-level', 'LOG_LEVEL') ?? pick('log-level', 'CLEARANCE_LOG_LEVEL');
  if (level !== undefined) {
    if (!(LOG_LEVELS as readonly string[]).includes(level))
      throw new ConfigError(`--log-level / LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${level}"`);
    c.logLevel = level;
  }
  const rate = pick('rate-limit', 'CLEARANCE_RATE_LIMIT');
  if (rate !== undefined) {
    c.rateLimit.perSecond = parseNonNegative(rate, '--rate-limit / CLEARANCE_RATE_LIMIT');
    c.rateLimit.burst = Math.max(1, Math.ceil(c.rateLimit.perSecond * 2));
  }
  const burst = pick('rate-burst', 'CLEARANCE_RATE_BURST');
  if (burst !== undefined)
    c.rateLimit.burst = Math.max(1, parseNonNegative(burst, '--rate-burst / CLEARANCE_RATE_BURST'));
  const sync = pick('db-sync', 'CLEARANCE_DB_SYNC');
  if (sync !== undefined) {
    if (sync !== 'normal' && sync !== 'full')
      throw new ConfigError(`--db-sync / CLEARANCE_DB_SYNC must be normal or full; got "${sync}"`);
    c.dbSync = sync;
  }
  const count = (flag: string, envName: string, min: number): number | undefined => {
    const v = pick(flag, envName);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim()) || Number(v) < min)
      throw new ConfigError(`--${flag} / ${envName} must be a whole number ≥ ${min}; got "${v}"`);
    return Number(v);
  };
  c.checkWorkers = count('check-workers', 'CLEARANCE_CHECK_WORKERS', 0) ?? c.checkWorkers;
  c.checkQueue = count('check-queue', 'CLEARANCE_CHECK_QUEUE', 1) ?? c.checkQueue;
  c.checkBudgetMs = count('check-budget-ms', 'CLEARANCE_CHECK_BUDGET_MS', 1) ?? c.checkBudgetMs;
  c.checkHardLimitMs = count('check-hard-limit-ms', 'CLEARANCE_CHECK_HARD_LIMIT_MS', 1) ?? c.checkHardLimitMs;
  c.checkWorkerHeapMb = count('check-worker-heap-mb', 'CLEARANCE_CHECK_WORKER_HEAP_MB', 0) ?? c.checkWorkerHeapMb;
  c.checkpointEverySec = count('checkpoint-every', 'CLEARANCE_CHECKPOINT_EVERY', 0) ?? c.checkpointEverySec;
  c.anchorFile = pick('anchor-file', 'CLEARANCE_ANCHOR_FILE') ?? c.anchorFile;
  if (c.checkHardLimitMs < c.checkBudgetMs)
    throw new ConfigError('--check-hard-limit-ms must be at least --check-budget-ms');
  return c;
}
