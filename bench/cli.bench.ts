import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/rules/root.js';
import { newsPage } from './lib/newsPage.js';

/**
 * One-page `clearance check page.html` as a user runs it: a fresh process each time, start-up included
 * (loading the rules: from the compiled rules artefact after the first run, src/resources/artefact.ts).
 * The first run builds the artefact when there is none and is reported apart.
 */
export interface CliRows {
  firstMs: number;
  minMs: number;
  medianMs: number;
  runs: number;
}

function once(page: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(projectRoot(), 'bin', 'clearance.js'), 'check', page], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`clearance check failed (${r.status}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function cliRows(runs = 7): CliRows {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-bench-cli-'));
  try {
    const page = join(dir, 'page.html');
    writeFileSync(page, newsPage());
    const firstMs = once(page);
    const times = Array.from({ length: runs }, () => once(page)).sort((a, b) => a - b);
    return { firstMs, minMs: times[0]!, medianMs: times[Math.floor(runs / 2)]!, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
