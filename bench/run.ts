import { printAdversarialBench, runAdversarialBench } from './adversarial.bench.js';
import { runCheckBench } from './check.bench.js';
import { fmt } from './lib/timing.js';
import { printNoticeBench, runNoticeBench } from './notices.bench.js';
import { printSiteBench, runSiteBenches } from './site.bench.js';

/**
 * `npm run bench`: the per-page benchmarks, each against its baseline measured in the same run.
 * Service, batch and dashboard benchmarks start processes and take longer: `npm run bench:api`,
 * `bench:batch`, `bench:dashboard`.
 */
function main(): void {
  console.log('== 1. whole-page check vs bare htmlparser2 parse (150 KB news page) ==');
  const c = runCheckBench();
  console.log(
    `bare ${fmt(c.bareMs)}  check ${fmt(c.checkMs)}  ratio ${c.ratio.toFixed(2)}x (target <= 1.5x; footer seen before)`,
  );
  console.log(`cold (every footer notice new): check ${fmt(c.coldMs)}  ratio ${c.coldRatio.toFixed(2)}x`);
  console.log('\n== 2. notice templates: 100 vs 10,000 rules on the same page ==');
  printNoticeBench(runNoticeBench());
  console.log('\n== 3. site files: parsed once per origin, 1,000 pages ==');
  for (const r of runSiteBenches()) printSiteBench(r);
  console.log('\n== 4. hostile input: each checked once, cold (issue 10) ==');
  printAdversarialBench(runAdversarialBench());
}

main();
