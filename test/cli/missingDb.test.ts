import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('--out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-out-'));
  const db = join(dir, 'store.db');

  beforeAll(async () => {
    expect(await main(['keys', 'create', '--role', 'admin', '--label', 'a', '--db', db], capture())).toBe(0);
  });

  test('a device, a directory or a symbolic link is refused (exit 2) and left as it was', async () => {
    const link = join(dir, 'link.json');
    const target = join(dir, 'target.json');
    writeFileSync(target, 'kept');
    symlinkSync(target, link);
    for (const out of ['/dev/null', dir, link]) {
      const io = capture();
      expect(await main(['report', '--format', 'json', '--db', db, '--out', out], io)).toBe(2);
      expect(io.err).toContain(out);
    }
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('kept');
  });

  test('a regular file is replaced whole; a stale .partial link is not followed', async () => {
    const out = join(dir, 'report.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(out, 'old');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, `${out}.partial`);
    const refused = capture();
    expect(await main(['report', '--format', 'json', '--db', db, '--out', out], refused)).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    rmSync(`${out}.partial`);
    expect(await main(['report', '--format', 'json', '--db', db, '--out', out], capture())).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('header');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
