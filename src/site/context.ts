import type { Flag } from '../model/flags.js';
import type { SiteInput } from '../model/siteInput.js';
import { type AiTxtSite, loadAiTxtMedia, parseAiTxt } from '../protocols/aiTxt/file.js';
import { RobotsFile, type RobotsSite } from '../protocols/robots/robotsFile.js';
import { type RslSite, rslSiteOf } from '../protocols/rsl/documents.js';
import { parseTdmrepFile, type TdmrepSite } from '../protocols/tdmrep/file.js';

/** What site context building reads of the loaded rules (the engine's Resources has it). */
export interface SiteResources {
  dataDir: string;
}

/**
 * Everything site-level about one origin, parsed once and shared by every page of that origin (the cache in
 * `cache.ts` hands out the same object). Immutable after construction. It is the union of what each
 * protocol's site detector reads (`RobotsSite`, `TdmrepSite`, `AiTxtSite`, `RslSite`, declared in
 * src/protocols/<protocol>/); evaluation per page lives in those detectors.
 */
export interface SiteContext extends RobotsSite, TdmrepSite, AiTxtSite, RslSite {
  origin: string;
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
  const rsl = rslSiteOf(input.rsl, flags);
  return { origin, robots, tdmrep, aiTxt, aiTxtMedia: loadAiTxtMedia(resources.dataDir), ...rsl, flags };
}
