import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyse } from 'scslre';
import ts from 'typescript';
import { compiledFor } from '../../src/notices/passages';
import { projectRoot } from '../../src/rules/root';
import { resources } from '../notices/helpers';

/**
 * Crawled text is hostile: every regular expression that reads it must run in linear time. scslre (the
 * analyser behind eslint-plugin-regexp) proves the absence of super-linear backtracking for a pattern, or
 * names the character run that triggers it. Checked here: every compiled cue of every lexicon, the cue gate,
 * the legal-heading scan, the template trigger scan, and every regular-expression literal in src/.
 */
function superLinear(re: RegExp): string | null {
  const r = analyse(re, { maxReports: 1 });
  if (r.reports.length === 0) return null;
  const report = r.reports[0]!;
  return `${report.type} (attack: /${report.character.literal.source}/ repeated)`;
}

/**
 * Literals whose input is not crawled text, or is bounded before it is matched: each with the reason. A new
 * literal on crawled text that scslre flags fails the test until it is rewritten (or listed with a reason).
 */
const TRUSTED: Record<string, string> = {
  'src/extract/decode.ts': 'charset prescan reads the first 1024 bytes only',
  'src/notices/clauses/segment.ts': 'end tests run on the last 48 characters of a line (tailOf)',
  'src/notices/clauses/pattern.ts': 'compiles rule text written by rule authors, not crawled text',
  'src/notices/templates/compile.ts': 'parses rule text (notice templates), not crawled text',
  'src/notices/templates/parse.ts': 'parses rule text (notice templates), not crawled text',
  'src/service/config.ts': 'parses an operator setting (--max-body)',
  'src/rules/agentsRefresh.ts': 'reads the agent registry page an operator refreshes on purpose',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function regexLiterals(file: string): { line: number; re: RegExp }[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { line: number; re: RegExp }[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(sf);
      const slash = text.lastIndexOf('/');
      out.push({
        line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
        re: new RegExp(text.slice(1, slash), text.slice(slash + 1)),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('regular expressions run in linear time', () => {
  test('every compiled cue of every lexicon', () => {
    const bad: string[] = [];
    for (const lex of resources().cues.byLang.values())
      for (const cue of lex.cues) {
        const why = superLinear(cue.regex);
        if (why) bad.push(`${cue.id}: ${why}`);
      }
    expect(bad).toEqual([]);
  });

  test('the cue gate, the legal-heading scan and the template trigger scan', () => {
    const c = compiledFor(resources().cues);
    for (const re of [...c.gate.raw, ...c.legalHeading.raw]) expect(superLinear(re)).toBeNull();
    expect(superLinear(resources().noticeTemplates.trigger)).toBeNull();
  });

  test('every regular-expression literal in src/ (outside the listed trusted inputs)', () => {
    const root = projectRoot();
    const bad: string[] = [];
    let count = 0;
    for (const file of sourceFiles(join(root, 'src'))) {
      const rel = relative(root, file);
      for (const { line, re } of regexLiterals(file)) {
        count++;
        if (TRUSTED[rel]) continue;
        const why = superLinear(re);
        if (why) bad.push(`${rel}:${line} ${re}: ${why}`);
      }
    }
    expect(count).toBeGreaterThan(200);
    expect(bad).toEqual([]);
  });

  test('the analyser does flag the separator-line pattern that hung a robots.txt check', () => {
    // The old gap of the phrase syntax: words could contain dashes, so "# ----" split in 2^n ways.
    expect(superLinear(/train(?:[\s-]+[^\s.;:!?]+){0,8}?[\s-]+models/)).not.toBeNull();
  });
});
