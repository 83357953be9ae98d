import { availableParallelism, loadavg } from 'node:os';
import { printAdversarialBench, runAdversarialBench } from './adversarial.bench.js';
import { serviceRows } from './api.bench.js';
import { batchRows } from './batch/run.js';
import { runCheckBench } from './check.bench.js';
import { cliRows } from './cli.bench.js';
import { fmt } from './lib/timing.js';
import { printNoticeBench, runNoticeBench } from './notices.bench.js';
import { printSiteBench, runSiteBenches } from './site.bench.js';

/**
 * `npm run bench`: every row of the throughput table (issue 14) in one run, each against its baseline
 * measured in the same run, after the per-stage benchmarks. Takes about six minutes: the service and batch
 * rows start real processes (`npm run bench:api`, `bench:batch` run them alone, with more detail).
 */
interface Row {
  measure: string;
  value: string;
  target: string;
  ok: boolean;
}

const x = (n: number) => `${n.toFixed(2)}x`;

async function main(): Promise<void> {
  const load = loadavg();
  console.log(
    `machine: ${availableParallelism()} cores, load average at start ${load.map((l) => l.toFixed(2)).join(' ')} (shared: compare ratios, not seconds)`,
  );
  console.log('\n== 1. whole-page check vs bare htmlparser2 parse (150 KB news page) ==');
  const c = runCheckBench();
  console.log(
    `bare ${fmt(c.bareMs)}  check ${fmt(c.checkMs)}  ratio ${c.ratio.toFixed(2)}x (one site's footer repeated)`,
  );
  console.log(
    `every footer a different publisher's (300 pages): check ${fmt(c.coldMs)}  ratio ${c.coldRatio.toFixed(2)}x`,
  );
  console.log('\n== 2. notice templates: 100 vs 10,000 rules on the same page ==');
  printNoticeBench(runNoticeBench());
  console.log('\n== 3. site files: parsed once per origin, 1,000 pages ==');
  for (const r of runSiteBenches()) printSiteBench(r);
  console.log('\n== 4. hostile input: each checked once, cold ==');
  printAdversarialBench(runAdversarialBench());
  console.log('\n== 5. one-page `clearance check page.html`, start-up included ==');
  const cli = cliRows();
  console.log(
    `first run ${fmt(cli.firstMs)} (builds the rules artefact if missing); then min ${fmt(cli.minMs)}, median ${fmt(cli.medianMs)} over ${cli.runs}`,
  );
  console.log('\n== 6. service and stored batch ingest ==');
  const svc = await serviceRows();
  console.log('\n== 7. scan-warc vs the floor ==');
  const batch = await batchRows(2);

  const rows: Row[] = [
    {
      measure: 'whole-page check vs bare parse, every footer different',
      value: x(c.coldRatio),
      target: '<= 1.5x',
      ok: c.coldRatio <= 1.5,
    },
    {
      measure: "whole-page check vs bare parse, one site's footer",
      value: x(c.ratio),
      target: '<= 1.3x',
      ok: c.ratio <= 1.3,
    },
    {
      measure: 'one-page CLI check (median, start-up included)',
      value: fmt(cli.medianMs),
      target: '<= 500 ms',
      ok: cli.medianMs <= 500,
    },
    {
      measure: 'service, 200 req/s of 150 KB pages, distinct URLs, stored',
      value: `${svc.achieved.toFixed(0)} req/s, p50 ${svc.p50} ms, p99 ${svc.p99} ms, ${svc.errors} errors`,
      target: '200 req/s, p99 <= 50 ms, 0 errors',
      ok: svc.achieved >= 195 && svc.p99 <= 50 && svc.errors === 0,
    },
    {
      measure: 'scan-warc, default pool, vs the floor',
      value: x(batch.poolOverFloor),
      target: '>= 0.5x',
      ok: batch.poolOverFloor >= 0.5,
    },
    {
      measure: 'scan-warc, 2 workers vs 1',
      value: x(batch.poolOverOne),
      target: '>= 1.6x',
      ok: batch.poolOverOne >= 1.6,
    },
    { measure: 'scan-warc peak RSS', value: `${batch.peakRssMb} MB`, target: '<= 300 MB', ok: batch.peakRssMb <= 300 },
    {
      measure: 'stored batch ingest vs store=false',
      value: svc.storedOverDry.toFixed(2),
      target: '>= 0.8',
      ok: svc.storedOverDry >= 0.8,
    },
  ];
  console.log(`\n== throughput table (load average at start ${load.map((l) => l.toFixed(2)).join(' ')}) ==`);
  for (const r of rows)
    console.log(`${r.ok ? 'OK   ' : 'BELOW'}  ${r.measure.padEnd(58)} ${r.value.padEnd(44)} target ${r.target}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
