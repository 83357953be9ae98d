import { isEmptySelection, type SiteFileRecord, type SiteSelection, selectionKey } from './siteFiles.js';
import type { SitesDir } from './sitesDir.js';

/**
 * Which site files apply to a page. Two deterministic modes:
 *
 * - `in-order` (default): a site file applies to the pages that come after it in the input (files in the
 *   order given, records in file order), and a newer copy replaces an older one from there on. This is
 *   crawl order: a crawler fetches robots.txt before the pages of a site and re-fetches it later, so each
 *   page is judged by the robots.txt that was in force when it was fetched. One pass over the input.
 * - `prescan` (`--prescan`): a first pass collects every site file of every input; each page then gets,
 *   per kind, the copy fetched last at or before the page's WARC-Date, or the earliest one after it when
 *   none is older. Results do not depend on record order (robots.txt in a separate archive, listed last);
 *   the price is reading the archives twice.
 *
 * Files from `--sites DIR` fill in the kinds the archive does not have for an origin: the archive's copy
 * is what the crawler saw at fetch time. In `in-order` mode, `add` returns a notice when an archived site
 * file arrives after pages of its origin were already checked without it, so the run can report it.
 */
export type SiteMode = 'in-order' | 'prescan';

interface OriginFiles {
  robotsTxt: SiteFileRecord[];
  tdmrepJson: SiteFileRecord[];
  aiTxt: SiteFileRecord[];
  rsl: Map<string, SiteFileRecord[]>;
  /** Pages of this origin checked so far (in-order mode). */
  pagesChecked: number;
}

export interface LateSiteFile {
  origin: string;
  source: string;
  pagesBefore: number;
}

export class SiteRegistry {
  private readonly origins = new Map<string, OriginFiles>();

  constructor(
    readonly mode: SiteMode,
    private readonly dir: SitesDir | null,
  ) {}

  private entry(origin: string): OriginFiles {
    let e = this.origins.get(origin);
    if (!e) {
      e = { robotsTxt: [], tdmrepJson: [], aiTxt: [], rsl: new Map(), pagesChecked: 0 };
      this.origins.set(origin, e);
    }
    return e;
  }

  /**
   * Records a site file seen in the input. In `in-order` mode, returns a notice when it is the first file of
   * its kind for an origin whose pages were already checked (without it).
   */
  add(file: SiteFileRecord): LateSiteFile | null {
    const e = this.entry(file.origin);
    let first: boolean;
    if (file.kind === 'rsl') {
      const list = e.rsl.get(file.url) ?? [];
      first = list.length === 0;
      if (this.mode === 'in-order') list.length = 0;
      list.push(file);
      e.rsl.set(file.url, list);
    } else {
      const list = e[file.kind];
      first = list.length === 0;
      if (this.mode === 'in-order') list.length = 0;
      list.push(file);
    }
    if (this.mode === 'in-order' && first && e.pagesChecked > 0 && file.kind !== 'rsl')
      return { origin: file.origin, source: file.source, pagesBefore: e.pagesChecked };
    return null;
  }

  /** The files that apply to a page of `origin` fetched at `date`, with their key. */
  select(origin: string, date: string | null): { key: string; selection: SiteSelection } | null {
    const e = this.origins.get(origin) ?? (this.mode === 'in-order' ? this.entry(origin) : undefined);
    if (e) e.pagesChecked++;
    const sel: SiteSelection = { origin, rsl: [] };
    if (e) {
      const robots = this.followRedirects(this.pick(e.robotsTxt, date), date);
      const tdmrep = this.pick(e.tdmrepJson, date);
      const ai = this.pick(e.aiTxt, date);
      if (robots) sel.robotsTxt = robots;
      if (tdmrep) sel.tdmrepJson = tdmrep;
      if (ai) sel.aiTxt = ai;
      for (const list of e.rsl.values()) {
        const r = this.pick(list, date);
        if (r) sel.rsl.push(r);
      }
    }
    const fromDir = this.dir?.forOrigin(origin);
    if (fromDir) {
      sel.robotsTxt ??= fromDir.robotsTxt;
      sel.tdmrepJson ??= fromDir.tdmrepJson;
      sel.aiTxt ??= fromDir.aiTxt;
      const have = new Set(sel.rsl.map((r) => r.url));
      for (const r of fromDir.rsl) if (!have.has(r.url)) sel.rsl.push(r);
      if (!sel.robotsTxt) delete sel.robotsTxt;
      if (!sel.tdmrepJson) delete sel.tdmrepJson;
      if (!sel.aiTxt) delete sel.aiTxt;
    }
    if (isEmptySelection(sel)) return null;
    return { key: selectionKey(sel), selection: sel };
  }

  /**
   * RFC 9309 §2.3.1.2: a crawler follows at least five redirects for robots.txt, also to another host (the
   * usual case: http://site/robots.txt → https://site/robots.txt). When the target's answer is in the
   * archive, it is the robots.txt of the origin that redirected; otherwise the 3xx stays (the evaluator
   * treats an unfollowed redirect as "unavailable").
   */
  private followRedirects(file: SiteFileRecord | undefined, date: string | null): SiteFileRecord | undefined {
    let current = file;
    for (let hop = 0; hop < 5 && current?.location && current.status >= 300 && current.status < 400; hop++) {
      let target: URL;
      try {
        target = new URL(current.location);
      } catch {
        return current;
      }
      const list = this.origins.get(target.origin)?.robotsTxt.filter((f) => f.url === target.href) ?? [];
      const next = this.pick(list, date);
      if (!next) return current;
      current = next;
    }
    return current;
  }

  private pick(list: SiteFileRecord[], date: string | null): SiteFileRecord | undefined {
    if (list.length === 0) return undefined;
    if (this.mode === 'in-order' || list.length === 1 || !date) return list[list.length - 1];
    // prescan: the newest copy fetched at or before the page, else the oldest one after it. ISO 8601
    // UTC timestamps compare as strings; equal dates keep input order (the later record wins).
    let best: SiteFileRecord | undefined;
    for (const f of list) if (f.date && f.date <= date && (!best || f.date >= best.date!)) best = f;
    if (best) return best;
    let earliest: SiteFileRecord | undefined;
    for (const f of list) if (!earliest || (f.date ?? '') < (earliest.date ?? '')) earliest = f;
    return earliest;
  }

  get originCount(): number {
    return this.origins.size;
  }
}
