import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Flag, flag } from '../../model/flags.js';
import type { SiteFile } from '../../model/siteInput.js';
import { Checker } from '../../rules/validate.js';
import { yamlDocument } from '../../rules/yaml.js';
import {
  agentKey,
  type RobotsGroup,
  type RobotsRecords,
  type RobotsRule,
  readRobotsRecords,
} from '../robots/records.js';
import { readSiteFile } from '../shared/fileText.js';
import { compilePathPattern } from '../shared/pathPattern.js';

/**
 * Spawning `ai.txt`: robots.txt syntax whose rules name file extensions (`Disallow: *.jpg`) or paths
 * (`Disallow: /`). Evaluated by hand rather than with robots-parser because a rule's meaning depends on the
 * asset's MEDIA TYPE, not only on its URL: an HTML page at `/news/article` is "text", so `Disallow: *.txt`
 * (the generator's text block) covers it. Rule choice is robots-style: longest pattern wins, Allow on ties.
 * Files that are not in this syntax (Markdown "ai.txt" for LLMs, free text) are ignored and flagged.
 */
export interface AiTxtMedia {
  pageType: string;
  /** extension (lower-case, no dot) → media type */
  typeOf: Map<string, string>;
  /** media type → extensions */
  extensions: Map<string, string[]>;
}

const mediaCache = new Map<string, AiTxtMedia>();

export function parseAiTxtMedia(text: string, file: string): AiTxtMedia {
  const c = new Checker(file);
  const doc = yamlDocument(c, text);
  const o = c.obj(doc, '(root)');
  const media = c.obj(o.media, 'media');
  const out: AiTxtMedia = { pageType: c.str(o.page_type, 'page_type'), typeOf: new Map(), extensions: new Map() };
  for (const [type, list] of Object.entries(media)) {
    const exts = c.strList(list, `media.${type}`).map((e) => e.toLowerCase());
    exts.forEach((e, i) => {
      if (!/^[a-z0-9]+$/.test(e)) c.fail(`media.${type}[${i}]`, `"${e}" must be an extension without a dot`);
      const prev = out.typeOf.get(e);
      if (prev) c.fail(`media.${type}[${i}]`, `"${e}" is already listed under ${prev}`);
      out.typeOf.set(e, type);
    });
    out.extensions.set(type, exts);
  }
  if (!out.extensions.has(out.pageType)) c.fail('page_type', `"${out.pageType}" is not one of the media types`);
  return out;
}

export function loadAiTxtMedia(dataDir: string): AiTxtMedia {
  const file = join(dataDir, 'ai-txt-media.yaml');
  let m = mediaCache.get(file);
  if (!m) {
    m = parseAiTxtMedia(readFileSync(file, 'utf8'), file);
    mediaCache.set(file, m);
  }
  return m;
}

export interface AiTxtFile {
  /** False when the file is not in Spawning's robots-like syntax. */
  spawning: boolean;
  records: RobotsRecords;
  flags: Flag[];
  status: number;
  fetchedAt?: string;
}

/** The part of a site context the ai.txt detector reads. */
export interface AiTxtSite {
  aiTxt: AiTxtFile | null;
  aiTxtMedia: AiTxtMedia;
}

export interface AiTxtDecision {
  allowed: boolean;
  rule: RobotsRule;
  group: RobotsGroup[];
  /** The media type the asset was judged as. */
  mediaType: string;
  named: boolean;
}

export function parseAiTxt(file: SiteFile): AiTxtFile {
  const status = file.status ?? 200;
  const out: AiTxtFile = { spawning: false, records: readRobotsRecords(''), flags: [], status };
  if (file.fetchedAt) out.fetchedAt = file.fetchedAt;
  if (status < 200 || status >= 300) {
    out.flags.push(flag('ai_txt_unavailable', `ai.txt answered HTTP ${status}; ignored`));
    return out;
  }
  const read = readSiteFile(file, 'ai_txt');
  out.flags.push(...read.flags);
  out.records = readRobotsRecords(read.text);
  out.spawning = out.records.groups.some((g) => g.rules.length > 0);
  if (!out.spawning && !read.binary)
    out.flags.push(
      flag(
        'ai_txt_not_spawning',
        'ai.txt has no User-Agent group with Allow/Disallow rules (not Spawning syntax); ignored',
      ),
    );
  return out;
}

const EXT_RULE = /^\/?\*\.([A-Za-z0-9]+)\$?$/;

function extensionOf(path: string): string | null {
  const clean = path.split(/[?#]/)[0]!;
  const last = clean.slice(clean.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : null;
}

/** The ai.txt decision for one URL path and crawler (its own group, else `*`), or null when no rule matches. */
export function evaluateAiTxt(
  file: AiTxtFile,
  path: string,
  token: string | null,
  media: AiTxtMedia,
): AiTxtDecision | null {
  if (!file.spawning) return null;
  const key = token ? agentKey(token) : '*';
  let groups = key === '*' ? [] : file.records.groups.filter((g) => g.agents.includes(key));
  const named = groups.length > 0;
  if (!named) groups = file.records.groups.filter((g) => g.agents.includes('*'));
  const ext = extensionOf(path);
  const extType = ext ? media.typeOf.get(ext) : undefined;
  // A URL without a known media extension (or .html) is a page: its text is governed by the text rules.
  const isPage = !extType || ext === 'html' || ext === 'htm';
  const mediaType = isPage ? media.pageType : extType;
  let best: RobotsRule | null = null;
  let bestLen = -1;
  for (const g of groups)
    for (const r of g.rules) {
      if (r.pattern === '') continue;
      const extRule = EXT_RULE.exec(r.pattern);
      const hit =
        compilePathPattern(r.pattern).test(path) ||
        (extRule !== null && isPage && media.typeOf.get(extRule[1]!.toLowerCase()) === media.pageType);
      if (!hit) continue;
      const len = Buffer.byteLength(r.pattern);
      if (len > bestLen || (len === bestLen && r.allow && best && !best.allow)) {
        best = r;
        bestLen = len;
      }
    }
  if (!best) return null;
  return { allowed: best.allow, rule: best, group: groups, mediaType, named };
}
