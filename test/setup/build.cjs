// Jest globalSetup: compile src/ to dist/ once before the suite, so tests that run the real CLI
// (`node bin/clearance.js ...`), worker threads or a server process exercise the current code, not a
// stale build. Incremental, so an unchanged tree costs about a second. Type errors are reported by
// `npm run typecheck` (which `npm test` runs first); tsc still emits, so they do not abort the suite here.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--incremental'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0)
    process.stderr.write(`\n[globalSetup] tsc reported errors (dist/ still emitted):\n${r.stdout}${r.stderr}\n`);
};
