#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript in dist/ (built by `npm ci` through the prepare script).
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`clearance: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 70; },
);
