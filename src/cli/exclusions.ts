import { auditRulesInForce } from '../audit/rules.js';
import { Engine } from '../engine/engine.js';
import type { ExclusionOptions } from '../export/exclusions.js';
import { EXCLUSION_FORMATS, type ExclusionFormat, exportExclusions } from '../export/run.js';
import { DEFAULT_PROFILE } from '../policy/profile.js';
import { Review } from '../review/service.js';
import { normaliseDomain, ReviewInputError } from '../review/validate.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { summary } from './report.js';
import { cliActor, dateFlag, destination, openCliStore } from './storeCommand.js';

export const EXCLUSIONS_USAGE = `usage: clearance exclusions --use ai-train|redistribution [--format jsonl|csv] [--out FILE]
                            [--domain D] [--from DATE] [--to DATE] [--profile NAME] [--db FILE]

  The exclusion list for training / redistribution pipelines: every stored URL whose current effective
  result (latest verdict, with the human conclusion in force) excludes it from the use. One record per
  URL: url, domain, uses denied / conditional, decision, reasons, evidence ids, concluded_by/at — the
  same format batch mode writes. DATE filters on when the verdict was decided (YYYY-MM-DD or ISO).
  Streamed; recorded in the audit log. The database is --db, else CLEARANCE_DB, else var/clearance.db.
`;

export async function runExclusions(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    options: {
      use: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      domain: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      profile: { type: 'string' },
      db: { type: 'string' },
    },
  });
  const v = parsed.values as Record<string, string | undefined>;
  if (v.use !== 'ai-train' && v.use !== 'redistribution')
    throw new UsageError(`--use must be ai-train or redistribution${v.use ? `, not "${v.use}"` : ''}`);
  const format = v.format ?? 'jsonl';
  if (!(EXCLUSION_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be ${EXCLUSION_FORMATS.join(' or ')}, not "${format}"`);
  const options: ExclusionOptions = { profile: v.profile ?? DEFAULT_PROFILE, use: v.use };
  if (v.domain !== undefined) {
    try {
      options.domain = normaliseDomain(v.domain, '--domain');
    } catch (e) {
      if (e instanceof ReviewInputError) throw new UsageError(e.message);
      throw e;
    }
  }
  const from = dateFlag(v.from, '--from', false);
  const to = dateFlag(v.to, '--to', true);
  if (from) options.from = from;
  if (to) options.to = to;
  if (from && to && from > to) throw new UsageError('--from is after --to');

  const store = await openCliStore(v.db, io, 'exclusions');
  if (!store) return EXIT.failed;
  const dest = destination(v.out, io);
  try {
    const engine = new Engine();
    try {
      engine.profile(options.profile);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    await auditRulesInForce(store, engine.resources, cliActor().id);
    await new Review(store, engine, { syncPage: 2000 }).sync();
    const r = await exportExclusions(store, engine, options, format as ExclusionFormat, dest.stream, cliActor());
    await dest.commit();
    io.stderr(summary('exclusions', r, v.out));
    return EXIT.ok;
  } catch (e) {
    await dest.abort();
    throw e;
  } finally {
    await store.close();
  }
}
