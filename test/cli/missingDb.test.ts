import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';

/** Issue 12: a mistyped database path is refused by every command that only reads or audits the store. */
function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
  };
  return io as CliIO & { out: string; err: string };
}

describe('a database that does not exist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-missing-'));
  const typo = join(dir, 'typo.db');

  test.each([
    [['audit', 'verify', '--db', typo]],
    [['audit', 'list', '--db', typo]],
    [['report', '--format', 'json', '--db', typo]],
    [['exclusions', '--use', 'ai-train', '--db', typo]],
    [['keys', 'list', '--db', typo]],
  ])('%j: exit 2, the path named, nothing created', async (argv) => {
    const io = capture();
    const code = await main(argv, io);
    expect(code).toBe(2);
    expect(io.err).toContain(typo);
    expect(io.err).toMatch(/no database/);
    expect(existsSync(typo)).toBe(false);
  });

  test('keys create creates it and says so', async () => {
    const io = capture();
    const code = await main(['keys', 'create', '--role', 'admin', '--label', 'first', '--db', typo], io);
    expect(code).toBe(0);
    expect(io.err).toMatch(/created a new database/);
    expect(existsSync(typo)).toBe(true);
    const again = capture();
    expect(await main(['audit', 'verify', '--db', typo], again)).toBe(0);
  });
});
