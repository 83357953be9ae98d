import { existsSync, statSync } from 'node:fs';
import { RunSetupError } from '../batch/run/journal.js';
import { profileNames } from '../batch/run/rules.js';
import { type ScanOutcome, scanWarc } from '../batch/scan/scanWarc.js';
import { SitesDir } from '../batch/sites/sitesDir.js';
import { DEFAULT_WORKER_HEAP_MB, defaultWorkerCount } from '../batch/work/pool.js';
import { DEFAULT_DB_PATH, StoreError } from '../store/open.js';
import { batchStderr, interruptSignal, intOption } from './batchCommon.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';

export const SCAN_WARC_USAGE = `usage: clearance scan-warc FILE... --out DIR [options]

  Checks every HTML response in WARC archives (.warc, .warc.gz with per-record gzip) on all cores.
  robots.txt, /.well-known/tdmrep.json, /ai.txt and RSL responses in the archives feed the site
  context of their origin.

  Writes into DIR: verdicts.jsonl (one line per page, in input order), exclusions.jsonl and
  exclusions.csv (pages excluded from training or redistribution, same format as the service's
  export), errors.jsonl (every unreadable record or page: file, offset, reason), summary.json,
  and run-state.json (the resume journal).

  --out DIR            output folder (created)
  --profile NAME       policy profile (default conservative)
  --agent TOKEN        evaluate robots.txt rules for this crawler token
  --workers N          worker threads (default: ${defaultWorkerCount()}, the machine's parallelism; 0 = no threads)
  --worker-heap-mb N   old-generation cap per worker (default ${DEFAULT_WORKER_HEAP_MB}; 0 = V8 default: faster, more memory)
  --sites DIR          more site files, mirror layout: DIR/<host>/robots.txt, DIR/<host>/.well-known/tdmrep.json,
                       DIR/<host>/ai.txt, DIR/<host>/<path>.xml (RSL). The archive's own copy wins.
  --prescan            read site files from all inputs first; each page gets the copy in force at its
                       WARC-Date (default: a site file applies to the records after it, in input order)
  --max-record-mb N    skip (and report) records larger than N MB (default 32)
  --full               whole verdicts (evidence, conditions, conflicts) in verdicts.jsonl
  --resume             continue an interrupted run in DIR (same inputs and options)
  --force              overwrite the outputs of an earlier run in DIR
  --strict             exit 1 when any record or page could not be read or checked
  --quiet              no progress, notices or summary line on stderr
  --store              also write every checked page into the service database, as POST /v1/check
                       does (fetch, evidence, verdict, site snapshots), for review in the dashboard
  --db FILE            that database (default: CLEARANCE_DB, else var/clearance.db)

  Exit codes: 0 done (errors are reported and counted, not fatal), 1 errors with --strict or a failure,
  2 bad usage, 130 interrupted (Ctrl-C; the run can be resumed with --resume).
`;

export interface ScanWarcArgs {
  files: string[];
  out: string;
  profile?: string;
  agent?: string;
  workers: number;
  workerHeapMb: number;
  sites: string | null;
  prescan: boolean;
  maxRecordBytes: number;
  full: boolean;
  resume: boolean;
  force: boolean;
  strict: boolean;
  quiet: boolean;
  /** --store: the SQLite file to write into, or null. */
  store: string | null;
  commitEvery: number;
  commitMs: number;
}

