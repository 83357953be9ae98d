import { runCheckBench } from './check.bench.js';
import { fmt } from './lib/timing.js';

/** `npm run bench`: every per-page benchmark, each against its baseline measured in the same run. */
function main(): void {
  const c = runCheckBench();
  console.log('== check vs bare HTML parse (150 KB news page) ==');
  console.log(`bare ${fmt(c.bareMs)}  check ${fmt(c.checkMs)}  ratio ${c.ratio.toFixed(2)}x (target <= 1.5x)`);
}

main();
