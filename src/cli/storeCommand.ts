import { createWriteStream, existsSync, lstatSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { dateBound } from '../model/dates.js';
import type { Actor } from '../review/db/conclusions.js';
import { ConfigError, resolveConfig } from '../service/config.js';
import { openStore, type Store, StoreError } from '../store/open.js';
import { type CliIO, processIO, UsageError } from './io.js';

/**
 * What the store-reading commands (`report`, `exclusions`, `audit`) share: the database is --db, else
 * CLEARANCE_DB, else var/clearance.db (the service's own rule, src/service/config.ts); the actor the
 * audit log records is `cli:<user>`; output goes to --out FILE (written to FILE.partial and renamed at
 * the end, so a failed export never leaves a truncated file under the real name) or stdout.
 */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { id: `cli:${user}`, label: user };
}

export function dbPathOf(db: string | undefined): string {
  try {
    return resolveConfig({ flags: { db }, env: process.env }).dbPath;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * A command that only reads or audits the store must not create one: a mistyped --db / CLEARANCE_DB would
 * otherwise give an empty database that "verifies" and exports nothing (exit 2, naming the path). Only
 * `clearance serve` and `clearance keys create` create a database, and say so.
 */
export function requireExistingDb(path: string, command: string): void {
  if (path === ':memory:' || existsSync(path)) return;
  throw new UsageError(
    `clearance ${command}: no database at ${path}; check --db / CLEARANCE_DB (only \`clearance serve\` and \`clearance keys create\` create one)`,
  );
}

export async function openCliStore(db: string | undefined, io: CliIO, command: string): Promise<Store | null> {
  const path = dbPathOf(db);
  requireExistingDb(resolve(path), command);
  try {
    return await openStore({ path });
  } catch (e) {
    if (e instanceof StoreError) {
      io.stderr(`clearance ${command}: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}

export interface Destination {
  stream: Writable;
  /** Ends the output; with a file, renames FILE.partial to FILE. */
  commit(): Promise<void>;
  /** Removes a partial file. */
  abort(): Promise<void>;
}

/**
 * `--out` names a regular file: an existing device, directory, FIFO or symbolic link is refused (renaming
 * over /dev/full as root replaced the device with a file), and the partial file is created fresh, never
 * through a link left in its place.
 */
export function checkOutPath(out: string): void {
  for (const path of [out, `${out}.partial`]) {
    let st: ReturnType<typeof lstatSync> | undefined;
    try {
      st = lstatSync(path);
    } catch {
      continue; // does not exist: fine
    }
    if (st.isSymbolicLink()) throw new UsageError(`--out: ${path} is a symbolic link; name the file itself`);
    if (!st.isFile()) throw new UsageError(`--out: ${path} exists and is not a regular file`);
  }
}

export function destination(out: string | undefined, io: CliIO): Destination {
  if (out && out !== '-') {
    checkOutPath(out);
    const partial = `${out}.partial`;
    rmSync(partial, { force: true });
    const stream = createWriteStream(partial, { flags: 'wx' });
    return {
      stream,
      async commit() {
        stream.end();
        await finished(stream);
        await rename(partial, out);
      },
      async abort() {
        stream.destroy();
        await rm(partial, { force: true });
      },
    };
  }
  if (io === processIO) {
    return {
      stream: process.stdout,
      async commit() {},
      async abort() {},
    };
  }
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      io.stdout(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    stream,
    async commit() {
      stream.end();
    },
    async abort() {},
  };
}

/** `2026-11-01` or an ISO timestamp → ISO; a clear usage error otherwise. */
export function dateFlag(value: string | undefined, flag: string, endOfDay: boolean): string | undefined {
  if (value === undefined) return undefined;
  const iso = dateBound(value, endOfDay);
  if (iso === null) throw new UsageError(`${flag} must be a date (YYYY-MM-DD) or ISO timestamp, not "${value}"`);
  return iso;
}
