import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The package root (where `rules/` and `data/` live), found by walking up from this file. Works from
 * `src/` under ts-jest and from `dist/` in the installed CLI.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'clearance') {
          cached = dir;
          return dir;
        }
      } catch {
        /* keep walking */
      }
    }
    dir = dirname(dir);
  }
  throw new Error(`clearance: cannot find the package root above ${__dirname}`);
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The compiled worker script `name` next to the module `callerFile`. Worker threads run JavaScript, not
 * TypeScript: from the build (dist/, or dist-bench/) the caller's sibling is used; when the caller itself
 * runs from source (ts-jest loads src/*.ts), the worker comes from dist/ at the same relative path, which
 * jest's globalSetup compiles before the suite and `npm ci` builds through `prepare`.
 */
export function compiledWorker(callerFile: string, name: string): string {
  if (callerFile.endsWith('.js')) return join(dirname(callerFile), name);
  const rel = dirname(callerFile).slice(join(projectRoot(), 'src').length);
  return join(projectRoot(), 'dist', rel, name);
}
