import { CONDITION_KINDS, type Condition } from '../../model/conditions.js';
import { isRestrictive } from '../../model/lattice.js';
import { type Effects, PERMISSIONS, RESERVATION_USES, USES } from '../../model/uses.js';
import { Checker, isObj } from '../../rules/validate.js';
import { parseYaml } from '../../rules/yaml.js';
import { normalize, tokenize } from '../normalize/index.js';
import { NOTICE_KINDS, type NoticeKind, type NoticeRule } from './rule.js';

const FIELDS = [
  'id',
  'kind',
  'language',
  'publisher',
  'effects',
  'conditions',
  'exceptions',
  'relevance',
  'minimum_coverage',
  'source',
  'notes',
] as const;

const MARKER_RE = /\{\{([\s\S]*?)\}\}|\[\[([\s\S]*?)\]\]/g;

/** Split a rule file into YAML front matter and body. */
function splitFrontMatter(c: Checker, content: string): { yaml: string; body: string } {
  const text = content.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (!text.startsWith('---\n'))
    c.fail('(front matter)', 'the file must start with a "---" line, then YAML, then "---"');
  const close = text.indexOf('\n---\n', 3);
  const closeAtEnd = text.endsWith('\n---') ? text.length - 4 : -1;
  const end = close >= 0 ? close : closeAtEnd;
  if (end < 0) c.fail('(front matter)', 'no closing "---" line after the YAML front matter');
  return { yaml: text.slice(4, end + 1), body: text.slice(end + 5) };
}

/** Word count after normalisation: what relevance and coverage defaults are based on. */
export function wordCount(text: string): number {
  return tokenize(normalize(text).text).values.length;
}

/** ScanCode's compute_relevance: 18+ words → 100, shorter rules are proportionally weaker clues. */
export function defaultRelevance(words: number): number {
  return Math.min(100, Math.round((words * 100) / 18));
}

/** Short rules must match in full; long ones tolerate edits (dates, names, a changed clause). */
export function defaultMinimumCoverage(words: number): number {
  if (words < 10) return 100;
  if (words < 30) return 90;
  return 80;
}

function parseBody(c: Checker, body: string): { text: string; requiredPhrases: string[]; placeholders: string[] } {
  const requiredPhrases: string[] = [];
  const placeholders: string[] = [];
  const text = body.replace(MARKER_RE, (_, req: string | undefined, ph: string | undefined) => {
    if (req !== undefined) {
      if (req.trim() === '') c.fail('text', 'empty {{ }} required phrase');
      if (wordCount(req) === 0) c.fail('text', `required phrase {{${req}}} has no words`);
      requiredPhrases.push(req);
      return req;
    }
    if (ph === undefined || ph.trim() === '') c.fail('text', 'empty [[ ]] placeholder: give an example value');
    placeholders.push(ph);
    return ph;
  });
  for (const stray of ['{{', '}}', '[[', ']]']) {
    if (text.includes(stray))
      c.fail('text', `unbalanced "${stray}" (required phrases are {{...}}, placeholders [[...]])`);
  }
  return { text: text.trim(), requiredPhrases, placeholders };
}

function parseEffects(c: Checker, v: unknown): Effects {
  if (v === undefined || v === null) return {};
  const o = c.obj(v, 'effects');
  const effects: Effects = {};
  for (const [use, permission] of Object.entries(o)) {
    const u = c.oneOf(use, `effects.${use}`, USES);
    effects[u] = c.oneOf(permission, `effects.${use}`, PERMISSIONS);
  }
  return effects;
}

function parseConditions(c: Checker, v: unknown): Condition[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) c.fail('conditions', 'must be a list of {kind, text}');
  return v.map((item, i) => {
    const field = `conditions[${i}]`;
    const o = c.obj(item, field);
    for (const k of Object.keys(o)) if (k !== 'kind' && k !== 'text') c.fail(`${field}.${k}`, 'unknown field');
    const kind = c.oneOf(o.kind, `${field}.kind`, CONDITION_KINDS);
    const text = c.optStr(o.text, `${field}.text`);
    return text === undefined ? { kind } : { kind, text };
  });
}

