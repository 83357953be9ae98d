import { type CliIO, EXIT, processIO, UsageError } from './io.js';

/**
 * `clearance <command> ...`. Each command is a module exporting its usage text and `run<Command>(argv, io)`;
 * add new ones to COMMANDS. Modules are loaded only when their command runs: `serve` pulls in Express and
 * the store, `scan-warc` the batch machinery, and a CLI process (and every batch run) should not pay for
 * code it does not use (about 40 MB of memory and 0.3 s of start-up).
 */
type Command = { usage: string; run: (argv: string[], io: CliIO) => Promise<number> };

// `require` with the module's own type keeps the lazy load type-checked (a dynamic import() cannot be used
// in this CommonJS build under jest, docs/reference/stack.md pitfall 4).
export const COMMANDS: Record<string, () => Command> = {
  check: () => {
    const m = require('./check.js') as typeof import('./check.js');
    return { usage: m.CHECK_USAGE, run: m.runCheck };
  },
  serve: () => {
    const m = require('./serve.js') as typeof import('./serve.js');
    return { usage: m.SERVE_USAGE, run: m.runServe };
  },
  keys: () => {
    const m = require('./keys.js') as typeof import('./keys.js');
    return { usage: m.KEYS_USAGE, run: m.runKeys };
  },
  'scan-warc': () => {
    const m = require('./scanWarc.js') as typeof import('./scanWarc.js');
    return { usage: m.SCAN_WARC_USAGE, run: m.runScanWarc };
  },
  filter: () => {
    const m = require('./filter.js') as typeof import('./filter.js');
    return { usage: m.FILTER_USAGE, run: m.runFilter };
  },
  report: () => {
    const m = require('./report.js') as typeof import('./report.js');
    return { usage: m.REPORT_USAGE, run: m.runReport };
  },
  exclusions: () => {
    const m = require('./exclusions.js') as typeof import('./exclusions.js');
    return { usage: m.EXCLUSIONS_USAGE, run: m.runExclusions };
  },
  audit: () => {
    const m = require('./audit.js') as typeof import('./audit.js');
    return { usage: m.AUDIT_USAGE, run: m.runAudit };
  },
};

function usage(): string {
  return `clearance — copyright and AI-use rights checker\n\ncommands:\n${Object.entries(COMMANDS)
    .map(
      ([name, load]) =>
        `  ${name.padEnd(12)} ${load()
          .usage.split('\n')[0]!
          .replace(/^usage: clearance \S+\s*/, '')}`,
    )
    .join('\n')}\n\nclearance <command> --help for details.\n`;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const cmd = load?.();
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
