import type { Location } from '../../model/evidence.js';
import { compilePathPattern } from '../shared/pathPattern.js';
import type { ExtensionKey, RobotsGroup, RobotsRecord } from './records.js';
import type { RobotsFile } from './robotsFile.js';

/**
 * Path-scoped extension records (`Content-Signal`, `Content-Usage`) of the group that applies to a crawler:
 * `[path-pattern SP] value` — a value starting with `/` (or `*`, RFC 9309 errata 7995) carries a path up to
 * the first space or tab (aipref attach-05 §3; contentsignals.org "Protect Specific Pages"). Without a path
 * the record covers every path of the group. The longest matching path wins (aipref: by encoded length;
 * Content Signals defines no tie-break, we use the same rule); records of the winning length all count.
 */
export interface ScopedRecord {
  record: RobotsRecord & { key: ExtensionKey };
  group: RobotsGroup;
  /** The path pattern, or null for "every path". */
  path: string | null;
  /** The value without the path. */
  value: string;
}

export function splitPathValue(value: string): { path: string | null; value: string } {
  if (!value.startsWith('/') && !value.startsWith('*')) return { path: null, value };
  const ws = value.search(/[ \t]/);
  if (ws < 0) return { path: value, value: '' };
  return { path: value.slice(0, ws), value: value.slice(ws).trim() };
}

/** The evidence fields a scoped record gives: robots.txt, its line, group and path; its text; its identity. */
export function scopedRecordEvidence(w: ScopedRecord): { location: Location; excerpt: string; idContent: string } {
  const location: Location = {
    kind: 'file',
    file: 'robots.txt',
    line: w.record.line,
    group: w.group.agentsRaw,
    ...(w.path !== null ? { path: w.path } : {}),
  };
  return { location, excerpt: w.record.raw.trim(), idContent: `${w.path ?? ''}|${w.value}` };
}

/** Every record of `key` in the groups that apply to `token`, with its path split off. */
export function recordsFor(robots: RobotsFile, token: string | null, key: ExtensionKey): ScopedRecord[] {
  const out: ScopedRecord[] = [];
  for (const group of robots.groupsFor(token).groups)
    for (const record of group.extensions)
      if (record.key === key) out.push({ record, group, ...splitPathValue(record.value) });
  return out;
}

/** The records whose path matches `path` with the greatest length (ties: all of them). */
export function longestMatch(records: ScopedRecord[], path: string): { winners: ScopedRecord[]; length: number } {
  let best = -1;
  let winners: ScopedRecord[] = [];
  for (const r of records) {
    let len: number;
    if (r.path === null) len = 0;
    else {
      const p = compilePathPattern(r.path);
      if (!p.test(path)) continue;
      len = p.length;
    }
    if (len > best) {
      best = len;
      winners = [r];
    } else if (len === best) winners.push(r);
  }
  return { winners, length: best };
}

/**
 * RSL `License:` lines that apply to a crawler: those of its own group (or of `*` when it has none) replace
 * the file-wide ones (RSL 1.0 §4.2: group-scoped License lines are the crawler's; global ones the default).
 */
export function licensesFor(
  robots: RobotsFile,
  token: string | null,
): { records: RobotsRecord[]; scope: 'group' | 'global' } {
  const grouped = recordsFor(robots, token, 'license').map((r) => r.record);
  if (grouped.length > 0) return { records: grouped, scope: 'group' };
  return { records: robots.records.globalLicenses, scope: 'global' };
}
