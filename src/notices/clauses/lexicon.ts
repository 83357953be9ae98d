import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONDITION_KINDS, type ConditionKind } from '../../model/conditions.js';
import { PERMISSIONS, type Permission, USES, type Use } from '../../model/uses.js';
import { Checker, RuleFileError } from '../../rules/validate.js';
import { parseYaml } from '../../rules/yaml.js';
import { fold } from './fold.js';
import { compilePattern, isExactPattern, PatternError, patternAnchors } from './pattern.js';

/**
 * Cue lexicons (rules/cues/<lang>.yaml) and the shared concept table (rules/cues/concepts.yaml).
 * A concept is a language-independent thing a clause can talk about ("text and data mining", "search
 * engines", "personal use"); each language lists the phrases that name it. The concept table says which
 * of our uses a concept is about, so adding a language never touches code.
 */

export const MODALITIES = ['prohibit', 'reserve', 'consent', 'permit', 'discretionary', 'only'] as const;
export type Modality = (typeof MODALITIES)[number];

/** Categories of cues other than uses and modalities; every language file may list phrases for each. */
export const CUE_LISTS = [
  'negation',
  'negation_after',
  'exception',
  'scope_exclusion',
  'back_reference',
  'self',
  'user_data',
  'promise',
  'reported',
  'legal_discourse',
  'third_party',
  'purpose',
  'inclusion',
  'copyright',
  'statutes',
  'legal_headings',
] as const;

/**
 * Voice (./voice.ts: who speaks, and whether about its own content) and structure (a sentence that
 * continues the restriction before it; verbs that open a prohibited-act item). Their phrases only say "this
 * sentence has X at this place": each list is scanned as one alternation (`mergeLists`).
 */
export const VOICE_LISTS = [
  'addressee',
  'actors',
  'ability',
  'hypothetical',
  'explain',
  'law_topic',
  'hedge',
  'continuation',
  'actions',
] as const;
export type CueList = (typeof CUE_LISTS)[number] | (typeof VOICE_LISTS)[number];

export type InException = 'allow' | 'note' | 'ignore';

export interface Concept {
  id: string;
  description: string;
  uses: Use[];
  /** What a mention inside an exception ("does not apply to search engines") does. */
  inException: InException;
  /** Effects when the clause restricts use to this concept ("for personal use only"). */
  whenOnly: Partial<Record<Use, Permission>>;
  /** The condition this concept names when it qualifies a permission ("for research only"). */
  condition?: ConditionKind;
}

export interface Cue {
  /** `<lang>.<category>.<key>: <phrase>`: stable while the phrase is unchanged; shown in evidence. */
  id: string;
  lang: string;
  category: 'use' | 'modality' | 'condition' | CueList;
  /** Concept id, modality or condition kind; the list name for plain lists. */
  key: string;
  pattern: string;
  regex: RegExp;
  /** Matched against the original text, case-sensitively (`=AI`). */
  exact: boolean;
  /**
   * Literal strings every match starts with (null when the pattern has none): a text containing none of
   * them cannot match, so the regex is not run (the scan is one `includes` per cue instead of a regex).
   */
  anchors: string[] | null;
}

export interface Lexicon {
  lang: string;
  name: string;
  /** ISO 639-3 code used by the language identifier. */
  franc: string;
  file: string;
  cues: Cue[];
  /** Abbreviations that end with a dot without ending a sentence ("Abs.", "art.", "e.g."). */
  abbreviations: string[];
  /** What identifies the language in a short text (src/notices/identify.ts). */
  identify: Identify;
}

export interface Identify {
  /** Frequent function words, folded ("und", "der", "nicht"). */
  words: string[];
  /** Letters (lower case, unfolded) that the language uses and its neighbours do not ("ř", "ľ", "ї"). */
  letters: string;
  /** The writing system: `latin`, `cyrillic`, `greek`, `han`, `kana`, `hangul`. */
  script: Script;
}

export const SCRIPTS = ['latin', 'cyrillic', 'greek', 'han', 'kana', 'hangul'] as const;
export type Script = (typeof SCRIPTS)[number];

export interface CueLexicons {
  concepts: Map<string, Concept>;
  byLang: Map<string, Lexicon>;
}

const USE_SET = new Set<string>(USES);

