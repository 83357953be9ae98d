import { verifyAuditLog } from '../audit/verifyLog.js';
import { listAudit } from '../store/repos/audit.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { openCliStore } from './storeCommand.js';

export const AUDIT_USAGE = `usage: clearance audit verify [--anchor HASH] [--json] [--db FILE]
       clearance audit list [--after ID] [--limit N] [--json] [--db FILE]

  verify: checks the hash chain of the audit log entry by entry, that no entry was cut from its end,
  and that conclusions and API keys still match what the log recorded about them. Exit 0 when it
  holds (prints the entry count and the head hash: keep the head to check later with --anchor),
  1 naming the first broken entry.
  list: the entries in order (JSON lines with --json).
  The database is --db, else CLEARANCE_DB, else var/clearance.db.
`;

export async function runAudit(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'list')
    throw new UsageError(sub ? `unknown audit command "${sub}"` : 'audit needs a command: verify or list');
  const parsed = parseCommandArgs({
    args: rest,
    options: {
      anchor: { type: 'string' },
      json: { type: 'boolean' },
      after: { type: 'string' },
      limit: { type: 'string' },
      db: { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (typeof v.anchor === 'string' && !/^[0-9a-f]{64}$/.test(v.anchor))
    throw new UsageError('--anchor must be a 64-character hex hash (the head printed by an earlier verify)');
  const limit = typeof v.limit === 'string' ? Number(v.limit) : 1000;
  const after = typeof v.after === 'string' ? Number(v.after) : 0;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  if (!Number.isInteger(after) || after < 0) throw new UsageError('--after must be an entry id');

  const store = await openCliStore(v.db as string | undefined, io, 'audit');
  if (!store) return EXIT.failed;
  try {
    if (sub === 'list') {
      for (const e of await listAudit(store.db, { afterId: after, limit })) {
        if (v.json) io.stdout(`${JSON.stringify({ ...e, details: JSON.parse(e.details_json) })}\n`);
        else io.stdout(`#${e.id} ${e.at} ${e.actor} ${e.action} ${e.subject} ${e.details_json}\n`);
      }
      return EXIT.ok;
    }
    const r = await verifyAuditLog(store.db, typeof v.anchor === 'string' ? { anchor: v.anchor } : {});
    if (v.json) io.stdout(`${JSON.stringify(r)}\n`);
    if (r.ok) {
      if (!v.json) io.stdout(`audit log OK: ${r.entries} entries, head ${r.head ?? '(empty)'}\n`);
      return EXIT.ok;
    }
    const p = r.problem!;
    const where = p.id > 0 ? `entry #${p.id}` : 'records';
    io.stderr(`audit log BROKEN at ${where} (${p.kind}): ${p.reason}\n`);
    return EXIT.failed;
  } finally {
    await store.close();
  }
}
