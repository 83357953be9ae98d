import type { Condition } from '../../model/conditions.js';
import { type Flag, flag } from '../../model/flags.js';
import type { Effects } from '../../model/uses.js';

/**
 * Cloudflare Content Signals (`search`, `ai-input`, `ai-train` = yes|no, plus `use=immediate|reference|full`
 * from 2026). Absent key = neither grants nor restricts. Unknown keys and values are ignored; keys and
 * values are matched case-insensitively but non-canonical case is flagged (docs/reference/signals.md §3.2, test/fixtures/vectors/site-vectors.yaml #37).
 */
const KEYS: Record<string, 'search' | 'ai-input' | 'ai-train'> = {
  search: 'search',
  'ai-input': 'ai-input',
  'ai-train': 'ai-train',
};

export interface ContentSignalResult {
  effects: Effects;
  conditions: Condition[];
  values: Record<string, string>;
  flags: Flag[];
}

export function parseContentSignal(value: string, where: string): ContentSignalResult {
  const out: ContentSignalResult = { effects: {}, conditions: [], values: {}, flags: [] };
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (part.trim()) out.flags.push(flag('cs_invalid_item', `${where}: "${part.trim()}"`));
      continue;
    }
    const rawKey = part.slice(0, eq).trim();
    const rawVal = part.slice(eq + 1).trim();
    const key = rawKey.toLowerCase();
    const val = rawVal.toLowerCase();
    if (rawKey !== key || rawVal !== val) out.flags.push(flag('cs_noncanonical_case', `${where}: "${part.trim()}"`));
    out.values[key] = val;
    const use = KEYS[key];
    if (use) {
      if (val === 'yes') out.effects[use] = 'allowed';
      else if (val === 'no') out.effects[use] = 'denied';
      else out.flags.push(flag('cs_unknown_value', `${where}: ${key}=${rawVal}`));
    } else if (key === 'use') {
      if (val === 'immediate') {
        out.effects.redistribution = 'denied';
        out.effects['ai-input'] = out.effects['ai-input'] === 'denied' ? 'denied' : 'conditional';
        out.conditions.push({ kind: 'other', text: 'use=immediate: interact only, store or reuse nothing' });
      } else if (val === 'reference') {
        out.effects.redistribution = 'denied';
      } else if (val !== 'full') out.flags.push(flag('cs_unknown_value', `${where}: use=${rawVal}`));
    } else out.flags.push(flag('cs_unknown_key', `${where}: ${rawKey}`));
  }
  return out;
}
