import { type Flag, flag } from '../model/flags.js';
/** What site context building reads of the loaded rules (the engine's Resources has it). */
export interface SiteResources {
  dataDir: string;
}

import { parseRsl, type RslParse } from '../protocols/shared/rsl.js';
import { type AiTxtFile, type AiTxtMedia, loadAiTxtMedia, parseAiTxt } from './aiTxt.js';
import type { SiteInput } from './input.js';
import { RobotsFile } from './robots/robotsFile.js';
import { parseTdmrepFile, type TdmrepFile } from './tdmrepFile.js';

/**
 * The document supplied for licence URL `url`: the one keyed by that URL; else one supplied without a URL
 * whose name is the URL's file name; else the only document supplied without a URL. `assumed` says the
 * association was not by URL (flag it).
 */
export function resolveRsl(site: SiteContext, url: string): { doc: SiteRslDocument; assumed: boolean } | null {
  const exact = site.rsl.get(url);
  if (exact) return { doc: exact, assumed: false };
  if (site.rslUnkeyed.length === 0) return null;
  let base = '';
  try {
    base = new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    /* not a URL: no file name */
  }
  const byName = site.rslUnkeyed.find((d) => d.url.split(/[\\/]/).pop() === base && base !== '');
  if (byName) return { doc: byName, assumed: true };
  return site.rslUnkeyed.length === 1 ? { doc: site.rslUnkeyed[0]!, assumed: true } : null;
}

/** One supplied RSL document, parsed once. */
export interface SiteRslDocument {
  /** Absolute URL, or the name it was supplied under when the caller did not know the URL. */
  url: string;
  /** False when supplied without a URL (CLI `--rsl FILE`): associated by file name or as the only document. */
  keyed: boolean;
  xml: string;
  parsed: RslParse;
}

/**
 * Everything site-level about one origin, parsed once and shared by every page of that origin (the cache in
 * `cache.ts` hands out the same object). Immutable after construction; evaluation per page lives in the site
 * detectors (src/signals/site/).
 */
export interface SiteContext {
  origin: string;
  robots: RobotsFile | null;
  tdmrep: TdmrepFile | null;
  aiTxt: AiTxtFile | null;
  aiTxtMedia: AiTxtMedia;
  /** RSL documents by absolute URL. */
  rsl: ReadonlyMap<string, SiteRslDocument>;
  /** RSL documents supplied without a URL. */
  rslUnkeyed: readonly SiteRslDocument[];
  /** The keyed documents as raw XML, for the page detector's `<link rel=license>` / `Link` resolution. */
  rslXml: ReadonlyMap<string, string>;
  /** Parse-time flags (truncation, invalid files...), added to every verdict that uses this context. */
  flags: Flag[];
}

export function buildSiteContext(origin: string, input: SiteInput, resources: SiteResources): SiteContext {
  const flags: Flag[] = [];
  const robots = input.robotsTxt ? new RobotsFile(origin, input.robotsTxt) : null;
  if (robots) flags.push(...robots.flags);
  const tdmrep = input.tdmrepJson ? parseTdmrepFile(input.tdmrepJson, origin) : null;
  if (tdmrep) flags.push(...tdmrep.flags);
  const aiTxt = input.aiTxt ? parseAiTxt(input.aiTxt) : null;
  if (aiTxt) flags.push(...aiTxt.flags);
  const rsl = new Map<string, SiteRslDocument>();
  const rslXml = new Map<string, string>();
  const rslUnkeyed: SiteRslDocument[] = [];
  for (const [key, xml] of Object.entries(input.rsl ?? {})) {
    if (typeof xml !== 'string') {
      flags.push(flag('rsl_invalid', `RSL document "${key}" is not text; ignored`));
      continue;
    }
    if (/^https?:\/\//i.test(key)) {
      let url: string;
      try {
        url = new URL(key).toString();
      } catch {
        flags.push(flag('rsl_invalid', `RSL document key "${key}" is not a valid URL; ignored`));
        continue;
      }
      rsl.set(url, { url, keyed: true, xml, parsed: parseRsl(xml) });
      rslXml.set(url, xml);
    } else rslUnkeyed.push({ url: key, keyed: false, xml, parsed: parseRsl(xml) });
  }
  return {
    origin,
    robots,
    tdmrep,
    aiTxt,
    aiTxtMedia: loadAiTxtMedia(resources.dataDir),
    rsl,
    rslUnkeyed,
    rslXml,
    flags,
  };
}
