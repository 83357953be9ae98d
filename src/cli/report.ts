import { auditRulesInForce } from '../audit/rules.js';
import { Engine } from '../engine/engine.js';
import type { ReportOptions } from '../export/report.js';
import { type ExportResult, exportReport, REPORT_FORMATS, type ReportFormat } from '../export/run.js';
import { isPermission, isUse } from '../model/uses.js';
import { DEFAULT_PROFILE } from '../policy/profile.js';
import { Review } from '../review/service.js';
import { normaliseDomain, ReviewInputError } from '../review/validate.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { cliActor, dateFlag, destination, openCliStore } from './storeCommand.js';

export const REPORT_USAGE = `usage: clearance report [--format json|csv|html] [--from DATE] [--to DATE] [--domain D] [--out FILE]
                        [--profile NAME] [--use USE] [--outcome allowed|conditional|denied|unknown]
                        [--excluded training|redistribution|any|none] [--flagged] [--db FILE]

  The audit report of the stored verdicts: for every URL, the verdict in force at --to (default now)
  if it was decided in [--from, --to], the human conclusion in force then, and the effective result.
  json: canonical JSON {header, items} (header: tool version, rules version and hash, profile, range,
  generated_at, counts). csv: one row per item, UTF-8 BOM, stable columns. html: one self-contained,
  printable file. DATE is YYYY-MM-DD (whole day) or an ISO timestamp. The export is streamed and
  recorded in the audit log (with the sha256 of the output).
  The database is --db, else CLEARANCE_DB, else var/clearance.db.
`;

export function parseReportArgs(argv: string[]): {
  format: ReportFormat;
  out?: string;
  db?: string;
  options: ReportOptions;
} {
  const parsed = parseCommandArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      domain: { type: 'string' },
      out: { type: 'string', short: 'o' },
      profile: { type: 'string' },
      use: { type: 'string' },
      outcome: { type: 'string' },
      excluded: { type: 'string' },
      flagged: { type: 'boolean' },
      db: { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const format = (v.format as string | undefined) ?? 'json';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  const options: ReportOptions = { profile: (v.profile as string | undefined) ?? DEFAULT_PROFILE };
  const from = dateFlag(v.from as string | undefined, '--from', false);
  const to = dateFlag(v.to as string | undefined, '--to', true);
  if (from) options.from = from;
  if (to) options.to = to;
  if (from && to && from > to) throw new UsageError('--from is after --to');
  if (typeof v.domain === 'string') {
    try {
      options.domain = normaliseDomain(v.domain, '--domain');
    } catch (e) {
      if (e instanceof ReviewInputError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (typeof v.use === 'string') {
    if (!isUse(v.use)) throw new UsageError(`--use "${v.use}" is not a use`);
    options.use = v.use;
  }
  if (typeof v.outcome === 'string') {
    if (!isPermission(v.outcome))
      throw new UsageError(`--outcome "${v.outcome}" is not allowed, conditional, denied or unknown`);
    options.outcome = v.outcome;
  }
  if (typeof v.excluded === 'string') {
    const x = v.excluded;
    if (x !== 'training' && x !== 'redistribution' && x !== 'any' && x !== 'none')
      throw new UsageError(`--excluded must be training, redistribution, any or none, not "${x}"`);
    options.exclude = x;
  }
  if (v.flagged === true) options.flaggedOnly = true;
  const out: { format: ReportFormat; out?: string; db?: string; options: ReportOptions } = {
    format: format as ReportFormat,
    options,
  };
  if (typeof v.out === 'string') out.out = v.out;
  if (typeof v.db === 'string') out.db = v.db;
  return out;
}

export function summary(kind: string, r: ExportResult, out: string | undefined): string {
  return `${kind}: ${r.items} items, ${r.bytes} bytes, sha256 ${r.sha256}${out && out !== '-' ? ` → ${out}` : ''} (audit entry #${r.auditId})\n`;
}

export async function runReport(argv: string[], io: CliIO): Promise<number> {
  const args = parseReportArgs(argv);
  const store = await openCliStore(args.db, io, 'report');
  if (!store) return EXIT.failed;
  const dest = destination(args.out, io);
  try {
    const engine = new Engine();
    try {
      engine.profile(args.options.profile);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    await auditRulesInForce(store, engine.resources, cliActor().id);
    await new Review(store, engine, { syncPage: 2000 }).sync();
    const r = await exportReport(store, engine, args.options, args.format, dest.stream, cliActor());
    await dest.commit();
    io.stderr(summary('report', r, args.out));
    return EXIT.ok;
  } catch (e) {
    await dest.abort();
    throw e;
  } finally {
    await store.close();
  }
}
