import type * as StructuredHeaders from 'structured-headers';
import { type Flag, flag } from '../../model/flags.js';
import { lazy } from '../../model/lazy.js';
import type { Effects, Use } from '../../model/uses.js';

/**
 * IETF aipref vocabulary (draft-ietf-aipref-vocab-07, plus `ai-use` from -08) serialised as an RFC 9651
 * Dictionary; parsing uses the `structured-headers` library. Rules (docs/reference/signals.md §2.3):
 * - parse failure (upper-case key, trailing comma...) → every category unknown, flag `aipref_parse_error`;
 * - Token `y` → allowed, Token `n` → disallowed, any other value (Boolean, String "n", Token no) → unknown;
 * - parameters and unknown labels are ignored; duplicate keys: last wins (RFC 9651), flagged.
 * Labels of older drafts are flagged `aipref_legacy_label` and mapped leniently (our policy, documented in
 * docs/precedence.md) with lower confidence — never silently.
 */
const CURRENT: Record<string, Use> = { 'train-ai': 'ai-train', search: 'search', 'ai-use': 'ai-input' };
const LEGACY: Record<string, Use[]> = {
  'train-genai': ['ai-train'],
  ai: ['ai-train'],
  genai: ['ai-train'],
  tdm: ['tdm'],
  bots: ['ai-train', 'tdm'],
  all: ['ai-train', 'tdm'],
  inference: ['ai-input'],
  'ai-output': ['ai-input'],
};

export interface AiprefResult {
  ok: boolean;
  effects: Effects;
  legacyEffects: Effects;
  /** Raw label → value as read ("y", "n", or a description of the non-token value). */
  labels: Record<string, string>;
  flags: Flag[];
}

/** Finds keys that occur more than once in a dictionary string (the parser keeps only the last). */
function duplicateKeys(value: string): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const member of value.split(',')) {
    const key = member.split(/[=;]/)[0]!.trim();
    if (!key) continue;
    if (seen.has(key)) dup.add(key);
    seen.add(key);
  }
  return [...dup];
}

/** Loaded when a page or site states a Content-Usage preference (most do not). */
const structuredHeaders = lazy(() => require('structured-headers') as typeof StructuredHeaders);

export function parseAipref(value: string, where: string): AiprefResult {
  const out: AiprefResult = { ok: false, effects: {}, legacyEffects: {}, labels: {}, flags: [] };
  const { parseDictionary, Token } = structuredHeaders();
  let dict: ReturnType<typeof parseDictionary>;
  try {
    dict = parseDictionary(value);
  } catch (e) {
    out.flags.push(flag('aipref_parse_error', `${where}: ${(e as Error).message}`));
    return out;
  }
  out.ok = true;
  for (const k of duplicateKeys(value))
    out.flags.push(flag('aipref_duplicate_key', `${where}: "${k}" given more than once; the last one counts`));
  for (const [key, [item]] of dict) {
    const v = item instanceof Token ? item.toString() : undefined;
    out.labels[key] = v ?? `(${typeof item === 'boolean' ? 'boolean' : typeof item} value)`;
    const perm = v === 'y' ? 'allowed' : v === 'n' ? 'denied' : undefined;
    const current = CURRENT[key];
    if (current) {
      if (perm) out.effects[current] = perm;
      else out.flags.push(flag('aipref_unknown_value', `${where}: ${key} has a value other than the tokens y / n`));
      continue;
    }
    const legacy = LEGACY[key];
    if (legacy) {
      out.flags.push(flag('aipref_legacy_label', `${where}: "${key}" is a label of an older aipref draft`));
      if (perm) for (const u of legacy) if (!out.effects[u]) out.legacyEffects[u] = perm;
    }
  }
  return out;
}
