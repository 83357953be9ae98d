import { appendAnchor, defaultAnchorFile, lastAnchor } from '../audit/anchors.js';
import { checkpointLedger } from '../audit/ledger.js';
import { verifyAuditLog } from '../audit/verifyLog.js';
import { listAudit } from '../store/repos/audit.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { openCliStore } from './storeCommand.js';

export const AUDIT_USAGE = `usage: clearance audit verify [--anchor HASH] [--anchor-file FILE] [--json] [--db FILE]
       clearance audit checkpoint [--anchor-file FILE] [--json] [--db FILE]
       clearance audit list [--after ID] [--limit N] [--json] [--db FILE]

  verify: checks the hash chain of the audit log entry by entry, that no entry was cut from its end,
  that conclusions and API keys still match what the log recorded about them, and that verdict and
  evidence rows still hash to what each ledger checkpoint sealed (an edited, deleted or inserted row is
  named by its range). The newest anchor of the anchor file (default: the database path + ".anchors")
  and any --anchor must still be in the chain. Exit 0 when it holds (prints the entry count, the head
  hash and the rows stored after the last checkpoint), 1 naming the first problem.
  checkpoint: seals the verdict and evidence rows added since the last checkpoint into the audit chain,
  appends the new head to the anchor file and prints it: copy that anchor somewhere the database's
  writers cannot reach, and pass it to a later verify with --anchor. The service makes a checkpoint
  every 5 minutes (--checkpoint-every) and when it stops.
  list: the entries in order (JSON lines with --json).
  The database is --db, else CLEARANCE_DB, else var/clearance.db.
`;

export async function runAudit(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'list' && sub !== 'checkpoint')
    throw new UsageError(sub ? `unknown audit command "${sub}"` : 'audit needs a command: verify, checkpoint or list');
  const parsed = parseCommandArgs({
    args: rest,
    options: {
      anchor: { type: 'string' },
      'anchor-file': { type: 'string' },
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
    const anchorFile = typeof v['anchor-file'] === 'string' ? v['anchor-file'] : defaultAnchorFile(store.path);
    if (sub === 'checkpoint') {
      const c = await checkpointLedger(store, 'cli:audit');
      if (anchorFile && c.created) appendAnchor(anchorFile, c.entryId, c.anchor);
      if (v.json) io.stdout(`${JSON.stringify({ ...c, anchorFile })}\n`);
      else
        io.stdout(
          `${c.created ? 'checkpoint' : 'no new rows since checkpoint'} entry #${c.entryId}: verdicts 1–${c.state.verdicts.toId} ` +
            `(${c.state.verdicts.count}), evidence 1–${c.state.evidence.toId} (${c.state.evidence.count})\n` +
            `anchor ${c.anchor}\n`,
        );
      return EXIT.ok;
    }
    const fromFile = anchorFile ? lastAnchor(anchorFile) : null;
    const r = await verifyAuditLog(store.db, {
      ...(typeof v.anchor === 'string' ? { anchor: v.anchor } : {}),
      anchors: fromFile ? [fromFile.anchor] : [],
    });
    if (v.json) io.stdout(`${JSON.stringify(r)}\n`);
    if (r.ok) {
      if (!v.json) {
        const open = Object.entries(r.ledger.uncovered)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ');
        io.stdout(
          `audit log OK: ${r.entries} entries, head ${r.head ?? '(empty)'}; ${r.ledger.checkpoints} ledger checkpoint(s), ` +
            `not yet sealed: ${open || 'nothing'}${fromFile ? `; anchor file ${anchorFile} holds` : ''}\n`,
        );
      }
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
