import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Checker, RuleFileError } from '../../rules/validate.js';
import { parseNoticeRule } from './parse.js';
import type { NoticeRule } from './rule.js';

export const RULE_EXTENSIONS = ['.md', '.rule'];
export const TRIGGERS_FILE = 'triggers.yaml';
/** Files that may sit next to the language folders. */
const ROOT_FILES = new Set([TRIGGERS_FILE, 'README.md']);

/**
 * Load every rule under `dir` (`<dir>/<lang>/<id>.md`), validating each file; ids must be unique.
 * Throws RuleFileError naming the file and the field at the first problem.
 */
export function loadNoticeRules(dir: string): NoticeRule[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    throw new RuleFileError(dir, '(directory)', `cannot read the notice rules folder: ${(e as Error).message}`);
  }
  const rules: NoticeRule[] = [];
  const byId = new Map<string, string>();
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) {
      if (!ROOT_FILES.has(entry)) {
        new Checker(path).fail('(location)', 'rule files go in a language folder: rules/notices/<lang>/<id>.md');
      }
      continue;
    }
    for (const name of readdirSync(path).sort()) {
      const file = join(path, name);
      const ext = extname(name);
      if (!RULE_EXTENSIONS.includes(ext)) {
        new Checker(file).fail('(location)', `not a rule file (expected ${RULE_EXTENSIONS.join(' or ')})`);
      }
      const rule = parseNoticeRule(readFileSync(file, 'utf8'), file, { id: basename(name, ext), language: entry });
      const other = byId.get(rule.id);
      if (other !== undefined) new Checker(file).fail('id', `"${rule.id}" is already used by ${other}`);
      byId.set(rule.id, file);
      rules.push(rule);
    }
  }
  return rules;
}
