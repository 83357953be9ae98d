import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/** The default SQLite file, relative to the working directory (its folder is created). */
export const DEFAULT_DB_PATH = 'var/clearance.db';

export interface StoreConfig {
  /** SQLite file path (`:memory:` only for throw-away use; tests use a temp file). */
  path?: string;
  /**
   * SQLite `synchronous`: `normal` (default; in WAL mode a process crash loses nothing, an OS crash or
   * power cut may lose the last commits) or `full` (fsync every commit, ~1 ms more per write).
   */
  sync?: 'normal' | 'full';
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/** A failure to open or migrate the database, with a message that names the file. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * The one handle every part of clearance uses to reach the database: the Kysely instance plus the few
 * operations whose SQL differs between dialects. Repositories take `store.db` (or a transaction).
 */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite';
  /** Absolute path of the SQLite file. */
  readonly path: string;
  /**
   * Runs `fn` in one write transaction. SQLite: `BEGIN IMMEDIATE`, so a writer in another process (the
   * server and `clearance keys` / batch `--store` share the file) waits on the busy timeout instead of
   * failing half-way with SQLITE_BUSY. Do not call `write` again inside `fn`.
   */
  write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Bytes on disk (database + WAL). */
  sizeBytes(): number;
  /** True once `close` was called: background work checks it before touching the database. */
  readonly closed: boolean;
  close(): Promise<void>;
}

function openSqlite(path: string, config: StoreConfig): BetterSqlite3.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path);
  } catch (e) {
    throw new StoreError(`cannot open database ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${config.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs ?? 5000))}`);
  } catch (e) {
    raw.close();
    throw new StoreError(`cannot open database ${path}: ${(e as Error).message}`, { cause: e });
  }
  return raw;
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing was a quarter of the ingest time. Kysely
 * produces the same SQL text for the same query shape, so statements are cached by SQL (bounded; the
 * least recently added is dropped first). better-sqlite3 statements are reusable once a run completes,
 * and the driver never holds two executions of one statement at once (single connection, serialised).
 */
function withStatementCache(raw: BetterSqlite3.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = raw.prepare(sqlText);
        cache.set(sqlText, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/** Opens (creating if needed) the database and brings its schema to the latest migration. */
export async function openStore(config: StoreConfig = {}): Promise<Store> {
  const requested = config.path ?? DEFAULT_DB_PATH;
  const path = requested === ':memory:' ? requested : resolve(requested);
  const raw = openSqlite(path, config);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    await db.destroy();
    throw new StoreError(
      `cannot migrate database ${path}${failed ? ` (migration ${failed})` : ''}: ${(error as Error).message ?? error}`,
      { cause: error },
    );
  }
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    path,
    get closed() {
      return closed;
    },
    async write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      return db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const out = await fn(conn);
          await sql`commit`.execute(conn);
          return out;
        } catch (e) {
          await sql`rollback`.execute(conn);
          throw e;
        }
      });
    },
    sizeBytes() {
      if (path === ':memory:') return 0;
      let total = 0;
      for (const f of [path, `${path}-wal`]) {
        try {
          total += statSync(f).size;
        } catch {
          // no WAL file yet
        }
      }
      return total;
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
