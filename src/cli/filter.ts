import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FilterOutcome, filterDataset } from '../batch/filter/filterDataset.js';
import { RunSetupError } from '../batch/run/journal.js';
import { profileNames } from '../batch/run/rules.js';
import { SitesDir } from '../batch/sites/sitesDir.js';
import { DEFAULT_WORKER_HEAP_MB, defaultWorkerCount } from '../batch/work/pool.js';
import { isUse, USES, type Use } from '../model/uses.js';
import { batchStderr, interruptSignal, intOption } from './batchCommon.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';

export const FILTER_USAGE = `usage: clearance filter DATASET.jsonl... --keep KEPT.jsonl --drop DROPPED.jsonl [options]

  Splits a JSONL dataset for one use: each line {"url": ..., "text" | "html": ..., "headers"?: {...}} is
  checked; lines the use may take go to --keep byte for byte, the others to --drop with an annotation
  (reason, permission, evidence ids). A line that cannot be read or checked is dropped with its error,
  so every input line is in exactly one output.

  --keep FILE            kept lines
  --drop FILE            dropped lines (annotated)
  --use USE              ${USES.join(', ')} (default ai-train). ai-train and tdm follow the
                         profile's training rule, redistribution its redistribution rule; the other uses
                         drop when denied (and conditional with --drop-conditional)
  --profile NAME         policy profile (default conservative)
  --agent TOKEN          evaluate robots.txt rules (from --sites) for this crawler token
  --sites DIR            site files per host (mirror layout, see scan-warc --help)
  --url-field NAME       field names in the dataset (defaults url, text, html, headers)
  --text-field NAME
  --html-field NAME
  --headers-field NAME
  --annotation-field NAME  field added to dropped lines (default clearance)
  --workers N            worker threads (default ${defaultWorkerCount()}; 0 = no threads)
  --worker-heap-mb N     old-generation cap per worker (default ${DEFAULT_WORKER_HEAP_MB}; 0 = V8 default)
  --max-line-mb N        lines longer than N MB are dropped unread, with an error (default 32)
  --state FILE           resume journal (default KEPT.jsonl.state.json)
  --summary FILE         run summary (default KEPT.jsonl.summary.json)
  --resume               continue an interrupted run (same inputs and options)
  --force                overwrite the outputs of an earlier run
  --strict               exit 1 when any line could not be read or checked
  --quiet                no progress, notices or summary line on stderr

  Exit codes: 0 done, 1 errors with --strict or a failure, 2 bad usage, 130 interrupted (resumable).
`;

export async function runFilter(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      keep: { type: 'string' },
      drop: { type: 'string' },
      use: { type: 'string' },
      profile: { type: 'string' },
      agent: { type: 'string' },
      sites: { type: 'string' },
      'url-field': { type: 'string' },
      'text-field': { type: 'string' },
      'html-field': { type: 'string' },
      'headers-field': { type: 'string' },
      'annotation-field': { type: 'string' },
      'drop-conditional': { type: 'boolean' },
      workers: { type: 'string' },
      'worker-heap-mb': { type: 'string' },
      'max-line-mb': { type: 'string' },
      state: { type: 'string' },
      summary: { type: 'string' },
      resume: { type: 'boolean' },
      force: { type: 'boolean' },
      strict: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      'commit-every': { type: 'string' },
      'commit-ms': { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('filter needs at least one JSONL file');
  for (const f of files) {
    if (!existsSync(f)) throw new UsageError(`${f}: no such file`);
    if (!statSync(f).isFile()) throw new UsageError(`${f} is not a file`);
  }
  const keep = v.keep;
  const drop = v.drop;
  if (typeof keep !== 'string' || keep === '') throw new UsageError('--keep FILE is required');
  if (typeof drop !== 'string' || drop === '') throw new UsageError('--drop FILE is required');
  const paths = [keep, drop, ...files].map((p) => resolve(p));
  if (new Set(paths).size !== paths.length)
    throw new UsageError('--keep, --drop and the input files must be different files');
  const use = (v.use as string | undefined) ?? 'ai-train';
  if (!isUse(use)) throw new UsageError(`--use must be one of ${USES.join(', ')}, not "${use}"`);
  if (v.resume && v.force) throw new UsageError('--resume and --force exclude each other');
  const profiles = profileNames();
  const profile = v.profile as string | undefined;
  if (profile && !profiles.includes(profile))
    throw new UsageError(`unknown profile "${profile}"; known: ${profiles.join(', ')}`);
  const sites = typeof v.sites === 'string' ? v.sites : null;
  if (sites) {
    const why = SitesDir.validate(sites);
    if (why) throw new UsageError(why);
  }
  const field = (name: string, fallback: string): string => {
    const f = v[name];
    if (f === undefined) return fallback;
    if (typeof f !== 'string' || f === '') throw new UsageError(`--${name} needs a name`);
    return f;
  };
  const interrupt = interruptSignal();
  let outcome: FilterOutcome;
  try {
    outcome = await filterDataset({
      files,
      keepPath: keep,
      dropPath: drop,
      statePath: typeof v.state === 'string' ? v.state : `${keep}.state.json`,
      summaryPath: typeof v.summary === 'string' ? v.summary : `${keep}.summary.json`,
      use: use as Use,
      profile,
      agent: (v.agent as string | undefined) ?? null,
      fields: {
        urlField: field('url-field', 'url'),
        textField: field('text-field', 'text'),
        htmlField: field('html-field', 'html'),
        headersField: field('headers-field', 'headers'),
        annotationField: field('annotation-field', 'clearance'),
      },
      dropConditional: v['drop-conditional'] === true,
      sitesDir: sites,
      workers: intOption(v.workers, '--workers', defaultWorkerCount(), 0, 256),
      workerHeapMb: intOption(v['worker-heap-mb'], '--worker-heap-mb', DEFAULT_WORKER_HEAP_MB, 0, 65536),
      maxLineBytes: intOption(v['max-line-mb'], '--max-line-mb', 32, 1, 4096) * 1024 * 1024,
      resume: v.resume === true,
      force: v.force === true,
      commitEvery: intOption(v['commit-every'], '--commit-every', 5000, 1, 1e9),
      commitMs: intOption(v['commit-ms'], '--commit-ms', 2000, 0, 3.6e6),
      stderr: batchStderr(io),
      quiet: v.quiet === true,
      signal: interrupt.signal,
    });
  } catch (e) {
    if (e instanceof RunSetupError) throw new UsageError(e.message);
    throw e;
  } finally {
    interrupt.dispose();
  }
  if (outcome.status === 'already_complete') {
    if (v.quiet !== true) io.stderr(`clearance filter: the run for ${keep} is already complete; nothing to do\n`);
  } else if (outcome.status === 'interrupted') {
    io.stderr('clearance filter: interrupted; outputs committed. Continue with the same command and --resume\n');
    return 130;
  }
  return v.strict === true && outcome.errors > 0 ? EXIT.failed : EXIT.ok;
}
