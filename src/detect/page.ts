import type { ExtractedPage } from '../extract/page.js';
import type { Evidence } from '../model/evidence.js';
import type { Flag } from '../model/flags.js';
import type { HeaderLine } from '../model/headers.js';
import type { NoticeResources } from '../notices/resources.js';
import type { AgentRegistry } from '../rules/agents.js';
import type { CheckClock } from './clock.js';

/**
 * What the detectors read of the loaded rules. The engine's `Resources` (src/resources/resources.ts) has
 * these fields and is passed as is; declaring them here keeps the detectors below the loader.
 */
export interface DetectorResources extends NoticeResources {
  agents: AgentRegistry;
}

/** What every page-level detector sees. Detectors are pure: same context in, same evidence out. */
export interface PageContext {
  url: URL | null;
  page: ExtractedPage;
  headers: readonly HeaderLine[];
  resources: DetectorResources;
  /** Evaluation time (for `unavailable_after`, expiries). */
  now: Date;
  /** Crawler token the caller evaluates for (lower-case), if any. */
  agent: string | null;
  /** Remote RSL documents the caller supplied, by absolute URL (site context). */
  rslDocuments?: ReadonlyMap<string, string>;
  /** The check's time budget, when the caller set one (see clock.ts); detectors stop at its boundaries. */
  clock?: CheckClock;
  /** The page is itself a site file (a robots.txt or ai.txt given as text), read by the site detectors instead. */
  siteFile?: 'robots.txt' | 'ai.txt';
}

export interface DetectorResult {
  evidence: Evidence[];
  flags: Flag[];
}

export interface PageDetector {
  /** Stable name, used in logs and benchmarks. */
  name: string;
  detect(ctx: PageContext): DetectorResult;
}

export function result(evidence: Evidence[] = [], flags: Flag[] = []): DetectorResult {
  return { evidence, flags };
}
