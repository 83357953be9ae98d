import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, resolveConfig } from '../service/config.js';
import { openStore, StoreError } from '../store/open.js';
import { createKey, KeyError, listKeys, revokeKey } from '../store/repos/keys.js';
import { ROLES } from '../store/schema.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { requireExistingDb } from './storeCommand.js';

export const KEYS_USAGE = `usage: clearance keys create --role ROLE --label LABEL [--db FILE]
       clearance keys list [--all] [--format text|json] [--db FILE]
       clearance keys revoke ID|PREFIX [--db FILE]

  API keys for the service. Roles: ${ROLES.join(', ')} (crawler: check, batch, site uploads; reviewer
  and auditor: read verdicts and sites; admin: everything, including keys).
  create prints the key alone on stdout (capture it: it is shown once; only its hash is stored).
  The database is --db, else CLEARANCE_DB, else var/clearance.db — the same one \`clearance serve\` uses.
`;

function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export async function runKeys(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke')
    throw new UsageError(sub ? `unknown keys command "${sub}"` : 'keys needs a command: create, list or revoke');
  const parsed = parseCommandArgs({
    args: rest,
    allowPositionals: sub === 'revoke',
    options: {
      db: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string' },
      all: { type: 'boolean' },
      format: { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  let dbPath: string;
  try {
    dbPath = resolveConfig({ flags: { db: v.db }, env: process.env }).dbPath;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  if (sub === 'create') {
    if (typeof v.role !== 'string') throw new UsageError(`--role is required (${ROLES.join(', ')})`);
    if (typeof v.label !== 'string') throw new UsageError('--label is required (e.g. --label "crawler-eu-1")');
  }
  if (sub === 'revoke' && parsed.positionals.length !== 1)
    throw new UsageError('keys revoke needs one key id or prefix');
  const format = (v.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);

  let store: Awaited<ReturnType<typeof openStore>>;
  const creating = dbPath !== ':memory:' && !existsSync(resolve(dbPath));
  if (creating && sub !== 'create') requireExistingDb(resolve(dbPath), `keys ${sub}`);
  try {
    store = await openStore({ path: dbPath });
    if (creating) io.stderr(`clearance keys: created a new database at ${store.path}\n`);
  } catch (e) {
    if (e instanceof StoreError) {
      io.stderr(`clearance keys: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  }
  try {
    if (sub === 'create') {
      const k = await createKey(store, { role: v.role, label: v.label, actor: actor() });
      io.stdout(`${k.key}\n`);
      io.stderr(
        `created key ${k.id} (${k.prefix}…, role ${k.role}, label "${k.label}") in ${store.path}.\n` +
          'It is shown only now; only its hash is stored. Use it as: Authorization: Bearer <key>\n',
      );
    } else if (sub === 'list') {
      const keys = await listKeys(store.db, { includeRevoked: v.all === true });
      if (format === 'json') io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
      else {
        io.stdout(`${['id', 'prefix', 'role', 'label', 'created', 'revoked'].join('\t')}\n`);
        for (const k of keys)
          io.stdout(`${[k.id, k.prefix, k.role, k.label, k.createdAt, k.revokedAt ?? ''].join('\t')}\n`);
        if (keys.length === 0)
          io.stderr('no keys (create one with: clearance keys create --role admin --label admin)\n');
      }
    } else {
      const k = await revokeKey(store, { ref: parsed.positionals[0]!, actor: actor() });
      io.stderr(`revoked key ${k.id} (${k.prefix}…, role ${k.role}, label "${k.label}") at ${k.revokedAt}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof KeyError) {
      if (e.code === 'not_found') {
        io.stderr(`clearance keys: ${e.message}\n`);
        return EXIT.failed;
      }
      throw new UsageError(e.message);
    }
    throw e;
  } finally {
    await store.close();
  }
}
