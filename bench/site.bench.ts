import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';
import type { SiteInput } from '../src/model/siteInput.js';
import { defaultResources } from '../src/resources/resources.js';
import { projectRoot } from '../src/rules/root.js';
import { buildSiteContext } from '../src/site/context.js';
import { fmt, measure } from './lib/timing.js';

/**
 * Issue 4 benchmark: 1,000 pages of one origin against a 400 KB robots.txt. The file must be parsed once
 * (site context cache), so a page pays only the per-path evaluation. Reports, in the same run:
 *   - the one-time cost of parsing the site files (robots-parser + extension reader + registry),
 *   - the per-page cost of `check` without site files (baseline) and with them (cache hit),
 *   - the per-page site overhead, and how many times the context was built for the 1,000 pages.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A deterministic ~400 KB robots.txt: a big `*` group, 40 AI-agent groups, Content-Signal, License. */
export function bigRobots(targetBytes = 400 * 1024): string {
  const r = rng(7);
  const head = [
    '# Example Media robots.txt',
    'License: https://news.example.com/license.xml',
    '',
    'User-agent: *',
    'Content-Signal: search=yes, ai-train=no',
    'Content-Usage: /archive/ train-ai=n',
  ];
  const ai = [
    'GPTBot',
    'ClaudeBot',
    'CCBot',
    'Google-Extended',
    'Applebot-Extended',
    'Bytespider',
    'meta-externalagent',
  ];
  const tail: string[] = [];
  for (let i = 0; i < 40; i++)
    tail.push('', `User-agent: ${ai[i % ai.length]}${i >= ai.length ? `-${i}` : ''}`, 'Disallow: /');
  const sections = ['news', 'sport', 'archive', 'shop', 'video', 'live', 'tag', 'author', 'search', 'api'];
  const rules: string[] = [];
  let size = head.join('\n').length + tail.join('\n').length;
  while (size < targetBytes) {
    const s = sections[Math.floor(r() * sections.length)]!;
    const id = Math.floor(r() * 1e9).toString(36);
    const line =
      r() < 0.3 ? `Disallow: /*?${s}_${id}=` : r() < 0.8 ? `Disallow: /${s}/${id}/` : `Allow: /${s}/${id}/public/`;
    rules.push(line);
    size += line.length + 1;
  }
  return [...head, ...rules, ...tail].join('\n');
}

export interface SiteBenchResult {
  label: string;
  robotsBytes: number;
  parseMs: number;
  pageBaselineMs: number;
  pageWithSiteMs: number;
  builds: number;
  pages: number;
}

export function runSiteBench(pages = 1000, robots = bigRobots(), label = 'synthetic 400 KB'): SiteBenchResult {
  const site: SiteInput = {
    robotsTxt: { body: robots },
    rsl: {
      'https://news.example.com/license.xml':
        '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><prohibits type="usage">ai-all</prohibits></license></content></rsl>',
    },
  };
  const resources = defaultResources();
  const parseMs = measure(() => buildSiteContext('https://news.example.com', site, resources), {
    warmup: 2,
    batches: 5,
    perBatch: 1,
  });
  const body =
    '<html lang="en"><head><title>Article</title><meta name="robots" content="max-image-preview:large"></head><body><main><article><h1>Headline</h1><p>Some article text about the news of the day.</p></article></main><footer>© 2026 Example Media</footer></body></html>';
  const paths = Array.from({ length: pages }, (_, i) => `/news/2026/11/${i}/story-${i * 7919}`);
  const baselineEngine = new Engine();
  const siteEngine = new Engine();
  let i = 0;
  const baseline = () => {
    baselineEngine.check({ url: `https://news.example.com${paths[i++ % pages]}`, body, kind: 'html' });
  };
  let j = 0;
  const withSite = () => {
    siteEngine.check({ url: `https://news.example.com${paths[j++ % pages]}`, body, kind: 'html' }, { site });
  };
  const opts = { warmup: 20, batches: 5, perBatch: pages / 5 };
  const pageBaselineMs = Math.min(measure(baseline, opts), measure(baseline, opts));
  const pageWithSiteMs = Math.min(measure(withSite, opts), measure(withSite, opts));
  return {
    label,
    robotsBytes: Buffer.byteLength(robots),
    parseMs,
    pageBaselineMs,
    pageWithSiteMs,
    builds: siteEngine.site.cache.stats.builds,
    pages: siteEngine.site.cache.stats.hits + siteEngine.site.cache.stats.misses,
  };
}

export function printSiteBench(r: SiteBenchResult): void {
  const overhead = r.pageWithSiteMs - r.pageBaselineMs;
  console.log(
    `== site files: ${r.label} robots.txt (${(r.robotsBytes / 1024).toFixed(0)} KiB), 1,000 pages of one origin (${r.pages} checks incl. warm-up) ==`,
  );
  console.log(`one-time parse of the site files : ${fmt(r.parseMs)}`);
  console.log(`check per page, no site files    : ${fmt(r.pageBaselineMs)}`);
  console.log(`check per page, with site files  : ${fmt(r.pageWithSiteMs)} (site overhead ${fmt(overhead)} per page)`);
  console.log(`parse / per-page site overhead   : ${(r.parseMs / Math.max(overhead, 1e-6)).toFixed(0)}x`);
  console.log(`site contexts built              : ${r.builds} for ${r.pages} checks (target: 1)`);
}

/** The two runs `npm run bench:site` prints: the 400 KB worst case and a real 9 KB publisher file. */
export function runSiteBenches(): SiteBenchResult[] {
  const real = readFileSync(join(projectRoot(), 'test', 'fixtures', 'robots', 'corriere_it_2026.txt'), 'utf8');
  return [runSiteBench(1000), runSiteBench(1000, real, 'corriere.it (corpus)')];
}

if (require.main === module) for (const r of runSiteBenches()) printSiteBench(r);
