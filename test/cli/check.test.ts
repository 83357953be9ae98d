import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'clearance-cli-'));
const page = join(dir, 'page.html');
writeFileSync(
  page,
  '<html lang="fr"><head><meta name="tdm-reservation" content="1"></head><body><p>Bonjour</p></body></html>',
);
const notice = join(dir, 'notice.txt');
writeFileSync(notice, 'Just some text.\n');
const binary = join(dir, 'image.html');
writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));

function capture(stdin = ''): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      readStdin: async () => Buffer.from(stdin),
    },
    out: () => out,
    err: () => err,
  };
}

describe('clearance check (in process)', () => {
  test('one file → one JSON object', async () => {
    const c = capture();
    expect(await main(['check', page, '--url', 'https://ex.com/a'], c.io)).toBe(0);
    const v = JSON.parse(c.out());
    expect(v.url).toBe('https://ex.com/a');
    expect(v.uses.tdm).toBe('denied');
    expect(v.language).toBe('fr');
    expect(Object.keys(v.uses)).toHaveLength(7);
  });

  test('several files → JSONL in input order with a file field; a failure is a line with error and exit 1', async () => {
    const c = capture();
    const missing = join(dir, 'missing.html');
    expect(await main(['check', page, missing, notice, binary], c.io)).toBe(1);
    const lines = c
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([page, missing, notice, binary]);
    expect(lines[1].error.code).toBe('not_found');
    expect(lines[2].uses.tdm).toBe('unknown');
    expect(lines[3].error.code).toBe('binary');
  });

  test('--header and stdin', async () => {
    const c = capture('<html><body><p>x</p></body></html>');
    expect(await main(['check', '-', '--header', 'Content-Usage: train-ai=n'], c.io)).toBe(0);
    expect(JSON.parse(c.out()).uses['ai-train']).toBe('denied');
  });

  test('--format text is a readable summary', async () => {
    const c = capture();
    await main(['check', page, '--format', 'text'], c.io);
    expect(c.out()).toMatch(/tdm\s+denied/);
    expect(c.out()).toMatch(/tdmrep-meta/);
    expect(c.out()).toMatch(/exclude: training=YES/);
  });

  test('--profile eu-statutory is reported', async () => {
    const c = capture();
    await main(['check', page, '--profile', 'eu-statutory'], c.io);
    expect(JSON.parse(c.out()).profile).toBe('eu-statutory');
  });

  test.each([
    [['check'], /at least one FILE/],
    [['check', page, '--format', 'xml'], /--format must be/],
    [['check', page, '--header', 'nocolon'], /is not of the form/],
    [['check', page, '--url', 'relative/path'], /not an absolute URL/],
    [['check', page, '--profile', 'nope'], /unknown profile/],
    [['check', page, '--bogus'], /Unknown option/],
    [['frobnicate'], /unknown command/],
  ])('bad usage %j → exit 2 with a clear message', async (argv, message) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
  });
});

describe('npx clearance (built binary)', () => {
  test('bin/clearance.js runs the compiled CLI', () => {
    const root = join(__dirname, '..', '..');
    const r = spawnSync(process.execPath, [join(root, 'bin', 'clearance.js'), 'check', page, '--format', 'jsonl'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).uses['ai-train']).toBe('denied');
  });
});
