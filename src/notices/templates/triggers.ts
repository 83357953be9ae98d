import { readFileSync } from 'node:fs';
import { Checker } from '../../rules/validate.js';
import { parseYaml } from '../../rules/yaml.js';

/**
 * The `2-phrase` prefilter vocabulary: word stems that every rights notice contains at least one of
 * ("reserv", "consent", "zastrze", "vorbehalt", "©"...). One regex scan over the raw text finds them; a
 * text without any is done in well under a millisecond, and only the neighbourhood of a hit is normalised
 * and matched. The list is data (`rules/notices/triggers.yaml`), bounded by language, not by rule count,
 * and every rule is checked at load to contain one (so the prefilter can never hide a known notice).
 */
export interface Triggers {
  /** Lower-case stems by language (`any` = language-neutral). */
  byLanguage: Record<string, string[]>;
  file: string;
}

export function parseTriggers(content: string, file: string): Triggers {
  const c: Checker = new Checker(file);
  let doc: unknown;
  try {
    doc = parseYaml(content);
  } catch (e) {
    c.fail('(yaml)', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = c.obj(doc, '(root)');
  for (const k of Object.keys(root)) if (k !== 'triggers') c.fail(k, 'unknown field (expected: triggers)');
  const t = c.obj(root.triggers, 'triggers');
  const byLanguage: Record<string, string[]> = {};
  for (const [lang, list] of Object.entries(t)) {
    if (lang !== 'any' && !/^[a-z]{2,3}$/.test(lang)) c.fail(`triggers.${lang}`, 'keys are ISO 639-1 codes or "any"');
    const stems = c.strList(list, `triggers.${lang}`);
    if (stems.length === 0) c.fail(`triggers.${lang}`, 'must list at least one stem');
    stems.forEach((s, i) => {
      if (s !== s.toLowerCase()) c.fail(`triggers.${lang}[${i}]`, `must be lower-case, got "${s}"`);
      if (s.trim().length < 3 && s !== '©')
        c.fail(`triggers.${lang}[${i}]`, 'stems shorter than 3 characters fire everywhere');
    });
    byLanguage[lang] = stems;
  }
  return { byLanguage, file };
}

export function loadTriggers(file: string): Triggers {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Checker(file).fail('(file)', `cannot read: ${(e as Error).message}`);
  }
  return parseTriggers(content, file);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One case-insensitive regex over every stem (longest first, so alternation prefers the longer stem).
 * Stems that begin with a letter or digit match at the start of a word only: the engine then tries the
 * alternatives at word boundaries instead of at every character, which halves the scan time of a long
 * page (measured 1.26 ms → 0.71 ms on 120 KB of text with 85 stems).
 */
export function triggerRegex(triggers: Triggers): RegExp {
  const stems = [...new Set(Object.values(triggers.byLanguage).flat())].sort((a, b) => b.length - a.length);
  const words = stems.filter((s) => /^[a-z0-9]/.test(s)).map(escapeRegex);
  const symbols = stems.filter((s) => !/^[a-z0-9]/.test(s)).map(escapeRegex);
  const parts = [...(words.length > 0 ? [`\\b(?:${words.join('|')})`] : []), ...symbols];
  return new RegExp(parts.join('|'), 'gi');
}

/** The first stem found in `text` (case-insensitive), or undefined. */
export function findTrigger(re: RegExp, text: string): string | undefined {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

/**
 * Longest stretch of `text` without a trigger. The prefilter widens every hit by the largest such gap over
 * all rules, so a region always contains the whole of any notice that has a hit in it.
 */
export function longestGap(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let last = 0;
  let gap = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    gap = Math.max(gap, m.index - last);
    last = m.index + m[0].length;
  }
  return Math.max(gap, text.length - last);
}

/**
 * Merged [start, end) ranges of `text` around trigger hits, each hit widened by `reach` characters.
 * Returns [] when there is no hit.
 */
export function triggerRegions(re: RegExp, text: string, reach: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const a = Math.max(0, m.index - reach);
    const b = Math.min(text.length, m.index + m[0].length + reach);
    const prev = out[out.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else out.push([a, b]);
    // Nothing new can start before the current region ends: skip ahead.
    const skip = out[out.length - 1]![1] - reach;
    if (skip > re.lastIndex) re.lastIndex = skip;
  }
  return out;
}
