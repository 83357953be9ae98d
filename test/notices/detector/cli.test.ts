import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../src/rules/root';

/**
 * Issue 3: `npx clearance check notice.txt` on a plain-text notice gives the same classification as the
 * same text inside an HTML footer. Runs the built CLI (dist/, built by the jest global setup) as a user
 * would, on real corpus notices and on a notice nobody wrote a template for.
 */
const root = projectRoot();
const bin = join(root, 'bin', 'clearance.js');
const dir = mkdtempSync(join(tmpdir(), 'clearance-notice-cli-'));

function checkFile(file: string): {
  uses: Record<string, string>;
  reservation: boolean;
  evidence: { signal: string }[];
} {
  const r = spawnSync(process.execPath, [bin, 'check', file, '--format', 'json'], { encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

function asFooterPage(text: string, lang: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<!DOCTYPE html><html lang="${lang}"><head><title>News</title></head><body><main><article><h1>Council passes budget</h1><p>The council approved the budget on Tuesday.</p></article></main><footer>${paragraphs}</footer></body></html>`;
}

const cases: [string, string, string][] = [
  ['pl-wp', 'pl', readFileSync(join(root, 'test', 'corpus', 'notices', 'pl-wp.txt'), 'utf8')],
  ['de-002', 'de', readFileSync(join(root, 'test', 'corpus', 'notices', 'de-002.txt'), 'utf8')],
  [
    'untemplated',
    'it',
    "© 2026 Editoriale Esempio. Tutti i diritti riservati. È vietato l'utilizzo dei contenuti per l'addestramento di sistemi di intelligenza artificiale senza autorizzazione scritta. Il divieto non si applica ai motori di ricerca.",
  ],
];

describe('clearance check: plain-text notice = the same notice in an HTML footer', () => {
  test.each(cases)('%s', (name, lang, text) => {
    const txt = join(dir, `${name}.txt`);
    const page = join(dir, `${name}.html`);
    writeFileSync(txt, text);
    writeFileSync(page, asFooterPage(text, lang));
    const plain = checkFile(txt);
    const footer = checkFile(page);
    expect(plain.evidence.some((e) => e.signal === 'notice-text')).toBe(true);
    expect(footer.uses).toEqual(plain.uses);
    expect(footer.reservation).toBe(plain.reservation);
    expect(plain.reservation).toBe(true);
  });
});
