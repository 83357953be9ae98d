import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONDITION_KINDS, type ConditionKind } from '../model/conditions.js';
import { REVIEW_FLAGS, type ReviewFlag } from '../model/flags.js';
import { PERMISSIONS, type Permission, USES, type Use } from '../model/uses.js';
import { Checker } from '../rules/validate.js';
import { yamlDocument } from '../rules/yaml.js';

/** One decision of a profile: when does a page leave the training set / the redistribution set. */
export interface ExclusionRule {
  uses: Use[];
  excludeWhen: Permission[];
  /** Conditions a pipeline is assumed to satisfy; a `conditional` use with only these does not exclude. */
  toleratedConditions: ConditionKind[];
  /** `machine-readable`: only machine-readable evidence counts (Art. 4(3) DSM). */
  signals: 'all' | 'machine-readable';
  /**
   * Verdict flags that exclude on their own (`analysis_truncated`: rights language the analysis did not
   * read). They keep the page out until a reviewer concludes; they never change `uses`.
   */
  excludeOnFlags: ReviewFlag[];
}

export interface Profile {
  id: string;
  description: string;
  training: ExclusionRule;
  redistribution: ExclusionRule;
  file: string;
}

export const DEFAULT_PROFILE = 'conservative';

function parseRule(c: Checker, v: unknown, field: string): ExclusionRule {
  const o = c.obj(v, field);
  const uses = c.strList(o.uses, `${field}.uses`).map((u, i) => c.oneOf(u, `${field}.uses[${i}]`, USES));
  if (uses.length === 0) c.fail(`${field}.uses`, 'must name at least one use');
  return {
    uses,
    excludeWhen: c
      .strList(o.exclude_when, `${field}.exclude_when`)
      .map((p, i) => c.oneOf(p, `${field}.exclude_when[${i}]`, PERMISSIONS)),
    toleratedConditions: c
      .strList(o.tolerated_conditions, `${field}.tolerated_conditions`)
      .map((k, i) => c.oneOf(k, `${field}.tolerated_conditions[${i}]`, CONDITION_KINDS)),
    signals: o.signals === undefined ? 'all' : c.oneOf(o.signals, `${field}.signals`, ['all', 'machine-readable']),
    excludeOnFlags:
      o.exclude_on_flags === undefined
        ? []
        : c
            .strList(o.exclude_on_flags, `${field}.exclude_on_flags`)
            .map((f, i) => c.oneOf(f, `${field}.exclude_on_flags[${i}]`, REVIEW_FLAGS)),
  };
}

export function parseProfile(text: string, file: string): Profile {
  const c = new Checker(file);
  const doc = yamlDocument(c, text);
  const o = c.obj(doc, '(root)');
  const id = c.str(o.id, 'id');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) c.fail('id', 'must be lower-case letters, digits and dashes');
  return {
    id,
    description: c.str(o.description, 'description'),
    training: parseRule(c, o.training, 'training'),
    redistribution: parseRule(c, o.redistribution, 'redistribution'),
    file,
  };
}

export function loadProfiles(dir: string): Map<string, Profile> {
  const out = new Map<string, Profile>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml') && !name.endsWith('.yml')) continue;
    const file = join(dir, name);
    const p = parseProfile(readFileSync(file, 'utf8'), file);
    if (out.has(p.id)) throw new Error(`${file}: id: profile "${p.id}" is defined twice`);
    out.set(p.id, p);
  }
  if (!out.has(DEFAULT_PROFILE)) throw new Error(`${dir}: the default profile "${DEFAULT_PROFILE}" is missing`);
  return out;
}
