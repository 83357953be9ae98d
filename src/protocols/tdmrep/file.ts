import { type Flag, flag } from '../../model/flags.js';
import type { SiteFile } from '../../model/siteInput.js';
import { readSiteFile } from '../shared/fileText.js';
import { compilePathPattern } from '../shared/pathPattern.js';

/**
 * `/.well-known/tdmrep.json` (W3C TDMRep CG Final Report 2024-05-10, §"TDM Reservation file"): a JSON array
 * of `{location, tdm-reservation, tdm-policy?}`. `location` is a robots.txt-style path pattern, matched
 * case-sensitively; the FIRST matching rule is the most specific one (array order, not longest match); no
 * match ⇒ unset. `tdm-reservation` is exactly 1 or 0 (JSON numbers in every spec example; strings "1"/"0"
 * are accepted and flagged `tdm_nonconformant`); other values are protocol errors ⇒ that rule is unset.
 *
 * Anything that is not such an array does not implement the protocol (flag `tdm_file_invalid`). When such a
 * file still shows an evident intent to reserve (an object with `tdm-reservation: 1`, an invented schema
 * that prohibits mining), the intent is kept — never as valid TDMRep — and flagged `nl_intent`.
 */
export const TDMREP_MAX_BYTES = 512 * 1024;

export interface TdmRule {
  /** 0-based position in the array. */
  index: number;
  location: string;
  /** The path pattern actually matched (an absolute-URL location reduced to its path). */
  pattern: string;
  reservation: '1' | '0';
  policy?: string;
}

export interface TdmIntent {
  reservation: '1' | '0';
  policy?: string;
  /** Where the intent was read (`tdm-reservation` key, `tdm:prohibition`...). */
  basis: string;
}

export interface TdmrepFile {
  valid: boolean;
  rules: TdmRule[];
  intent: TdmIntent | null;
  /** Free-text strings of an invalid file (descriptions, rights statements) for the notice detector. */
  texts: string[];
  flags: Flag[];
  status: number;
  fetchedAt?: string;
}

/** The part of a site context the tdmrep.json detector reads. */
export interface TdmrepSite {
  tdmrep: TdmrepFile | null;
}

export interface TdmMatch {
  rule: TdmRule;
  /** Later rules that also match and say something else: dead because of array order (flag `shadowed_rule`). */
  shadowed: TdmRule[];
}

type Json = unknown;

function reservationOf(v: Json, where: string, flags: Flag[]): '1' | '0' | null {
  if (v === 1 || v === 0) return v === 1 ? '1' : '0';
  if (v === '1' || v === '0') {
    flags.push(flag('tdm_nonconformant', `${where}: tdm-reservation is the string "${v}", not the number ${v}`));
    return v;
  }
  flags.push(flag('tdm_invalid', `${where}: tdm-reservation ${JSON.stringify(v)} is neither 1 nor 0; rule ignored`));
  return null;
}

function patternOf(location: string, origin: string, where: string, flags: Flag[]): string | null {
  if (/^https?:\/\//i.test(location)) {
    let u: URL;
    try {
      u = new URL(location);
    } catch {
      flags.push(flag('tdm_invalid', `${where}: location "${location}" is not a path pattern or a URL`));
      return null;
    }
    if (u.origin !== origin) {
      flags.push(flag('tdm_location_other_origin', `${where}: location "${location}" is on another origin; ignored`));
      return null;
    }
    flags.push(flag('tdm_nonconformant', `${where}: location "${location}" is an absolute URL, not a path pattern`));
    return `${u.pathname}${u.search}` || '/';
  }
  if (!location.startsWith('/') && !location.startsWith('*'))
    flags.push(flag('tdm_nonconformant', `${where}: location "${location}" does not start with "/"`));
  return location.startsWith('/') || location.startsWith('*') ? location : `/${location}`;
}