function parseConcepts(text: string, file: string): Map<string, Concept> {
  const c = new Checker(file);
  const doc = c.obj(parseYaml(text), '(root)');
  const raw = c.obj(doc.concepts, 'concepts');
  const out = new Map<string, Concept>();
  for (const [id, v] of Object.entries(raw)) {
    const f = `concepts.${id}`;
    if (!/^[a-z][a-z0-9-]*$/.test(id)) c.fail(f, 'concept ids are lower-case words joined by dashes');
    const o = c.obj(v, f);
    const uses = c.strList(o.uses, `${f}.uses`).map((u, i) => c.oneOf(u, `${f}.uses[${i}]`, USES));
    const inException =
      o.in_exception === undefined
        ? 'ignore'
        : c.oneOf(o.in_exception, `${f}.in_exception`, ['allow', 'note', 'ignore'] as const);
    const whenOnly: Partial<Record<Use, Permission>> = {};
    if (o.when_only !== undefined) {
      for (const [u, p] of Object.entries(c.obj(o.when_only, `${f}.when_only`))) {
        if (!USE_SET.has(u)) c.fail(`${f}.when_only.${u}`, `must be one of ${USES.join(', ')}`);
        whenOnly[u as Use] = c.oneOf(p, `${f}.when_only.${u}`, PERMISSIONS);
      }
    }
    const condition = o.condition === undefined ? undefined : c.oneOf(o.condition, `${f}.condition`, CONDITION_KINDS);
    out.set(id, {
      id,
      description: c.str(o.description, `${f}.description`),
      uses,
      inException,
      whenOnly,
      condition,
    });
  }
  return out;
}

function compileCue(
  c: Checker,
  lang: string,
  category: Cue['category'],
  key: string,
  pattern: string,
  field: string,
): Cue {
  try {
    return {
      id: `${lang}.${category}.${key}: ${pattern}`,
      lang,
      category,
      key,
      pattern,
      regex: compilePattern(pattern),
      exact: isExactPattern(pattern),
      anchors: patternAnchors(pattern),
    };
  } catch (e) {
    if (e instanceof PatternError) c.fail(field, e.message);
    throw e;
  }
}

const MERGED_LISTS = new Set<string>(VOICE_LISTS);

function mergeLists(cues: Cue[], lang: string): Cue[] {
  const out: Cue[] = [];
  const groups = new Map<string, Cue[]>();
  for (const cue of cues) {
    if (!MERGED_LISTS.has(cue.category)) {
      out.push(cue);
      continue;
    }
    const key = `${cue.category}${cue.exact ? '=' : ''}`;
    const list = groups.get(key);
    if (list) list.push(cue);
    else groups.set(key, [cue]);
  }
  for (const [key, list] of groups) {
    const first = list[0]!;
    // Longer phrases first: at one position the alternation takes the first alternative that matches.
    const sources = list.map((q) => q.regex.source).sort((a, b) => b.length - a.length);
    const anchors = list.every((q) => q.anchors !== null) ? list.flatMap((q) => q.anchors!) : null;
    out.push({
      id: `${lang}.${first.category}.${key}: ${list.length} phrases`,
      lang,
      category: first.category,
      key: first.category,
      pattern: list.map((q) => q.pattern).join(' | '),
      regex: new RegExp(sources.join('|'), 'gu'),
      exact: first.exact,
      anchors,
    });
  }
  return out;
}

function phraseList(c: Checker, v: unknown, field: string): string[] {
  const list = c.strList(v, field);
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p)) c.fail(`${field}[${i}]`, `duplicate phrase "${p}"`);
    seen.add(p);
  });
  return list;
}

