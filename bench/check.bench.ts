import { Parser } from 'htmlparser2';
import { Engine } from '../src/engine/engine.js';
import { newsPage } from './lib/newsPage.js';
import { fmt, measure } from './lib/timing.js';

/**
 * Issue 2 benchmark: whole-page `check` on a realistic 150 KB news page vs a bare htmlparser2 parse of the
 * same page (no-op callbacks), measured in the same process and run. Target: ratio ≤ 1.5×.
 */
export interface CheckBenchResult {
  bareMs: number;
  /** Same page again and again: a site's footer is analysed once (the notice cache), as in a crawl. */
  checkMs: number;
  ratio: number;
  /** Every page with a footer notice never seen before: the cold path of the notice detector. */
  coldMs: number;
  coldRatio: number;
  bytes: number;
}

export function runCheckBench(): CheckBenchResult {
  const html = newsPage();
  const bytes = Buffer.from(html);
  const engine = new Engine();
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'x-robots-tag': 'noarchive',
    link: '<https://news.example.com/rsl.xml>; rel="license"; type="application/rsl+xml"',
  };
  const bare = () => {
    const p = new Parser(
      { onopentag() {}, ontext() {}, onclosetag() {} },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    p.end(new TextDecoder('utf-8').decode(bytes));
  };
  const full = () => {
    engine.check({ url: 'https://news.example.com/politics/2026/11/article-123', headers, body: bytes });
  };
  // Cold: 300 pages whose footer notices all differ (publisher name and wording vary), cycled in order.
  const cold = Array.from({ length: 300 }, (_, i) =>
    Buffer.from(
      newsPage({
        seed: 42,
        footerNotice: `Reproduction, storage or any other use of content published by Example Media ${i} Ltd, including text and data mining and the training of artificial intelligence systems, requires the prior written consent of Example Media ${i}. Search engines may index the content (ref. ${i * 7919}).`,
      }),
    ),
  );
  let next = 0;
  const coldCheck = () => {
    engine.check({
      url: 'https://news.example.com/politics/2026/11/article-123',
      headers,
      body: cold[next++ % cold.length]!,
    });
  };
  // Interleave to share machine noise between the measurements; best of two.
  const bareMs = Math.min(measure(bare), measure(bare));
  const checkMs = Math.min(measure(full), measure(full));
  const coldMs = Math.min(
    measure(coldCheck, { warmup: 0, batches: 5, perBatch: 40 }),
    measure(coldCheck, { warmup: 0, batches: 5, perBatch: 40 }),
  );
  return { bareMs, checkMs, ratio: checkMs / bareMs, coldMs, coldRatio: coldMs / bareMs, bytes: bytes.length };
}

if (require.main === module) {
  const r = runCheckBench();
  const mbps = (ms: number) => (r.bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.log(`page: ${(r.bytes / 1024).toFixed(0)} KiB`);
  console.log(`bare htmlparser2 parse : ${fmt(r.bareMs)} per page (${mbps(r.bareMs)} MB/s)`);
  console.log(`clearance check        : ${fmt(r.checkMs)} per page (${mbps(r.checkMs)} MB/s)`);
  console.log(`ratio check / bare     : ${r.ratio.toFixed(2)}x (target <= 1.5x) — footer seen before (a site's pages)`);
  console.log(
    `cold check, new notice : ${fmt(r.coldMs)} per page, ratio ${r.coldRatio.toFixed(2)}x — footer never seen before`,
  );
}