export function parseTdmrepFile(file: SiteFile, origin: string): TdmrepFile {
  const status = file.status ?? 200;
  const out: TdmrepFile = { valid: false, rules: [], intent: null, texts: [], flags: [], status };
  if (file.fetchedAt) out.fetchedAt = file.fetchedAt;
  if (status < 200 || status >= 300) {
    out.flags.push(
      flag(
        'tdm_file_unavailable',
        `tdmrep.json answered HTTP ${status}: the site does not implement the file technique`,
      ),
    );
    return out;
  }
  const read = readSiteFile(file, 'tdmrep', TDMREP_MAX_BYTES);
  out.flags.push(...read.flags);
  if (read.binary || read.truncated) {
    out.flags.push(
      flag('tdm_file_invalid', read.binary ? 'tdmrep.json is binary' : 'tdmrep.json exceeds the size limit'),
    );
    return out;
  }
  let doc: Json;
  try {
    doc = JSON.parse(read.text);
  } catch (e) {
    out.flags.push(flag('tdm_file_invalid', `tdmrep.json is not JSON: ${(e as Error).message}`));
    return out;
  }
  if (!Array.isArray(doc)) {
    out.flags.push(
      flag('tdm_file_invalid', `tdmrep.json must be a JSON array of rules, got ${doc === null ? 'null' : typeof doc}`),
    );
    readIntent(doc, out);
    return out;
  }
  out.valid = true;
  doc.forEach((item, i) => {
    const where = `tdmrep.json[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      out.flags.push(flag('tdm_invalid', `${where}: not an object; rule ignored`));
      return;
    }
    const o = item as Record<string, Json>;
    if (typeof o.location !== 'string' || o.location.trim() === '') {
      out.flags.push(flag('tdm_invalid', `${where}: "location" is mandatory; rule ignored`));
      return;
    }
    if (!('tdm-reservation' in o)) {
      out.flags.push(flag('tdm_invalid', `${where}: "tdm-reservation" is mandatory; rule ignored`));
      return;
    }
    const reservation = reservationOf(o['tdm-reservation'], where, out.flags);
    const pattern = patternOf(o.location.trim(), origin, where, out.flags);
    if (reservation === null || pattern === null) return;
    const rule: TdmRule = { index: i, location: o.location, pattern, reservation };
    const policy = o['tdm-policy'];
    if (typeof policy === 'string' && policy.trim() !== '') rule.policy = policy.trim();
    else if (policy !== undefined && policy !== null && policy !== '')
      out.flags.push(
        flag('tdm_invalid', `${where}: tdm-policy ${JSON.stringify(policy)} is not a URL string; ignored`),
      );
    out.rules.push(rule);
  });
  if (doc.length === 0) out.flags.push(flag('tdm_file_empty', 'tdmrep.json is an empty array: nothing is reserved'));
  return out;
}

/** First matching rule (case-sensitive), and the later matching rules it hides. */
export function matchTdmrep(file: TdmrepFile, path: string): TdmMatch | null {
  let first: TdmRule | null = null;
  const shadowed: TdmRule[] = [];
  for (const rule of file.rules) {
    if (!compilePathPattern(rule.pattern).test(path)) continue;
    if (!first) first = rule;
    else if (rule.reservation !== first.reservation || rule.policy !== first.policy) shadowed.push(rule);
  }
  return first ? { rule: first, shadowed } : null;
}

/**
 * Evident intent of an invalid file. Reads only unambiguous shapes: a `tdm-reservation`/`reservation` key with
 * 1/0, an ODRL-like prohibition of `tdm:mine`/`tdm:train`, a `*-mining: not-allowed` policy. Collects long
 * strings (descriptions, rights text) for the notice detector.
 */
function readIntent(doc: Json, out: TdmrepFile): void {
  let reservation: '1' | '0' | null = null;
  let policy: string | undefined;
  let basis = '';
  const visit = (v: Json, key: string, inProhibition: boolean, depth: number) => {
    if (depth > 12) return;
    if (typeof v === 'string') {
      if (inProhibition && /^tdm:(mine|train)$/i.test(v.trim()) && reservation !== '1') {
        reservation = '1';
        basis = `prohibition of ${v.trim()}`;
      }
      if (
        /mining$/i.test(key) &&
        /^(not[-_ ]?allowed|disallow(ed)?|prohibited|forbidden|no|deny|denied)$/i.test(v.trim())
      )
        if (reservation !== '1') {
          reservation = '1';
          basis = `"${key}": "${v.trim()}"`;
        }
      if (/^(tdm[-:]?)?policy$/i.test(key) && /^https?:\/\//i.test(v.trim())) policy ??= v.trim();
      if (v.trim().split(/\s+/).length >= 8) out.texts.push(v.trim());
      return;
    }
    if (typeof v === 'number' || (typeof v === 'string' && /^[01]$/.test(v))) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, key, inProhibition, depth + 1);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      if (/^(tdm[-:])?reservation$/i.test(k) && (x === 1 || x === 0 || x === '1' || x === '0')) {
        const r = String(x) as '1' | '0';
        if (reservation !== '1') {
          reservation = r;
          basis = `"${k}": ${JSON.stringify(x)}`;
        }
        continue;
      }
      visit(x, k, inProhibition || /prohibition/i.test(k), depth + 1);
    }
  };
  visit(doc, '', false, 0);
  if (reservation !== null) {
    out.intent = { reservation, basis, ...(policy ? { policy } : {}) };
    out.flags.push(
      flag(
        'nl_intent',
        `invalid tdmrep.json shows an intent ${reservation === '1' ? 'to reserve' : 'not to reserve'} TDM rights (${basis}); not valid TDMRep`,
      ),
    );
  }
}
