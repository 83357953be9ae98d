import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SiteFile, SiteInput } from '../model/siteInput.js';
import { UsageError } from './io.js';

/**
 * The site-file flags of `clearance check`, kept here so the command itself only spreads them in:
 *   --robots FILE [--robots-status N] [--tdmrep FILE] [--rsl [URL=]FILE]... [--ai-txt FILE]
 */
export const SITE_OPTIONS = {
  robots: { type: 'string' },
  'robots-status': { type: 'string' },
  tdmrep: { type: 'string' },
  rsl: { type: 'string', multiple: true },
  'ai-txt': { type: 'string' },
} as const;

export const SITE_USAGE = `  Site files (clearance does not crawl; pass what your crawler fetched for the page's origin):
    --robots FILE          robots.txt; --robots-status N its HTTP status (default 200; 4xx = no rules, 5xx = all disallowed)
    --tdmrep FILE          /.well-known/tdmrep.json
    --rsl [URL=]FILE       an RSL licence document (repeatable); URL = the address robots.txt "License:" or the
                           page's <link rel=license> names; without URL it is matched by file name or applied alone
    --ai-txt FILE          Spawning ai.txt
    --agent TOKEN          also answer "may this crawler fetch the URL" (product token, e.g. GPTBot)
`;

export interface SiteArgs {
  robots?: string;
  robotsStatus?: number;
  tdmrep?: string;
  rsl: { url?: string; file: string }[];
  aiTxt?: string;
}

export function parseSiteArgs(v: Record<string, unknown>): SiteArgs {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const out: SiteArgs = { rsl: [] };
  out.robots = str('robots');
  out.tdmrep = str('tdmrep');
  out.aiTxt = str('ai-txt');
  const status = str('robots-status');
  if (status !== undefined) {
    if (!/^\d{3}$/.test(status) || Number(status) < 100 || Number(status) > 599)
      throw new UsageError(`--robots-status must be an HTTP status code (100-599), not "${status}"`);
    if (!out.robots) throw new UsageError('--robots-status needs --robots FILE (use an empty file for a 404 or 503)');
    out.robotsStatus = Number(status);
  }
  for (const raw of (v.rsl as string[] | undefined) ?? []) {
    const m = /^(https?:\/\/[^=]+)=(.+)$/i.exec(raw);
    if (m) {
      try {
        new URL(m[1]!);
      } catch {
        throw new UsageError(`--rsl "${raw}": "${m[1]}" is not an absolute URL`);
      }
      out.rsl.push({ url: m[1]!, file: m[2]! });
    } else out.rsl.push({ file: raw });
  }
  return out;
}

async function readSite(flagName: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new UsageError(
      `${flagName} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

/** Reads the site files once (they apply to every FILE of the command). Undefined when none was given. */
export async function loadSiteInput(a: SiteArgs): Promise<SiteInput | undefined> {
  if (!a.robots && !a.tdmrep && !a.aiTxt && a.rsl.length === 0) return undefined;
  const site: SiteInput = {};
  const asFile = (b: Buffer, status?: number): SiteFile => ({
    body: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    ...(status !== undefined ? { status } : {}),
  });
  if (a.robots) site.robotsTxt = asFile(await readSite('--robots', a.robots), a.robotsStatus);
  if (a.tdmrep) site.tdmrepJson = asFile(await readSite('--tdmrep', a.tdmrep));
  if (a.aiTxt) site.aiTxt = asFile(await readSite('--ai-txt', a.aiTxt));
  if (a.rsl.length > 0) {
    site.rsl = {};
    for (const r of a.rsl) site.rsl[r.url ?? basename(r.file)] = (await readSite('--rsl', r.file)).toString('utf8');
  }
  return site;
}