export function parseLexicon(text: string, file: string, concepts: Map<string, Concept>): Lexicon {
  const c = new Checker(file);
  const doc = c.obj(parseYaml(text), '(root)');
  const lang = c.str(doc.language, 'language');
  if (!/^[a-z]{2}$/.test(lang)) c.fail('language', `must be an ISO 639-1 code, got "${lang}"`);
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (expected !== lang) c.fail('language', `"${lang}" does not match the file name "${basename(file)}"`);
  const known = new Set<string>([
    'language',
    'name',
    'franc',
    'uses',
    'modality',
    'conditions',
    'abbreviations',
    'identify',
    ...CUE_LISTS,
    ...VOICE_LISTS,
  ]);
  for (const k of Object.keys(doc)) if (!known.has(k)) c.fail(k, `unknown section; known: ${[...known].join(', ')}`);
  const cues: Cue[] = [];
  const uses = c.obj(doc.uses, 'uses');
  for (const [concept, list] of Object.entries(uses)) {
    if (!concepts.has(concept))
      c.fail(
        `uses.${concept}`,
        `unknown concept; known: ${[...concepts.keys()].join(', ')} (rules/cues/concepts.yaml)`,
      );
    phraseList(c, list, `uses.${concept}`).forEach((p, i) => {
      cues.push(compileCue(c, lang, 'use', concept, p, `uses.${concept}[${i}]`));
    });
  }
  const modality = c.obj(doc.modality, 'modality');
  for (const [m, list] of Object.entries(modality)) {
    const key = c.oneOf(m, `modality.${m}`, MODALITIES);
    phraseList(c, list, `modality.${m}`).forEach((p, i) => {
      cues.push(compileCue(c, lang, 'modality', key, p, `modality.${m}[${i}]`));
    });
  }
  if (doc.conditions !== undefined) {
    for (const [k, list] of Object.entries(c.obj(doc.conditions, 'conditions'))) {
      const key = c.oneOf(k, `conditions.${k}`, CONDITION_KINDS);
      phraseList(c, list, `conditions.${k}`).forEach((p, i) => {
        cues.push(compileCue(c, lang, 'condition', key, p, `conditions.${k}[${i}]`));
      });
    }
  }
  for (const list of [...CUE_LISTS, ...VOICE_LISTS]) {
    phraseList(c, doc[list], list).forEach((p, i) => {
      cues.push(compileCue(c, lang, list, list, p, `${list}[${i}]`));
    });
  }
  const merged = mergeLists(cues, lang);
  for (const required of ['prohibit', 'consent', 'permit'] as const)
    if (!cues.some((q) => q.category === 'modality' && q.key === required))
      c.fail(`modality.${required}`, 'every lexicon needs at least one phrase here');
  for (const required of ['negation', 'exception', 'copyright'] as const)
    if (!cues.some((q) => q.category === required)) c.fail(required, 'every lexicon needs at least one phrase here');
  const franc = c.str(doc.franc, 'franc');
  if (!/^[a-z]{3}$/.test(franc)) c.fail('franc', `must be an ISO 639-3 code, got "${franc}"`);
  return {
    lang,
    name: c.str(doc.name, 'name'),
    franc,
    file,
    cues: merged,
    abbreviations: phraseList(c, doc.abbreviations, 'abbreviations').map((a) => a.toLowerCase()),
    identify: parseIdentify(c, doc.identify),
  };
}

function parseIdentify(c: Checker, v: unknown): Identify {
  const o = c.obj(v, 'identify');
  const words = c.strList(o.words, 'identify.words').map((w, i) => {
    const f = fold(w.trim());
    if (!/^\p{L}+$/u.test(f)) c.fail(`identify.words[${i}]`, `one word of letters, got "${w}"`);
    return f;
  });
  if (words.length < 10) c.fail('identify.words', 'list at least 10 frequent function words of the language');
  const letters = o.letters === undefined ? '' : c.str(o.letters, 'identify.letters').toLowerCase();
  if (!/^\p{L}*$/u.test(letters)) c.fail('identify.letters', 'letters only');
  const script = o.script === undefined ? 'latin' : c.oneOf(o.script, 'identify.script', SCRIPTS);
  return { words: [...new Set(words)], letters, script };
}

/** Loads concepts.yaml and every `<lang>.yaml` of a directory; fails on the first invalid file or field. */
export function loadCueLexicons(dir: string): CueLexicons {
  const conceptsFile = join(dir, 'concepts.yaml');
  let conceptsText: string;
  try {
    conceptsText = readFileSync(conceptsFile, 'utf8');
  } catch {
    throw new RuleFileError(conceptsFile, '(file)', 'missing: the cue lexicons need the shared concept table');
  }
  const concepts = parseConcepts(conceptsText, conceptsFile);
  const byLang = new Map<string, Lexicon>();
  for (const name of readdirSync(dir).sort()) {
    if (!/^[a-z]{2}\.ya?ml$/.test(name)) continue;
    const file = join(dir, name);
    const lex = parseLexicon(readFileSync(file, 'utf8'), file, concepts);
    byLang.set(lex.lang, lex);
  }
  if (byLang.size === 0) throw new RuleFileError(dir, '(directory)', 'no <lang>.yaml cue lexicon found');
  return { concepts, byLang };
}
