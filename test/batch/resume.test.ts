import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './helpers/cli';
import { type FixtureRecord, HTML, html, tempDir, type WrittenWarc, writeWarc } from './helpers/warcFixtures';

/**
 * Crash safety, with the real CLI in a child process: kill -9 in the middle of a run (twice), resume, and
 * the outputs are byte-identical to an uninterrupted run — nothing duplicated, nothing lost.
 */
jest.setTimeout(120_000);

const PAGES = 1200;

function crawl(): FixtureRecord[] {
  const out: FixtureRecord[] = [];
  for (let i = 0; i < PAGES; i++) {
    const origin = `https://site${i % 25}.example`;
    if (i < 25)
      out.push({
        url: `${origin}/robots.txt`,
        headers: [['Content-Type', 'text/plain']],
        body: i % 3 === 0 ? 'User-agent: *\nDisallow: /\n' : 'User-agent: *\nAllow: /\n',
      });
    const head =
      i % 7 === 0
        ? '<meta name="tdm-reservation" content="1">'
        : i % 11 === 0
          ? '<meta name="robots" content="noai">'
          : '';
    const para = `<p>Article ${i} about the council budget and local news, with enough words to be a page.</p>`.repeat(
      15,
    );
    out.push({ url: `${origin}/article/${i}.html`, headers: HTML, body: html(para, head) });
    if (i % 97 === 0)
      out.push({
        url: `${origin}/img/${i}.jpg`,
        headers: [['Content-Type', 'image/jpeg']],
        body: Buffer.from([1, 2, 3]),
      });
  }
  return out;
}

function lines(path: string): number {
  if (!existsSync(path)) return 0;
  const b = readFileSync(path);
  let n = 0;
  for (const c of b) if (c === 10) n++;
  return n;
}

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** Starts the command, and sends `signal` once `file` has at least `atLines` lines. */
async function interruptAt(args: string[], file: string, atLines: number, signal: NodeJS.Signals) {
  const child = run(args);
  const done = exited(child);
  let sent = false;
  const poll = setInterval(() => {
    if (!sent && lines(file) >= atLines) {
      sent = true;
      child.kill(signal);
    }
  }, 5);
  const result = await done;
  clearInterval(poll);
  return { ...result, sent };
}

function summaryCounts(path: string): unknown {
  const s = JSON.parse(readFileSync(path, 'utf8'));
  delete s.timings;
  delete s.out_dir;
  delete s.keep;
  delete s.drop;
  return s;
}

describe('scan-warc --resume after kill -9', () => {
  let warc: WrittenWarc;
  let reference: string;
  const OUTPUTS = ['verdicts.jsonl', 'exclusions.jsonl', 'exclusions.csv', 'errors.jsonl'];

  beforeAll(async () => {
    warc = await writeWarc(crawl(), { name: 'resume.warc.gz' });
    // A damaged tail: errors.jsonl must survive the crash too.
    const bytes = readFileSync(warc.path);
    writeFileSync(warc.path, bytes.subarray(0, bytes.length - 50));
    reference = join(tempDir(), 'reference');
    const r = await exited(run(['scan-warc', warc.path, '--out', reference, '--quiet', '--workers', '2']));
    expect(r.code).toBe(0);
    // The last record was cut off: it is an error, not a page.
    expect(lines(join(reference, 'verdicts.jsonl'))).toBe(PAGES - 1);
  });

  test('killed twice mid-file, resumed twice: byte-identical outputs and the same summary counts', async () => {
    const out = join(tempDir(), 'crashed');
    const args = [
      'scan-warc',
      warc.path,
      '--out',
      out,
      '--quiet',
      '--workers',
      '2',
      '--commit-every',
      '100',
      '--commit-ms',
      '0',
    ];
    const verdicts = join(out, 'verdicts.jsonl');

    const first = await interruptAt(args, verdicts, 250, 'SIGKILL');
    expect(first.sent).toBe(true);
    expect(first.signal).toBe('SIGKILL');
    const state1 = JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8'));
    expect(state1.complete).toBe(false);
    expect(state1.position.offset).toBeGreaterThan(0);

    const second = await interruptAt([...args, '--resume'], verdicts, 750, 'SIGKILL');
    expect(second.sent).toBe(true);
    const state2 = JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8'));
    expect(state2.complete).toBe(false);
    expect(state2.position.offset).toBeGreaterThan(state1.position.offset);

    const last = await exited(run([...args, '--resume']));
    expect([last.code, last.stderr]).toEqual([0, '']);
    for (const f of OUTPUTS) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f)))).toBe(true);
    expect(summaryCounts(join(out, 'summary.json'))).toEqual(summaryCounts(join(reference, 'summary.json')));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).timings.segments).toBe(3);
  });

  test('Ctrl-C (SIGINT) stops cleanly with exit 130, and --resume finishes the run identically', async () => {
    const out = join(tempDir(), 'interrupted');
    // Commit every 50 records: outputs then grow during the run, so the signal lands mid-run rather than
    // racing the final commit of a small archive (which made this test depend on machine speed).
    const args = ['scan-warc', warc.path, '--out', out, '--quiet', '--workers', '1', '--commit-every', '50'];
    const r = await interruptAt(args, join(out, 'verdicts.jsonl'), 200, 'SIGINT');
    expect(r.sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; outputs committed/);
    const resumed = await exited(run([...args, '--resume']));
    expect([resumed.code, resumed.stderr]).toEqual([0, '']);
    for (const f of OUTPUTS) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f)))).toBe(true);
  });
});

describe('filter --resume after kill -9', () => {
  test('byte-identical kept and dropped files', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'dataset.jsonl');
    const rows: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const text = `Row ${i}. ${'Some ordinary text of a dataset row. '.repeat(60)}`;
      if (i % 300 === 150) rows.push('{"broken json');
      else if (i % 5 === 0)
        rows.push(
          JSON.stringify({
            id: i,
            url: `https://d${i % 9}.example/${i}`,
            html: `<html><head><meta name="tdm-reservation" content="1"></head><body><p>${text}</p></body></html>`,
          }),
        );
      else rows.push(JSON.stringify({ id: i, url: `https://d${i % 9}.example/${i}`, text }));
    }
    writeFileSync(dataset, `${rows.join('\n')}\n`);
    const ref = (name: string) => join(dir, `ref-${name}`);
    const r = await exited(
      run(['filter', dataset, '--keep', ref('kept.jsonl'), '--drop', ref('dropped.jsonl'), '--quiet']),
    );
    expect(r.code).toBe(0);
    expect(lines(ref('kept.jsonl')) + lines(ref('dropped.jsonl'))).toBe(1500);

    const kept = join(dir, 'kept.jsonl');
    const dropped = join(dir, 'dropped.jsonl');
    const args = [
      'filter',
      dataset,
      '--keep',
      kept,
      '--drop',
      dropped,
      '--quiet',
      '--commit-every',
      '100',
      '--commit-ms',
      '0',
    ];
    const first = await interruptAt(args, kept, 400, 'SIGKILL');
    expect(first.sent).toBe(true);
    expect(JSON.parse(readFileSync(`${kept}.state.json`, 'utf8')).complete).toBe(false);
    const last = await exited(run([...args, '--resume']));
    expect([last.code, last.stderr]).toEqual([0, '']);
    expect(readFileSync(kept).equals(readFileSync(ref('kept.jsonl')))).toBe(true);
    expect(readFileSync(dropped).equals(readFileSync(ref('dropped.jsonl')))).toBe(true);
    expect(summaryCounts(`${kept}.summary.json`)).toEqual(summaryCounts(`${ref('kept.jsonl')}.summary.json`));
  });
});
