import { combine, markSuperseded } from '../combine/combine.js';
import { deriveAiTrainFromTdm } from '../combine/derive.js';
import { CheckClock } from '../detect/clock.js';
import type { PageContext, PageDetector } from '../detect/page.js';
import type { ExtractedPage } from '../extract/page.js';
import type { Evidence } from '../model/evidence.js';
import { type Flag, flag } from '../model/flags.js';
import { type HeadersInput, normaliseHeaders } from '../model/headers.js';
import type { SiteInput } from '../model/siteInput.js';
import type { Rescore, Verdict } from '../model/verdict.js';
import { pageLanguage } from '../notices/language.js';
import { decideExclusion, hasReservation } from '../policy/decide.js';
import { DEFAULT_PROFILE, type Profile } from '../policy/profile.js';
import { type RobotsShapedFile, robotsShapedDocument } from '../protocols/robots/document.js';
import { defaultResources, type Resources } from '../resources/resources.js';
import { SiteEvaluator } from '../signals/evaluateSite.js';
import { PAGE_DETECTORS } from '../signals/pageDetectors.js';
import { InputError } from './errors.js';
import { DEFAULT_MAX_BYTES, extractPage, type InputKind } from './extract.js';

export interface PageInput {
  url?: string | null;
  headers?: HeadersInput;
  /** HTML or text, as bytes (decoded with BOM / Content-Type / meta charset) or as a string. */
  body: string | Uint8Array;
  kind?: InputKind;
}

export interface CheckOptions {
  profile?: string;
  /** Crawler token to evaluate for (`--agent`). */
  agent?: string | null;
  now?: Date;
  /**
   * Site-level files of the page's origin (robots.txt, tdmrep.json, ai.txt) and the RSL documents the
   * crawler fetched (`rsl`, by absolute URL): the one way site files and RSL reach the engine.
   */
  site?: SiteInput;
  /**
   * Time budget of this check in ms (the service sets one; see src/detect/clock.ts). It bounds the
   * natural-language analysis, the one stage whose cost grows with the page text: when it runs out the
   * remaining passages are not read and the verdict carries `check_budget_exceeded`. Machine-readable
   * signals (headers, meta, site files: bounded by their size limits) are always read. Default: none.
   */
  budgetMs?: number;
}

/** What `Engine.analyze` returns. */
export interface Analysis {
  page: ExtractedPage;
  /** Every piece of evidence found, as made by the detectors (the verdict's copy marks superseded ones). */
  evidence: readonly Evidence[];
  verdict: Verdict;
}

export interface EngineOptions {
  resources?: Resources;
  detectors?: readonly PageDetector[];
  maxBytes?: number;
}

/**
 * The engine: one page in, one verdict out. Build once (rules are loaded and validated at construction)
 * and call `check` per page; it is synchronous and keeps no per-page state.
 */
export class Engine {
  readonly resources: Resources;
  readonly detectors: readonly PageDetector[];
  readonly maxBytes: number;
  /** Site-level signals: parsed site files cached per origin, site detectors. */
  readonly site: SiteEvaluator;

  constructor(options: EngineOptions = {}) {
    this.resources = options.resources ?? defaultResources();
    this.detectors = options.detectors ?? PAGE_DETECTORS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.site = new SiteEvaluator(this.resources);
  }

  profile(id: string | undefined): Profile {
    const p = this.resources.profiles.get(id ?? DEFAULT_PROFILE);
    if (!p)
      throw new InputError(
        'unknown_profile',
        `unknown profile "${id}"; known: ${[...this.resources.profiles.keys()].join(', ')}`,
      );
    return p;
  }

  parseUrl(url: string | null | undefined): URL | null {
    if (url === undefined || url === null || url === '') return null;
    try {
      return new URL(url);
    } catch {
      throw new InputError('bad_url', `"${url}" is not an absolute URL`);
    }
  }

