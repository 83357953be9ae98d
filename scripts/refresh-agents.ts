/**
 * Refreshes data/agents.yaml from a newer ai-robots-txt/ai.robots.txt robots.json (downloaded by you; this
 * project does not fetch it):  npm run agents:refresh -- path/to/robots.json [--dry-run] [--date YYYY-MM-DD]
 * The merge rules live in src/rules/agentsRefresh.ts (curated entries win; new names get a class from the
 * registry's `function_classes`); review the diff of data/agents.yaml before committing it.
 */
import { join } from 'node:path';
import { runRefresh } from '../src/rules/agentsRefresh.js';
import { projectRoot } from '../src/rules/root.js';

process.exitCode = runRefresh(
  process.argv.slice(2),
  { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
  join(projectRoot(), 'data', 'agents.yaml'),
);
