import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { UTF8_BOM } from '../../src/export/csv';
import { EXCLUSION_COLUMNS } from '../../src/export/exclusion';
import { REPORT_CSV_COLUMNS } from '../../src/export/reportCsv';
import { Review } from '../../src/review/service';
import type { Store } from '../../src/store/open';
import { listAudit } from '../../src/store/repos/audit';
import { alice, engine, NOAI, PLAIN, storePage, TDM_RESERVED, tempStore } from '../review/helpers';

let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
let db: string;

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
      readStdin: async () => Buffer.alloc(0),
    },
    out: () => out,
    err: () => err,
  };
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main([...argv, '--db', db], c.io);
  return { code, out: c.out(), err: c.err() };
}

beforeAll(async () => {
  ({ store, dir, cleanup } = await tempStore());
  db = join(dir, 'clearance.db');
  await storePage(store, 'https://news.example.com/a', TDM_RESERVED('A'), { decidedAt: '2026-10-01T10:00:00.000Z' });
  await storePage(store, 'https://news.example.com/b', TDM_RESERVED('B'));
  await storePage(store, 'https://blog.other.org/x', NOAI);
  await storePage(store, 'https://blog.other.org/plain', PLAIN);
  const review = new Review(store, engine);
  await review.sync();
  await review.createConclusion(
    {
      action: 'licence-acquired',
      reason: 'LICENSE_ACQUIRED',
      licenceRef: 'LIC-1',
      comment: '=HYPERLINK("http://evil.example","click") @SUM(A1) — "quoted", with comma',
      scope: { kind: 'page', url: 'https://blog.other.org/x' },
    },
    alice,
  );
});
afterAll(() => cleanup());

describe('clearance report', () => {
  test('json: canonical header then items, with verdicts, evidence ids and conclusions', async () => {
    const r = await run('report', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      header: Record<string, unknown> & { counts: Record<string, number>; rules: { hash: string } };
      items: { url: string; evidence: { id: string }[]; conclusion: { action: string } | null; effective: unknown }[];
    };
    expect(Object.keys(doc)).toEqual(['header', 'items']);
    expect(doc.header.report).toBe('clearance-audit-report');
    expect(doc.header.rules.hash).toBe(engine.resources.rulesHash);
    expect(doc.header.profile).toBe('conservative');
    expect(doc.header.counts.items).toBe(4);
    expect(doc.header.counts.concluded).toBe(1);
    expect(doc.items).toHaveLength(4);
    const x = doc.items.find((i) => i.url === 'https://blog.other.org/x')!;
    expect(x.conclusion?.action).toBe('licence-acquired');
    expect(x.evidence.length).toBeGreaterThan(0);
    // Canonical: no whitespace between tokens, keys sorted.
    expect(r.out.startsWith('{"header":{"counts":')).toBe(true);
    expect(r.err).toMatch(/report: 4 items, \d+ bytes, sha256 [0-9a-f]{64}/);
  });

  test('domain and date filters', async () => {
    const d = JSON.parse((await run('report', '--domain', 'example.com')).out) as { items: { url: string }[] };
    expect(d.items.map((i) => i.url).sort()).toEqual(['https://news.example.com/a', 'https://news.example.com/b']);
    const old = JSON.parse((await run('report', '--to', '2026-10-02')).out) as { items: { url: string }[] };
    expect(old.items.map((i) => i.url)).toEqual(['https://news.example.com/a']);
    const recent = JSON.parse((await run('report', '--from', '2026-10-02')).out) as { items: unknown[] };
    expect(recent.items).toHaveLength(3);
  });

  test('csv: BOM, stable columns, formula cells neutralised, quoting', async () => {
    const r = await run('report', '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.out.startsWith(UTF8_BOM)).toBe(true);
    const lines = r.out.slice(1).split('\r\n');
    expect(lines[0]).toBe(REPORT_CSV_COLUMNS.join(','));
    expect(lines.filter((l) => l !== '')).toHaveLength(5);
    const row = lines.find((l) => l.startsWith('https://blog.other.org/x,'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") @SUM(A1) — ""quoted"", with comma"`);
    expect(row).not.toMatch(/,=HYPERLINK/);
  });

  test('html: self-contained, escaped, printable', async () => {
    const out = join(dir, 'report.html');
    const r = await run('report', '--format', 'html', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|src=/i);
    expect(page).toContain('@media print');
    expect(page).toContain('&quot;quoted&quot;');
    expect(page).toContain('End of report: 4 items.');
  });

  test('bad usage exits 2 with the reason', async () => {
    expect((await run('report', '--format', 'pdf')).code).toBe(2);
    expect((await run('report', '--from', 'yesterday')).err).toMatch(/--from must be a date/);
    expect((await run('report', '--from', '2026-02-30')).err).toMatch(/--from must be a date/);
    expect((await run('exclusions', '--use', 'ai-train', '--to', '2026-13-01')).code).toBe(2);
    expect((await run('report', '--profile', 'nope')).err).toMatch(/unknown profile/);
  });
});

describe('clearance exclusions', () => {
  test('jsonl: one record per excluded URL, the licensed page left out', async () => {
    const r = await run('exclusions', '--use', 'ai-train');
    expect(r.code).toBe(0);
    const recs = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { url: string; exclude_training: boolean; evidence_ids: string[] });
    expect(recs.map((x) => x.url).sort()).toEqual(['https://news.example.com/a', 'https://news.example.com/b']);
    expect(recs.every((x) => x.exclude_training && x.evidence_ids.length > 0)).toBe(true);
  });

  test('csv with the shared columns; domain filter; --out file', async () => {
    const out = join(dir, 'excl.csv');
    const r = await run(
      'exclusions',
      '--use',
      'ai-train',
      '--format',
      'csv',
      '--domain',
      'news.example.com',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(EXCLUSION_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
  });

  test('--use is required', async () => {
    const r = await run('exclusions');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--use must be ai-train or redistribution/);
  });

  test('every export is in the audit log with its sha256', async () => {
    const entries = (await listAudit(store.db, { limit: 10000 })).filter((e) => e.action.startsWith('export.'));
    expect(entries.length).toBeGreaterThanOrEqual(7);
    const last = JSON.parse(entries[entries.length - 1]!.details_json) as { sha256: string; items: number };
    expect(last.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
