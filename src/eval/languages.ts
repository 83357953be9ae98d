import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { identifyLanguage } from '../notices/language.js';
import { loadResources } from '../resources/resources.js';
import { projectRoot } from '../rules/root.js';
import { readLabels } from './corpus.js';

/**
 * `npm run eval:languages` — language identification on short texts, without an `<html lang>` hint: from
 * every labelled text of the corpus, excerpts of 20, 40 and 60 words (footer-sized), identified as the
 * notice detector does. Prints accuracy per language and the confusion matrix (rows: the labelled language,
 * columns: what was identified; `?` = not confident).
 */
export interface LanguageCase {
  lang: string;
  text: string;
}

const SIZES = [20, 40, 60];

export function excerpts(corpusDir: string): LanguageCase[] {
  const out: LanguageCase[] = [];
  for (const row of readLabels(corpusDir)) {
    if (/\.html?$/i.test(row.file)) continue;
    // Comment markers and Markdown are not words of any language.
    const words = readFileSync(join(corpusDir, row.file), 'utf8')
      .replace(/[#*>`|]/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
    for (const size of SIZES) {
      if (words.length < size) continue;
      const from = Math.floor((words.length - size) / 2);
      out.push({ lang: row.language, text: words.slice(from, from + size).join(' ') });
    }
    // Scripts without spaces: a footer-sized run of characters.
    if (words.length < SIZES[0]! && /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(words.join('')))
      out.push({ lang: row.language, text: words.join(' ').slice(0, 120) });
  }
  return out;
}

export interface Confusion {
  languages: string[];
  /** counts[labelled][identified], identified `?` when not confident. */
  counts: Map<string, Map<string, number>>;
  correct: number;
  total: number;
}

export function confusion(cases: readonly LanguageCase[]): Confusion {
  const resources = loadResources();
  const counts = new Map<string, Map<string, number>>();
  let correct = 0;
  for (const c of cases) {
    const g = identifyLanguage(c.text, resources.cues);
    const got = g.confident && g.lang ? g.lang : '?';
    if (got === c.lang) correct++;
    const row = counts.get(c.lang) ?? new Map<string, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    counts.set(c.lang, row);
  }
  return { languages: [...counts.keys()].sort(), counts, correct, total: cases.length };
}

export function printConfusion(c: Confusion): string {
  const cols = [...c.languages, '?'];
  const lines = [
    `${'lang'.padEnd(5)}${'n'.padStart(5)}${'acc'.padStart(7)}  ${cols.map((x) => x.padStart(4)).join('')}`,
  ];
  for (const lang of c.languages) {
    const row = c.counts.get(lang)!;
    const n = [...row.values()].reduce((a, b) => a + b, 0);
    const acc = (row.get(lang) ?? 0) / n;
    lines.push(
      `${lang.padEnd(5)}${String(n).padStart(5)}${acc.toFixed(2).padStart(7)}  ${cols.map((x) => String(row.get(x) ?? '.').padStart(4)).join('')}`,
    );
  }
  lines.push(`all ${c.correct}/${c.total} = ${(c.correct / c.total).toFixed(3)}`);
  return lines.join('\n');
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { corpus: { type: 'string' } } });
  const dir = values.corpus ?? join(projectRoot(), 'test', 'corpus');
  process.stdout.write(`${printConfusion(confusion(excerpts(dir)))}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
