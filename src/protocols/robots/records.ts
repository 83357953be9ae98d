/**
 * A group-aware reader for the robots.txt records robots-parser does not expose.
 *
 * Why it exists: robots-parser 3.0.1 (which evaluates Allow/Disallow for us) silently drops every record it
 * does not know — `Content-Signal`, `Content-Usage`, `License` — and lets an unknown record between two
 * `User-agent` lines split the group, which RFC 9309 §2.2.4 forbids ("other records MUST NOT interfere").
 * So this reader (a) collects the extension records with the group they belong to, (b) produces the
 * sanitised text robots-parser is given (only user-agent / allow / disallow lines, every other line blanked
 * so line numbers stay true), and (c) keeps comment blocks for the natural-language notice detector.
 *
 * Grouping follows RFC 9309 §2.1 / Google's reference parser: a group is a run of `user-agent` lines plus
 * the records after them; a `user-agent` line that follows an allow/disallow rule starts a new group;
 * extension records and comments never end a group. Records before the first `user-agent` are global
 * (`License`) or outside any group (everything else, which RFC 9309 says to ignore).
 */
import { normalisePath } from '../shared/pathPattern.js';

export const EXTENSION_KEYS = ['content-signal', 'content-usage', 'license'] as const;
export type ExtensionKey = (typeof EXTENSION_KEYS)[number];

export interface RobotsRecord {
  /** 1-based line number in the file. */
  line: number;
  /** Lower-case field name. */
  key: string;
  /** Value with the comment and surrounding white space removed. */
  value: string;
  /** The line as written (without the line break). */
  raw: string;
}

export interface RobotsRule {
  allow: boolean;
  pattern: string;
  line: number;
  raw: string;
}

export interface RobotsGroup {
  index: number;
  /** Agent keys as robots-parser forms them: lower-case, cut at the first `/`, trimmed. */
  agents: string[];
  /** `User-agent` values as written. */
  agentsRaw: string[];
  startLine: number;
  endLine: number;
  rules: RobotsRule[];
  extensions: (RobotsRecord & { key: ExtensionKey })[];
}

export interface CommentBlock {
  startLine: number;
  endLine: number;
  /** Comment text without the `#` markers, one line per comment line. */
  text: string;
}

export interface ManagedBlock {
  vendor: 'cloudflare';
  startLine: number;
  endLine: number;
}

export interface RobotsRecords {
  groups: RobotsGroup[];
  /** `License:` lines that belong to no group (before the first group, or after a `Sitemap:` line). */
  globalLicenses: RobotsRecord[];
  /** Allow/Disallow/extension records before the first `User-agent` line (ignored, flagged). */
  outsideGroup: RobotsRecord[];
  comments: CommentBlock[];
  managedBlocks: ManagedBlock[];
  /** True when the Content Signals Policy comment text is present (with or without a signal line). */
  contentSignalsPolicyText: boolean;
  /** Lines of the file (for excerpts), without line breaks. */
  lines: string[];
  /** Text for robots-parser: same line count, only user-agent / allow / disallow kept (see file comment). */
  sanitised: string;
  /** Field names the reader did not know, with counts (crawl-delay, sitemap, host are known). */
  unknownKeys: Record<string, number>;
}

const KNOWN = new Set(['user-agent', 'allow', 'disallow', 'crawl-delay', 'sitemap', 'host', ...EXTENSION_KEYS]);
const CF_BEGIN = /^#\s*BEGIN Cloudflare Managed content/i;
const CF_END = /^#\s*END Cloudflare Managed content/i;
const CF_POLICY = /as a condition of accessing this website, you agree to abide by the/i;

/** robots-parser's user-agent normalisation, copied so both sides name groups identically. */
export function agentKey(value: string): string {
  const lower = value.toLowerCase();
  const slash = lower.indexOf('/');
  return (slash > -1 ? lower.slice(0, slash) : lower).trim();
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash > -1 ? line.slice(0, hash) : line;
}

