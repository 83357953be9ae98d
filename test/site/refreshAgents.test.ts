import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgents } from '../../src/rules/agents';
import { mergeRobotsJson, parseRobotsJson, plainOperator, runRefresh } from '../../src/rules/agentsRefresh';
import { projectRoot } from '../../src/rules/root';

const fixture = join(__dirname, '..', 'fixtures', 'site', 'robots.json');
const shipped = join(projectRoot(), 'data', 'agents.yaml');

function io() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (s: string) => {
        out += s;
      },
      stderr: (s: string) => {
        err += s;
      },
    },
    out: () => out,
    err: () => err,
  };
}

describe('refresh data/agents.yaml from a newer robots.json', () => {
  const before = readFileSync(shipped, 'utf8');
  const { yaml, report } = mergeRobotsJson(before, parseRobotsJson(readFileSync(fixture, 'utf8')), {
    file: 'data/agents.yaml',
    date: '2026-11-28',
  });
  const after = parseAgents(yaml, 'data/agents.yaml');

  test('new names are added with a class from the function prose and a plain operator', () => {
    expect(report.added.map((a) => [a.token, a.class, a.operator])).toEqual([
      ['NewSearchBot', 'search', 'Example Search Inc.'],
      ['Fresh Data Scraper 2.0', 'dataset', 'unknown'],
      ['helper-assistant', 'user-fetch', 'Helper Ltd'],
      ['MysteryBot', 'other', 'unknown'],
    ]);
    expect(after.get('fresh data scraper 2.0')).toMatchObject({
      validToken: false,
      source: expect.stringContaining('robots.json (2026-11-28)'),
    });
    expect(after.get('helper-assistant')?.respect).toBe('No');
  });

  test('curated entries keep class, operator and source; respect follows robots.json', () => {
    const gpt = after.get('gptbot')!;
    expect(gpt).toMatchObject({ class: 'training', operator: 'OpenAI' });
    expect(gpt.source).toContain('platform.openai.com');
    expect(after.get('claudebot')?.respect).toBe('Yes');
    expect(report.respectChanged.map((c) => c.token)).toEqual(expect.arrayContaining(['GPTBot', 'ClaudeBot']));
    expect(after.get('bytespider')?.respect).toBe('No');
  });

  test('nothing curated is deleted; unusable and duplicate names are reported', () => {
    expect(after.size).toBe(parseAgents(before, 'x').size + 4);
    expect(report.notInRobotsJson).toContain('Google-Extended');
    expect(report.skipped.map((s) => s.name)).toEqual(['gptbot', 'Bad:Name']);
  });

  test('comments and the rest of the file survive the merge', () => {
    expect(yaml).toContain('# AI-agent registry');
    expect(yaml).toMatch(
      /major_training_operators: \[ ?OpenAI, Common Crawl, Google, Anthropic, Apple, ByteDance, Meta ?\]/,
    );
    expect(yaml).toContain('# robots.json has no purpose field');
    expect(yaml).toContain('# --- OpenAI');
  });

  test('plainOperator strips Markdown links and vague values', () => {
    expect(plainOperator('[Anthropic](https://www.anthropic.com)')).toBe('Anthropic');
    expect(plainOperator('Unclear at this time.')).toBe('unknown');
    expect(plainOperator(undefined)).toBe('unknown');
  });

  test('the script: writes the merged file, --dry-run writes nothing, bad input exits 1, bad usage 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agents-'));
    const data = join(dir, 'agents.yaml');
    copyFileSync(shipped, data);
    const dry = io();
    expect(runRefresh([fixture, '--dry-run', '--date', '2026-11-28'], dry.io, data)).toBe(0);
    expect(dry.out()).toMatch(/\(dry run\) .*4 added/);
    expect(readFileSync(data, 'utf8')).toBe(before);
    const real = io();
    expect(runRefresh([fixture, '--data', data, '--date', '2026-11-28'], real.io, shipped)).toBe(0);
    expect(real.out()).toContain('+ NewSearchBot (Example Search Inc., search)');
    expect(parseAgents(readFileSync(data, 'utf8'), data).has('newsearchbot')).toBe(true);
    const again = io();
    expect(runRefresh([fixture, '--data', data, '--date', '2026-11-28'], again.io, shipped)).toBe(0);
    expect(again.out()).toMatch(/0 added, 0 respect updated/);
    const broken = io();
    const bad = join(dir, 'bad.json');
    copyFileSync(join(__dirname, '..', 'fixtures', 'site', 'cloudflare-2025.txt'), bad);
    expect(runRefresh([bad, '--data', data], broken.io, shipped)).toBe(1);
    expect(broken.err()).toMatch(/robots.json is not JSON/);
    const usage = io();
    expect(runRefresh(['--date', 'yesterday', fixture], usage.io, data)).toBe(2);
    expect(runRefresh([], usage.io, data)).toBe(2);
  });
});
