import { Engine } from '../src/engine/engine.js';
import type { SiteInput } from '../src/model/siteInput.js';
import { fold } from '../src/notices/clauses/fold.js';
import { fmt } from './lib/timing.js';

/**
 * Issue 10: hostile inputs that once hung or crawled (exponential cue patterns on separator lines, a
 * quadratic sentence segmenter, quadratic joins of matches) and shapes that must stay fast. Each is checked
 * once, cold (a new engine, so no cached passage), and timed next to a linear baseline over the same bytes
 * (folding the text once), so a ratio that explodes shows a super-linear stage. Target: well under a second
 * each.
 */
export interface AdversarialCase {
  name: string;
  kind: 'text' | 'html' | 'robots';
  body: string;
  /** The cost is the HTML parser's own (htmlparser2), not the notice analysis: reported apart. */
  parser?: boolean;
}

export interface AdversarialResult {
  name: string;
  parser: boolean;
  bytes: number;
  checkMs: number;
  baselineMs: number;
  flags: string[];
}

function robotsWithSeparators(): string {
  const block = [
    '# ------------------------------------------------------------',
    '# No AI training',
    '# ------------------------------------------------------------',
    '# Example Daily does not allow its journalism to be used for training large language models',
    '# or for text and data mining without a licence; contact licensing@example.com.',
    '# ============================================================',
  ].join('\n');
  const groups = ['GPTBot', 'CCBot', 'Google-Extended', 'ClaudeBot', 'Bytespider', 'PerplexityBot']
    .map((a) => `User-agent: ${a}\nDisallow: /\n`)
    .join('\n');
  const file = `${block}\n\n${groups}\n${'#'.repeat(60)}\nUser-agent: *\nAllow: /\n${'# '.concat('-'.repeat(60), '\n').repeat(12)}`;
  return `${file}\n${file}`;
}

export function adversarialCases(): AdversarialCase[] {
  const mixed: string[] = [];
  let size = 0;
  while (size < 400_000) {
    const line = `Текст и данные — 文本和数据 — text and data mining — ${'—'.repeat(40)} Ελληνικά 日本語\n`;
    mixed.push(line);
    size += line.length;
  }
  let list = 'You agree not to:\n';
  for (let i = 1; i <= 4000; i++) list += `${i}. use robots to scrape item ${i} for training AI models;\n`;
  return [
    { name: 'heading + 25 dashes (robots.txt)', kind: 'robots', body: `# No AI training\n# ${'-'.repeat(25)}\n` },
    { name: 'heading + 35 dashes (robots.txt)', kind: 'robots', body: `# No AI training\n# ${'-'.repeat(35)}\n` },
    { name: 'heading + 35 dashes (notice text)', kind: 'text', body: `No AI training\n${'-'.repeat(35)}\n` },
    { name: '3 KB robots.txt, separator blocks', kind: 'robots', body: robotsWithSeparators() },
    { name: '"All rights reserved. " x 10,000', kind: 'text', body: 'All rights reserved. '.repeat(10_000) },
    { name: '"All rights reserved. " x 20,000', kind: 'text', body: 'All rights reserved. '.repeat(20_000) },
    { name: '"All rights reserved. " x 50,000', kind: 'text', body: 'All rights reserved. '.repeat(50_000) },
    { name: '400 KB mixed scripts, em-dash lines', kind: 'text', body: mixed.join('') },
    { name: '"*-_" x 20,000 after an AI sentence', kind: 'text', body: `No AI training. ${'*-_'.repeat(20_000)}` },
    { name: '1 MB token', kind: 'text', body: 'x'.repeat(1 << 20) },
    { name: '600 KB repeated cue', kind: 'text', body: 'text and data mining '.repeat(30_000) },
    { name: '4,000 numbered list items', kind: 'text', body: list },
    {
      name: '100,000 nested <div>',
      kind: 'html',
      parser: true,
      body: `<html><body>${'<div>'.repeat(100_000)}<footer>No AI training.</footer>${'</div>'.repeat(100_000)}</body></html>`,
    },
  ];
}

function checkOnce(c: AdversarialCase): { ms: number; flags: string[] } {
  const engine = new Engine();
  const site: SiteInput | undefined =
    c.kind === 'robots' ? { origin: 'https://example.com', robotsTxt: { body: c.body } } : undefined;
  const body = c.kind === 'robots' ? '<html><body><p>page</p></body></html>' : c.body;
  const t0 = process.hrtime.bigint();
  const v = engine.check(
    { url: 'https://example.com/a', body, kind: c.kind === 'robots' ? 'html' : c.kind },
    site ? { site } : {},
  );
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, flags: v.flags.map((f) => f.code) };
}

function baseline(c: AdversarialCase): number {
  const t0 = process.hrtime.bigint();
  fold(c.body);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function runAdversarialBench(): AdversarialResult[] {
  new Engine().check({ body: 'warm-up: All rights reserved.', kind: 'text' });
  return adversarialCases().map((c) => {
    const { ms, flags } = checkOnce(c);
    return {
      name: c.name,
      parser: c.parser ?? false,
      bytes: Buffer.byteLength(c.body),
      checkMs: ms,
      baselineMs: baseline(c),
      flags,
    };
  });
}

export function printAdversarialBench(results: readonly AdversarialResult[]): void {
  for (const r of results) {
    const kb = `${(r.bytes / 1024).toFixed(0)} KB`.padStart(8);
    const flags = r.flags.length > 0 ? `  flags: ${[...new Set(r.flags)].join(', ')}` : '';
    console.log(
      `${r.name.padEnd(40)} ${kb}  check ${fmt(r.checkMs).padStart(10)}  fold ${fmt(r.baselineMs).padStart(9)}${flags}`,
    );
  }
  const worst = Math.max(...results.filter((r) => !r.parser).map((r) => r.checkMs));
  console.log(`slowest notice analysis ${fmt(worst)} (target: well under 1 s each)`);
  for (const r of results.filter((x) => x.parser))
    console.log(`${r.name}: ${fmt(r.checkMs)} — htmlparser2's own open-element stack (docs/notices-complexity.md)`);
}