export function parseScanWarcArgs(argv: string[]): ScanWarcArgs {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      profile: { type: 'string' },
      agent: { type: 'string' },
      workers: { type: 'string' },
      'worker-heap-mb': { type: 'string' },
      sites: { type: 'string' },
      prescan: { type: 'boolean' },
      'max-record-mb': { type: 'string' },
      full: { type: 'boolean' },
      resume: { type: 'boolean' },
      force: { type: 'boolean' },
      strict: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      store: { type: 'boolean' },
      db: { type: 'string' },
      'commit-every': { type: 'string' },
      'commit-ms': { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('scan-warc needs at least one WARC file');
  for (const f of files) {
    if (!existsSync(f)) throw new UsageError(`${f}: no such file`);
    if (!statSync(f).isFile()) throw new UsageError(`${f} is not a file`);
  }
  if (typeof v.out !== 'string' || v.out === '') throw new UsageError('--out DIR is required');
  if (existsSync(v.out) && !statSync(v.out).isDirectory()) throw new UsageError(`--out ${v.out} is not a folder`);
  if (v.resume && v.force) throw new UsageError('--resume and --force exclude each other');
  if (typeof v.db === 'string' && v.store !== true) throw new UsageError('--db is only used with --store');
  const sites = typeof v.sites === 'string' ? v.sites : null;
  if (sites) {
    const why = SitesDir.validate(sites);
    if (why) throw new UsageError(why);
  }
  return {
    files,
    out: v.out,
    profile: v.profile as string | undefined,
    agent: v.agent as string | undefined,
    workers: intOption(v.workers, '--workers', defaultWorkerCount(), 0, 256),
    workerHeapMb: intOption(v['worker-heap-mb'], '--worker-heap-mb', DEFAULT_WORKER_HEAP_MB, 0, 65536),
    sites,
    prescan: v.prescan === true,
    maxRecordBytes: intOption(v['max-record-mb'], '--max-record-mb', 32, 1, 4096) * 1024 * 1024,
    full: v.full === true,
    resume: v.resume === true,
    force: v.force === true,
    strict: v.strict === true,
    quiet: v.quiet === true,
    store: v.store === true ? (typeof v.db === 'string' ? v.db : (process.env.CLEARANCE_DB ?? DEFAULT_DB_PATH)) : null,
    commitEvery: intOption(v['commit-every'], '--commit-every', 5000, 1, 1e9),
    commitMs: intOption(v['commit-ms'], '--commit-ms', 2000, 0, 3.6e6),
  };
}

export async function runScanWarc(argv: string[], io: CliIO): Promise<number> {
  const args = parseScanWarcArgs(argv);
  const profiles = profileNames();
  if (args.profile && !profiles.includes(args.profile))
    throw new UsageError(`unknown profile "${args.profile}"; known: ${profiles.join(', ')}`);
  const interrupt = interruptSignal();
  let outcome: ScanOutcome;
  try {
    outcome = await scanWarc({
      files: args.files,
      outDir: args.out,
      profile: args.profile,
      agent: args.agent ?? null,
      workers: args.workers,
      workerHeapMb: args.workerHeapMb,
      maxRecordBytes: args.maxRecordBytes,
      sitesDir: args.sites,
      siteMode: args.prescan ? 'prescan' : 'in-order',
      resume: args.resume,
      force: args.force,
      full: args.full,
      commitEvery: args.commitEvery,
      commitMs: args.commitMs,
      stderr: batchStderr(io),
      quiet: args.quiet,
      signal: interrupt.signal,
      store: args.store ? { path: args.store } : null,
    });
  } catch (e) {
    if (e instanceof RunSetupError) throw new UsageError(e.message);
    if (e instanceof StoreError) {
      io.stderr(`clearance scan-warc: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
  if (args.store && !args.quiet && outcome.status !== 'already_complete')
    io.stderr(`clearance scan-warc: ${outcome.stored} pages stored in ${args.store}\n`);
  if (outcome.status === 'already_complete') {
    if (!args.quiet) io.stderr(`clearance scan-warc: the run in ${args.out} is already complete; nothing to do\n`);
  } else if (outcome.status === 'interrupted') {
    io.stderr(`clearance scan-warc: interrupted; outputs committed. Continue with: --resume --out ${args.out}\n`);
    return 130;
  }
  return args.strict && outcome.errors > 0 ? EXIT.failed : EXIT.ok;
}
