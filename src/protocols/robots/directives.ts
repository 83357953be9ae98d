import type { Condition } from '../../model/conditions.js';
import { stricter } from '../../model/lattice.js';
import type { Effects, Permission, Use } from '../../model/uses.js';

/**
 * Robots meta / X-Robots-Tag rule vocabulary and what each rule means for our uses (docs/reference/signals.md §5):
 * Google's rules, Bing/Amazon `noarchive`/`nocache`, DeviantArt `noai`/`noimageai` (and the rare `noml`).
 */
export const KNOWN_RULES = new Set([
  'all',
  'index',
  'follow',
  'noindex',
  'nofollow',
  'none',
  'nosnippet',
  'indexifembedded',
  'max-snippet',
  'max-image-preview',
  'max-video-preview',
  'notranslate',
  'noimageindex',
  'unavailable_after',
  'noarchive',
  'nocache',
  'noai',
  'noimageai',
  'noml',
  'noodp',
  'noydir',
]);

export interface Directive {
  name: string;
  value?: string;
}

export interface ScopedDirectives {
  /** Lower-case crawler token, or null for all crawlers. */
  agent: string | null;
  rules: Directive[];
}

function parseItem(item: string): Directive | { agent: string; rest: string } | null {
  const t = item.trim();
  if (!t) return null;
  const colon = t.indexOf(':');
  if (colon < 0) return { name: t.toLowerCase() };
  const head = t.slice(0, colon).trim().toLowerCase();
  const tail = t.slice(colon + 1).trim();
  if (KNOWN_RULES.has(head)) return { name: head, value: tail };
  return { agent: head, rest: tail };
}

/** A robots meta `content` value: comma-separated rules for one (already known) scope. */
export function parseRuleList(value: string): Directive[] {
  const out: Directive[] = [];
  for (const part of value.split(',')) {
    const d = parseItem(part);
    if (!d) continue;
    if ('agent' in d) {
      // `max-snippet: 20` style values are handled above; anything else with a colon is kept verbatim.
      out.push({ name: `${d.agent}:${d.rest}`.toLowerCase() });
    } else out.push(d);
  }
  return out;
}

/**
 * One X-Robots-Tag field line. Split on commas; an item whose text before the first colon is not a
 * known rule names a user agent that scopes this and the following items of the same line
 * (`X-Robots-Tag: GPTBot: noindex, noai` → both for GPTBot). `unavailable_after: 25 Jun 2010 15:00:00 PST`
 * stays one rule because its head is a known rule name.
 */
export function parseXRobotsTagLine(value: string): ScopedDirectives[] {
  const out: ScopedDirectives[] = [];
  let current: ScopedDirectives = { agent: null, rules: [] };
  out.push(current);
  for (const part of value.split(',')) {
    const d = parseItem(part);
    if (!d) continue;
    if ('agent' in d) {
      current = { agent: d.agent, rules: [] };
      out.push(current);
      const inner = parseItem(d.rest);
      if (inner && !('agent' in inner)) current.rules.push(inner);
    } else current.rules.push(d);
  }
  return out.filter((s) => s.rules.length > 0);
}

export interface RuleMeaning {
  effects: Effects;
  conditions: Condition[];
  /** Rules that restrict AI/TDM use (an Art. 4 reservation candidate). */
  reservation: boolean;
  /** Notes for evidence details (e.g. "noimageai applies to images only"). */
  notes: string[];
  /** Rules that mean nothing for our uses (nofollow, notranslate...). */
  inert: string[];
  unknown: string[];
}

function set(effects: Effects, use: Use, p: Permission): void {
  effects[use] = stricter(effects[use] ?? 'unknown', p);
}

export function interpretRules(rules: Directive[], now: Date): RuleMeaning {
  const m: RuleMeaning = { effects: {}, conditions: [], reservation: false, notes: [], inert: [], unknown: [] };
  for (const r of rules) {
    switch (r.name) {
      case 'noai':
      case 'noml':
        set(m.effects, 'ai-train', 'denied');
        set(m.effects, 'tdm', 'denied');
        // DeviantArt's terms also name "input to AI models"; conservative reading per docs/reference/signals.md §5.3.
        set(m.effects, 'ai-input', 'denied');
        m.reservation = true;
        break;
      case 'noimageai':
        m.notes.push('noimageai: images of this page must not be used for AI; the page text is not covered');
        break;
      case 'noindex':
      case 'none':
        set(m.effects, 'search', 'denied');
        break;
      case 'nosnippet':
        set(m.effects, 'ai-input', 'denied');
        set(m.effects, 'redistribution', 'denied');
        break;
      case 'max-snippet': {
        const n = Number.parseInt(r.value ?? '', 10);
        if (n === 0) {
          set(m.effects, 'ai-input', 'denied');
          set(m.effects, 'redistribution', 'denied');
        } else if (Number.isFinite(n) && n > 0) {
          set(m.effects, 'ai-input', 'conditional');
          m.conditions.push({ kind: 'excerpt-only', text: `excerpts of at most ${n} characters (max-snippet)` });
        } else m.inert.push(`max-snippet:${r.value ?? ''}`);
        break;
      }
      case 'noarchive':
        // Bing and Amazon read noarchive as "not for AI training or AI answers" (docs/reference/signals.md §5.2).
        set(m.effects, 'ai-train', 'denied');
        set(m.effects, 'ai-input', 'denied');
        m.reservation = true;
        m.notes.push('noarchive: AI-training / AI-answer opt-out for Microsoft and Amazon; no effect on Google');
        break;
      case 'nocache':
        set(m.effects, 'ai-train', 'conditional');
        set(m.effects, 'ai-input', 'conditional');
        m.conditions.push({ kind: 'excerpt-only', text: 'only URL, title and snippet (Bing nocache)' });
        m.reservation = true;
        break;
      case 'unavailable_after': {
        const t = Date.parse(r.value ?? '');
        if (Number.isNaN(t)) m.unknown.push(`unavailable_after:${r.value ?? ''}`);
        else if (now.getTime() > t) set(m.effects, 'search', 'denied');
        else m.notes.push(`search allowed until ${new Date(t).toISOString()}`);
        break;
      }
      default:
        if (KNOWN_RULES.has(r.name)) m.inert.push(r.name);
        else m.unknown.push(r.name);
    }
  }
  return m;
}
