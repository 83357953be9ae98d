import type { Condition } from '../../model/conditions.js';
import type { Permission, Use } from '../../model/uses.js';
import { type CcTable, ccEffects } from '../../rules/ccLicences.js';

/**
 * Creative Commons licences named in prose ("publiés sous licence CC BY-NC 4.0", "released under CC0").
 * Links (`rel="license"`) are the creative-commons detector's; this reads the words. The effects come from
 * data/cc-licenses.yaml through `ccEffects`. A licence named in prose answers for reuse (redistribution,
 * commercial, derivatives); a public-domain dedication also for AI training and TDM.
 */

export interface LicenceMention {
  start: number;
  end: number;
  /** Canonical id, e.g. `CC-BY-NC-4.0`, `CC0`. */
  id: string;
  effects: Partial<Record<Use, Permission>>;
  conditions: Condition[];
}

const MENTION =
  /(?<![a-z0-9])(?:cc|creative commons)[\s-]*(by(?:[\s-]*(?:nc|nd|sa)){0,2}|zero|0)(?:[\s-]*v?(\d\.\d))?(?![a-z0-9])/g;

/** A Creative Commons licence named in a folded text: such text is worth classifying (the cue gate). */
export function namesLicence(folded: string): boolean {
  MENTION.lastIndex = 0;
  return MENTION.test(folded);
}

const PROSE_USES: readonly Use[] = ['redistribution', 'commercial', 'derivatives'];

function code(parts: string): string {
  const p = parts.split(/[\s-]+/).filter(Boolean);
  if (p[0] === 'zero' || p[0] === '0') return 'zero';
  const rest = p.slice(1).sort((a, b) => ['nc', 'nd', 'sa'].indexOf(a) - ['nc', 'nd', 'sa'].indexOf(b));
  return ['by', ...rest].join('-');
}

/** Licence mentions in a folded text. */
export function findLicenceMentions(folded: string, cc: CcTable): LicenceMention[] {
  const out: LicenceMention[] = [];
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(folded); m !== null; m = MENTION.exec(folded)) {
    const c = code(m[1]!);
    const tool = c === 'zero' ? cc.publicDomain.get('zero') : cc.licences.get(c);
    if (!tool) continue;
    const { effects, conditions } = ccEffects(tool);
    const version = m[2] ?? '';
    const id = c === 'zero' ? 'CC0' : `CC-${c.toUpperCase()}${version ? `-${version}` : ''}`;
    const chosen: Partial<Record<Use, Permission>> = {};
    for (const [use, p] of Object.entries(effects) as [Use, Permission][])
      if (tool.family === 'public-domain' || PROSE_USES.includes(use)) chosen[use] = p;
    out.push({ start: m.index, end: m.index + m[0].length, id, effects: chosen, conditions });
  }
  return out;
}
