import { AUDIT_USAGE, runAudit } from './audit.js';
import { CHECK_USAGE, runCheck } from './check.js';
import { EXCLUSIONS_USAGE, runExclusions } from './exclusions.js';
import { FILTER_USAGE, runFilter } from './filter.js';
import { type CliIO, EXIT, processIO, UsageError } from './io.js';
import { KEYS_USAGE, runKeys } from './keys.js';
import { REPORT_USAGE, runReport } from './report.js';
import { runScanWarc, SCAN_WARC_USAGE } from './scanWarc.js';
import { runServe, SERVE_USAGE } from './serve.js';

/**
 * `clearance <command> ...`. Each command is a module exporting `run<Command>(argv, io)`; add new ones to
 * COMMANDS (serve, keys, report, exclusions, audit, scan-warc, filter arrive with later issues).
 */
type Command = { usage: string; run: (argv: string[], io: CliIO) => Promise<number> };

export const COMMANDS: Record<string, Command> = {
  check: { usage: CHECK_USAGE, run: runCheck },
  serve: { usage: SERVE_USAGE, run: runServe },
  keys: { usage: KEYS_USAGE, run: runKeys },
  'scan-warc': { usage: SCAN_WARC_USAGE, run: runScanWarc },
  filter: { usage: FILTER_USAGE, run: runFilter },
  report: { usage: REPORT_USAGE, run: runReport },
  exclusions: { usage: EXCLUSIONS_USAGE, run: runExclusions },
  audit: { usage: AUDIT_USAGE, run: runAudit },
};

function usage(): string {
  return `clearance — copyright and AI-use rights checker\n\ncommands:\n${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(12)} ${c.usage.split('\n')[0]!.replace(/^usage: clearance \S+\s*/, '')}`)
    .join('\n')}\n\nclearance <command> --help for details.\n`;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`clearance: unknown command "${name}"\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(cmd.usage);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`clearance ${name}: ${e.message}\n${cmd.usage}`);
      return EXIT.usage;
    }
    throw e;
  }
}