/** Cross-field rules: what each kind must and must not say. */
function checkKind(c: Checker, kind: NoticeKind, effects: Effects, conditions: Condition[], required: string[]): void {
  const restricts = RESERVATION_USES.some((u) => isRestrictive(effects[u] ?? 'unknown'));
  if (kind === 'false-positive') {
    if (Object.keys(effects).length > 0) c.fail('effects', 'a false-positive rule states no effects; remove them');
    return;
  }
  if (required.length === 0) {
    c.fail('text', 'needs at least one {{required phrase}} (the words without which the notice means something else)');
  }
  if (kind === 'reservation' && !restricts) {
    c.fail(
      'effects',
      `a reservation must restrict (denied/conditional) at least one of ${RESERVATION_USES.join(', ')}`,
    );
  }
  if (kind === 'copyright-only' && restricts) {
    c.fail('effects', `copyright-only rules say nothing about ${RESERVATION_USES.join(', ')}; use kind: reservation`);
  }
  if (kind === 'permission' && !Object.values(effects).some((p) => p === 'allowed' || p === 'conditional')) {
    c.fail('effects', 'a permission must allow at least one use (allowed, or conditional with its conditions)');
  }
  if (Object.values(effects).includes('conditional') && conditions.length === 0) {
    c.fail('conditions', 'some effects are conditional: say on what (consent, licence, payment, attribution...)');
  }
}

/**
 * Parse and validate one rule file. Every problem is a RuleFileError naming the file and the field.
 * `expected` (from the loader) is the id the file name implies and the language its folder implies.
 */
export function parseNoticeRule(
  content: string,
  file: string,
  expected: { id?: string; language?: string } = {},
): NoticeRule {
  const c: Checker = new Checker(file);
  const { yaml, body } = splitFrontMatter(c, content);
  let doc: unknown;
  try {
    doc = parseYaml(yaml);
  } catch (e) {
    c.fail('(front matter)', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObj(doc)) c.fail('(front matter)', 'must be a YAML mapping');
  for (const k of Object.keys(doc)) {
    if (!(FIELDS as readonly string[]).includes(k)) c.fail(k, `unknown field (known: ${FIELDS.join(', ')})`);
  }
  const id = c.str(doc.id, 'id');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) c.fail('id', 'must be lower-case letters, digits and dashes');
  if (expected.id !== undefined && id !== expected.id) c.fail('id', `must match the file name "${expected.id}"`);
  const kind = c.oneOf(doc.kind, 'kind', NOTICE_KINDS);
  const language = c.str(doc.language, 'language');
  if (!/^[a-z]{2,3}$/.test(language)) c.fail('language', 'must be an ISO 639-1 code such as "en" or "pl"');
  if (expected.language !== undefined && language !== expected.language) {
    c.fail('language', `must match the folder name "${expected.language}"`);
  }
  const effects = parseEffects(c, doc.effects);
  const conditions = parseConditions(c, doc.conditions);
  const exceptions = c.strList(doc.exceptions, 'exceptions');
  const { text, requiredPhrases, placeholders } = parseBody(c, body);
  if (text === '') c.fail('text', 'the notice text after the front matter is empty');
  checkKind(c, kind, effects, conditions, requiredPhrases);
  const words = wordCount(text);
  if (words === 0) c.fail('text', 'the notice text has no words');
  const rule: NoticeRule = {
    id,
    kind,
    language,
    effects,
    conditions,
    exceptions,
    relevance: doc.relevance === undefined ? defaultRelevance(words) : c.num(doc.relevance, 'relevance', 0, 100),
    minimumCoverage:
      doc.minimum_coverage === undefined
        ? defaultMinimumCoverage(words)
        : c.num(doc.minimum_coverage, 'minimum_coverage', 1, 100),
    source: c.str(doc.source, 'source'),
    text,
    template: body.trim(),
    requiredPhrases,
    placeholders,
    file,
  };
  const publisher = c.optStr(doc.publisher, 'publisher');
  if (publisher !== undefined) rule.publisher = publisher;
  const notes = c.optStr(doc.notes, 'notes');
  if (notes !== undefined) rule.notes = notes;
  return rule;
}
