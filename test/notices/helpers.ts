import { noTemplates } from '../../src/eval/run';
import { strictest } from '../../src/model/lattice';
import type { Effects, Permission, Use } from '../../src/model/uses';
import { findInPassage, type PassageFindings } from '../../src/notices/find';
import { loadResources, type Resources } from '../../src/resources/resources';

let base: Resources | undefined;
let clauseOnly: Resources | undefined;

/** The real rules, loaded once per test file. */
export function resources(): Resources {
  base ??= loadResources();
  return base;
}

/** The real rules without templates: what the clause classifier alone makes of a text. */
export function clauseResources(): Resources {
  clauseOnly ??= { ...resources(), noticeTemplates: noTemplates() };
  return clauseOnly;
}

export interface Classified {
  findings: PassageFindings;
  /** Effects of all notices combined (strictest per use, as the notice protocol combines them). */
  effects: Effects;
  reservation: boolean;
}

export function classify(text: string, lang: string | null = null, res: Resources = clauseResources()): Classified {
  const findings = findInPassage({ text, declaredLang: lang }, res);
  const effects: Effects = {};
  for (const n of findings.notices)
    for (const [use, p] of Object.entries(n.effects) as [Use, Permission][])
      effects[use] = effects[use] ? strictest([effects[use]!, p]) : p;
  return { findings, effects, reservation: findings.notices.some((n) => n.reservation) };
}
