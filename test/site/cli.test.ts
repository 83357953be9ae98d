import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'clearance-site-cli-'));
const write = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};
const page = write('page.html', '<html><body><p>Article</p></body></html>');
const robots = write(
  'robots.txt',
  'User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\nLicense: https://ex.com/license.xml\n',
);
const tdmrep = write('tdmrep.json', '[{"location":"/","tdm-reservation":1}]');
const aiTxt = write('ai.txt', 'User-Agent: *\nDisallow: /\n');
const licence = write(
  'license.xml',
  '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><prohibits type="usage">ai-all</prohibits></license></content></rsl>',
);

function capture(): { io: CliIO; out: () => string; err: () => string } {
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
      readStdin: async () => Buffer.from(''),
    },
    out: () => out,
    err: () => err,
  };
}

async function run(args: string[]) {
  const c = capture();
  const code = await main(['check', page, '--url', 'https://ex.com/a/b', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('clearance check with site files', () => {
  test('--robots --agent answers may-fetch and adds site evidence', async () => {
    const r = await run(['--robots', robots, '--agent', 'GPTBot']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out);
    expect(v.agent).toEqual({ token: 'gptbot', mayFetch: false, reason: expect.stringContaining('line 2') });
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.evidence.filter((e: { source: string }) => e.source === 'site').length).toBeGreaterThan(0);
    // GPTBot's own group has no License line, so the "*" group's licence is not GPTBot's (no inheritance);
    // for other crawlers it is named but was not supplied.
    expect(v.flags.map((f: { code: string }) => f.code)).not.toContain('rsl_remote_unresolved');
    const other = JSON.parse((await run(['--robots', robots])).out);
    expect(other.flags.map((f: { code: string }) => f.code)).toContain('rsl_remote_unresolved');
  });

  test('--robots-status 503 means complete disallow', async () => {
    const v = JSON.parse((await run(['--robots', robots, '--robots-status', '503', '--agent', 'Googlebot'])).out);
    expect(v.agent.mayFetch).toBe(false);
    expect(v.flags.map((f: { code: string }) => f.code)).toContain('robots_unreachable');
  });

  test('--rsl URL=FILE resolves the robots.txt License; --rsl FILE is matched by file name', async () => {
    for (const arg of [`https://ex.com/license.xml=${licence}`, licence]) {
      const v = JSON.parse((await run(['--robots', robots, '--rsl', arg])).out);
      expect(v.uses['ai-input']).toBe('denied');
      expect(v.evidence.some((e: { signal: string }) => e.signal === 'rsl-license')).toBe(true);
    }
  });

  test('--tdmrep and --ai-txt', async () => {
    const v = JSON.parse((await run(['--tdmrep', tdmrep, '--ai-txt', aiTxt])).out);
    expect(v.uses.tdm).toBe('denied');
    expect(v.evidence.map((e: { signal: string }) => e.signal)).toEqual(
      expect.arrayContaining(['tdmrep-file', 'ai-txt']),
    );
  });

  test('text format shows the agent answer evidence', async () => {
    const r = await run(['--robots', robots, '--agent', 'GPTBot', '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('robots-txt [site]');
  });

  test.each([
    [['--robots', join(dir, 'missing.txt')], /--robots .*missing\.txt: no such file/],
    [['--robots-status', '503'], /--robots-status needs --robots/],
    [['--robots', robots, '--robots-status', 'abc'], /must be an HTTP status code/],
    [['--rsl', 'https://ex.com/=/nope.xml'], /--rsl .*no such file/],
  ])('bad usage %j → exit 2 with a message', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('--help lists the site flags', async () => {
    const c = capture();
    await main(['check', '--help'], c.io);
    expect(c.out()).toMatch(/--robots FILE.*--robots-status N/s);
    expect(c.out()).toContain('--rsl [URL=]FILE');
  });

  test('the installed binary (dist/) runs the same flags', () => {
    const root = join(__dirname, '..', '..');
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'clearance.js'),
        'check',
        page,
        '--url',
        'https://ex.com/a',
        '--robots',
        robots,
        '--agent',
        'CCBot',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.agent).toMatchObject({ token: 'ccbot', mayFetch: true });
    expect(readFileSync(robots, 'utf8')).toContain('GPTBot');
  });
});
