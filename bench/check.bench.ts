import { Parser } from 'htmlparser2';
import { Engine } from '../src/engine/engine.js';
import { newsPage } from './lib/newsPage.js';
import { fmt, measure } from './lib/timing.js';

/**
 * Issue 2 benchmark: whole-page `check` on a realistic 150 KB news page vs a bare htmlparser2 parse of the
 * same page (no-op callbacks), measured in the same process and run. Target: ratio ≤ 1.5×.
 */
export function runCheckBench(): { bareMs: number; checkMs: number; ratio: number; bytes: number } {
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
  // Interleave to share machine noise between the two.
  const bareMs = Math.min(measure(bare), measure(bare));
  const checkMs = Math.min(measure(full), measure(full));
  return { bareMs, checkMs, ratio: checkMs / bareMs, bytes: bytes.length };
}

if (require.main === module) {
  const r = runCheckBench();
  const mbps = (ms: number) => (r.bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.log(`page: ${(r.bytes / 1024).toFixed(0)} KiB`);
  console.log(`bare htmlparser2 parse : ${fmt(r.bareMs)} per page (${mbps(r.bareMs)} MB/s)`);
  console.log(`clearance check        : ${fmt(r.checkMs)} per page (${mbps(r.checkMs)} MB/s)`);
  console.log(`ratio check / bare     : ${r.ratio.toFixed(2)}x (target <= 1.5x)`);
}