export function readRobotsRecords(text: string): RobotsRecords {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out: RobotsRecords = {
    groups: [],
    globalLicenses: [],
    outsideGroup: [],
    comments: [],
    managedBlocks: [],
    contentSignalsPolicyText: false,
    lines,
    sanitised: '',
    unknownKeys: {},
  };
  const sanitised: string[] = new Array(lines.length).fill('');
  let group: RobotsGroup | null = null;
  let inAgentRun = false;
  let lastRecordKey: string | null = null;
  let lastWasGlobalLicense = false;
  let comment: { start: number; end: number; parts: string[] } | null = null;
  let managedStart: number | null = null;

  const closeComment = () => {
    if (comment) out.comments.push({ startLine: comment.start, endLine: comment.end, text: comment.parts.join('\n') });
    comment = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      if (CF_BEGIN.test(trimmed)) managedStart = lineNo;
      else if (CF_END.test(trimmed) && managedStart !== null) {
        out.managedBlocks.push({ vendor: 'cloudflare', startLine: managedStart, endLine: lineNo });
        managedStart = null;
      }
      if (CF_POLICY.test(trimmed)) out.contentSignalsPolicyText = true;
      const body = trimmed.replace(/^#+\s?/, '');
      if (comment && comment.end >= lineNo - 2) {
        comment.end = lineNo;
        comment.parts.push(body);
      } else {
        closeComment();
        comment = { start: lineNo, end: lineNo, parts: [body] };
      }
      continue;
    }
    if (trimmed === '') continue;
    closeComment();
    const content = stripComment(raw);
    const colon = content.indexOf(':');
    if (colon < 0) {
      out.unknownKeys['(no colon)'] = (out.unknownKeys['(no colon)'] ?? 0) + 1;
      continue;
    }
    const key = content.slice(0, colon).trim().toLowerCase();
    const value = content.slice(colon + 1).trim();
    const record: RobotsRecord = { line: lineNo, key, value, raw };
    if (!KNOWN.has(key)) out.unknownKeys[key] = (out.unknownKeys[key] ?? 0) + 1;

    if (key === 'user-agent') {
      if (!inAgentRun || !group) {
        group = {
          index: out.groups.length,
          agents: [],
          agentsRaw: [],
          startLine: lineNo,
          endLine: lineNo,
          rules: [],
          extensions: [],
        };
        out.groups.push(group);
      }
      if (value) {
        group.agents.push(agentKey(value));
        group.agentsRaw.push(value);
      }
      group.endLine = lineNo;
      inAgentRun = true;
      sanitised[i] = `user-agent: ${value}`;
    } else if (key === 'allow' || key === 'disallow') {
      if (group) {
        const pattern = normalisePath(value);
        group.rules.push({ allow: key === 'allow', pattern, line: lineNo, raw });
        group.endLine = lineNo;
        sanitised[i] = `${key}: ${pattern}`;
      } else out.outsideGroup.push(record);
      inAgentRun = false;
    } else if (key === 'license') {
      // RSL: a License line outside any group is global. One that follows a Sitemap line (a file-wide
      // record) is treated as file-wide too: publishers append both at the end of the file.
      if (!group || lastRecordKey === 'sitemap' || lastWasGlobalLicense) {
        out.globalLicenses.push(record);
        lastWasGlobalLicense = true;
        lastRecordKey = key;
        continue;
      } else {
        group.extensions.push({ ...record, key: 'license' });
        group.endLine = lineNo;
      }
    } else if (key === 'content-signal' || key === 'content-usage') {
      if (group) {
        group.extensions.push({ ...record, key });
        group.endLine = lineNo;
      } else out.outsideGroup.push(record);
    }
    lastRecordKey = key;
    lastWasGlobalLicense = false;
  }
  closeComment();
  if (managedStart !== null)
    out.managedBlocks.push({ vendor: 'cloudflare', startLine: managedStart, endLine: lines.length });
  out.sanitised = sanitised.join('\n');
  return out;
}

/** True when `line` lies inside a CDN-managed block. */
export function inManagedBlock(records: RobotsRecords, line: number): ManagedBlock | undefined {
  return records.managedBlocks.find((b) => line >= b.startLine && line <= b.endLine);
}
