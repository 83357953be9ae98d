// Jest globalSetup: compile src/ to dist/ once before the suite, so tests that run the real CLI
// (`node bin/clearance.js ...`), worker threads or a server process exercise the current code, not a
// stale build. Incremental, so an unchanged tree costs about a second.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--incremental'], {
    cwd: root,
    stdio: 'inherit',
  });
};