  /** Runs the page detectors: the evidence and flags of one page, before any combination. */
  collect(ctx: PageContext): { evidence: Evidence[]; flags: Flag[] } {
    const evidence: Evidence[] = [];
    const flags: Flag[] = [...ctx.page.flags];
    const seen = new Set<string>();
    for (const d of this.detectors) {
      const r = d.detect(ctx);
      for (const e of r.evidence) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        if (e.ruleId && !e.rulesVersion) e.rulesVersion = this.resources.rulesVersion;
        evidence.push(e);
      }
      flags.push(...r.flags);
    }
    return { evidence, flags };
  }

  /** One page in, its verdict out (`analyze(...).verdict`). */
  check(input: PageInput, options: CheckOptions = {}): Verdict {
    return this.analyze(input, options).verdict;
  }

  /**
   * One page in: the extracted page (for excerpts and titles), the evidence found (page and site, before
   * combination; never changed afterwards) and the verdict. The one call the application needs.
   */
  analyze(input: PageInput, options: CheckOptions = {}): Analysis {
    const profile = this.profile(options.profile);
    const url = this.parseUrl(input.url);
    const headers = normaliseHeaders(input.headers);
    const page = extractPage(input.body, headers, input.kind ?? 'auto', this.maxBytes);
    const agent = options.agent ? options.agent.toLowerCase() : null;
    const clock = options.budgetMs !== undefined ? new CheckClock(options.budgetMs) : undefined;
    const document = asSiteFile(page, options.site);
    const site = this.site.prepare(document?.site ?? options.site, url, page, headers);
    if (document) site?.flags.push(document.flag);
    const ctx: PageContext = {
      url,
      page,
      headers,
      resources: this.resources,
      now: options.now ?? new Date(),
      agent,
      rslDocuments: site?.rslDocuments,
      clock,
      ...(document ? { siteFile: document.file } : {}),
    };
    const { evidence, flags } = this.collect(ctx);
    const fromSite = site ? this.site.run(ctx, site, this.resources.rulesVersion) : null;
    if (fromSite) {
      evidence.push(...fromSite.evidence);
      flags.push(...fromSite.flags);
    }
    if (clock) flags.push(...clock.flags());
    // verdict.language: <html lang>, else identified from the visible text (shared with the notice detector).
    const language = { lang: pageLanguage(page, this.resources.cues) };
    const verdict = this.decide(url, language, evidence, flags, profile, agent, fromSite?.agent);
    return { page, evidence, verdict };
  }

  /** Combination + profile decision over collected evidence (also used with site evidence added). */
  decide(
    url: URL | null,
    page: Pick<ExtractedPage, 'lang'>,
    collected: Evidence[],
    flags: Flag[],
    profile: Profile,
    agent: string | null,
    agentAnswer?: Verdict['agent'],
  ): Verdict {
    // A TDM reservation binds AI training (src/combine/derive.ts): derived before anything is combined.
    const derived = deriveAiTrainFromTdm(collected);
    const combined = combine(derived, { agent });
    const evidence = markSuperseded(derived, combined.superseded);
    const verdict: Verdict = {
      url: url ? url.toString() : null,
      uses: combined.uses,
      conditions: combined.conditions,
      decidedBy: combined.decidedBy,
      reservation: false,
      machineReadableReservation: false,
      exclude: { training: false, redistribution: false },
      evidence,
      conflicts: combined.conflicts,
      flags: dedupeFlags(flags),
      language: normaliseLang(page.lang),
      profile: profile.id,
      rulesVersion: this.resources.rulesVersion,
    };
    verdict.reservation = hasReservation(evidence, false, agent);
    verdict.machineReadableReservation = hasReservation(evidence, true, agent);
    verdict.exclude = decideExclusion(profile, verdict, evidence, agent);
    if (agentAnswer) verdict.agent = agentAnswer;
    return verdict;
  }
}

/**
 * A plain text that is itself a robots.txt or an ai.txt (src/protocols/robots/document.ts) is read as its site's
 * file (rules and comments, by the site detectors) unless the caller supplied the site's own: a dataset row
 * or a file holding a robots.txt says what that site lets crawlers do.
 */
function asSiteFile(
  page: ExtractedPage,
  input: SiteInput | undefined,
): { site: SiteInput; file: RobotsShapedFile; flag: Flag } | null {
  if (page.kind !== 'text') return null;
  const doc = robotsShapedDocument(page.source);
  if (doc === null) return null;
  const key = doc.file === 'ai.txt' ? 'aiTxt' : 'robotsTxt';
  if (input?.[key]) return null;
  return {
    site: { ...input, [key]: { body: doc.body } },
    file: doc.file,
    flag: flag(
      'site_file_text',
      `the text is a ${doc.file}: its rules and comments are read as its site’s ${doc.file}`,
    ),
  };
}

/**
 * Re-decides a verdict from a subset of its evidence, with some uses forced (human conclusions,
 * src/review/overlay.ts). Evidence not counted stays in the returned verdict untouched.
 */
export function rescoreWith(engine: Engine): Rescore {
  return (verdict, counted, forced) => {
    const profile = engine.profile(verdict.profile);
    const agent = verdict.agent?.token ?? null;
    const combined = combine(counted, { agent });
    const copies = markSuperseded(counted, combined.superseded);
    const uses = { ...combined.uses, ...forced };
    const conditions = { ...combined.conditions };
    for (const u of Object.keys(forced) as (keyof typeof forced)[])
      if (forced[u] !== 'conditional') delete conditions[u];
    const out: Verdict = {
      ...verdict,
      uses,
      conditions,
      decidedBy: combined.decidedBy,
      conflicts: combined.conflicts,
      reservation: hasReservation(copies, false, agent),
      machineReadableReservation: hasReservation(copies, true, agent),
    };
    out.exclude = decideExclusion(profile, out, copies, agent, forced);
    return out;
  };
}

export function normaliseLang(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

function dedupeFlags(flags: Flag[]): Flag[] {
  const seen = new Set<string>();
  return flags.filter((f) => {
    const k = `${f.code}|${f.detail ?? ''}|${f.evidenceId ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

let defaultEngine: Engine | undefined;

/** Convenience: check one page with the default rules. */
export function check(input: PageInput, options?: CheckOptions): Verdict {
  defaultEngine ??= new Engine();
  return defaultEngine.check(input, options);
}
