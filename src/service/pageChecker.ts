import { CHECK_BUDGET_EXCEEDED } from '../detect/clock.js';
import type { Engine } from '../engine/engine.js';
import { InputError } from '../engine/errors.js';
import { flag } from '../model/flags.js';
import { normaliseHeaders } from '../model/headers.js';
import type { Verdict } from '../model/verdict.js';
import { toIso } from '../store/hash.js';
import type { IngestInput } from '../store/ingest.js';
import type { Store } from '../store/open.js';
import {
  latestSnapshots,
  recordSnapshot,
  type SnapshotInput,
  type SnapshotRow,
  type StoredSiteFiles,
  siteFilesFromSnapshots,
} from '../store/repos/sites.js';
import type { CheckJob } from './checks/job.js';
import type { CheckRunner } from './checks/runner.js';
import { ApiError } from './errors.js';

/** The body of POST /v1/check and of each batch line (schema: CheckRequest in openapi/schemas.ts). */
export interface CheckRequest {
  id?: string | number;
  url: string;
  headers?: Record<string, string | string[]> | [string, string][];
  html?: string;
  text?: string;
  fetchedAt?: string;
  status?: number;
  profile?: string;
  agent?: string;
  site?: SiteFilesRequest;
}

export interface SiteFilesRequest {
  robotsTxt?: string;
  robotsStatus?: number;
  tdmrepJson?: string;
  tdmrepStatus?: number;
  aiTxt?: string;
  aiTxtStatus?: number;
  rsl?: Record<string, string>;
  fetchedAt?: string;
}

export interface CheckedPage {
  verdict: Verdict;
  /** What to store (null for a dry run). */
  ingest: IngestInput | null;
}

export interface PageCheckerDeps {
  /** Where checks run (worker threads, or inline). */
  runner: CheckRunner;
  /** For the answer to a check stopped at the hard limit (combination only; no page is read). */
  engine: Engine;
  /** Time budget per check (ms) and the hard limit the runner enforces (for the flag's wording). */
  budgetMs: number;
  hardLimitMs: number;
  store: Store;
  storeBodies: boolean;
  maxExcerptChars: number;
  maxSiteFileBytes: number;
}

/** The inline site files of a request as snapshot inputs (validated for size). */
export function inlineSnapshots(
  origin: string,
  site: SiteFilesRequest,
  maxBytes: number,
  fallbackTime: string | undefined,
): SnapshotInput[] {
  const fetchedAt = toIso(site.fetchedAt) ?? fallbackTime;
  const out: SnapshotInput[] = [];
  const add = (
    kind: SnapshotInput['kind'],
    field: string,
    body: string | undefined,
    status: number | undefined,
    url?: string,
  ) => {
    if (body === undefined) return;
    if (Buffer.byteLength(body) > maxBytes)
      throw new ApiError(413, 'too_large', `${field} is larger than the site file limit of ${maxBytes} bytes`, field);
    out.push({ origin, kind, url, body, status, fetchedAt, source: 'inline' });
  };
  add('robots.txt', 'site.robotsTxt', site.robotsTxt, site.robotsStatus);
  add('tdmrep.json', 'site.tdmrepJson', site.tdmrepJson, site.tdmrepStatus);
  add('ai.txt', 'site.aiTxt', site.aiTxt, site.aiTxtStatus);
  for (const [url, body] of Object.entries(site.rsl ?? {})) add('rsl', `site.rsl["${url}"]`, body, 200, url);
  return out;
}

function fileKey(s: { kind: string; url: string }): string {
  return s.kind === 'rsl' ? `rsl|${s.url}` : s.kind;
}

/**
 * Request → verdict (+ what to store). Site files: the origin's latest stored snapshots, with any files
 * given inline in the request taking their place for this check (and stored as snapshots unless dry run).
 */
export class PageChecker {
  constructor(private readonly deps: PageCheckerDeps) {}

  /** Checks that can run at once (worker threads; 0 when checks run inline). */
  get threads(): number {
    return this.deps.runner.threads;
  }

  parseUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ApiError(400, 'invalid_body', `url "${raw}" is not an absolute URL`, 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ApiError(400, 'invalid_body', 'url must be http or https', 'url');
    return url;
  }

  /** Resolves the site files for a page (async: reads, and for inline files writes, the store). */
  async siteFor(url: URL, req: CheckRequest, persist: boolean): Promise<StoredSiteFiles> {
    const origin = url.origin;
    const byFile = new Map<string, SnapshotRow>();
    for (const row of await latestSnapshots(this.deps.store.db, origin)) byFile.set(fileKey(row), row);
    if (req.site) {
      const inputs = inlineSnapshots(origin, req.site, this.deps.maxSiteFileBytes, toIso(req.fetchedAt) ?? undefined);
      if (persist && inputs.length > 0) {
        const rows = await this.deps.store.write(async (trx) => {
          const out: SnapshotRow[] = [];
          for (const s of inputs) {
            const { id } = await recordSnapshot(trx, s);
            out.push(await trx.selectFrom('site_snapshots').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
          }
          return out;
        });
        for (const r of rows) byFile.set(fileKey(r), r);
      } else {
        const now = new Date().toISOString();
        for (const s of inputs) {
          const url = s.url ?? `${origin}/${s.kind}`;
          // Not stored (dry run): id 0 keeps it out of the verdict's snapshot ids.
          byFile.set(fileKey({ kind: s.kind, url }), {
            id: 0,
            origin,
            kind: s.kind,
            url,
            status: s.status ?? 200,
            body: s.body,
            sha256: '',
            size: Buffer.byteLength(s.body),
            fetched_at: s.fetchedAt ?? now,
            last_seen_at: s.fetchedAt ?? now,
            seen_count: 1,
            source: 'inline',
            created_at: now,
          });
        }
      }
    }
    const ctx = siteFilesFromSnapshots(origin, [...byFile.values()]);
    ctx.snapshotIds = ctx.snapshotIds.filter((id) => id > 0);
    return ctx;
  }

  /** Runs the engine (on a worker thread) and prepares the ingest input. */
  async run(url: URL, req: CheckRequest, site: StoredSiteFiles, persist: boolean): Promise<CheckedPage> {
    const headers = normaliseHeaders(req.headers);
    const body = req.html ?? req.text ?? '';
    const job: CheckJob = {
      url: url.toString(),
      headers,
      body,
      kind: req.html !== undefined ? 'html' : 'text',
      profile: req.profile,
      agent: req.agent,
      site: site.site,
      budgetMs: this.deps.budgetMs,
      excerptChars: persist ? this.deps.maxExcerptChars : null,
    };
    const outcome = await this.deps.runner.run(job);
    if (outcome && !outcome.ok) throw new InputError(outcome.code, outcome.message);
    const verdict = outcome ? outcome.verdict : this.stopped(url, req);
    if (!persist) return { verdict, ingest: null };
    return {
      verdict,
      ingest: {
        fetch: {
          url,
          fetchedAt: toIso(req.fetchedAt) ?? undefined,
          status: req.status ?? null,
          headers,
          body,
          title: outcome?.title ?? null,
          textExcerpt: outcome?.textExcerpt ?? null,
          storeBody: this.deps.storeBodies,
          bodyDigest: outcome?.bodyDigest ?? undefined,
        },
        verdict,
        agent: req.agent ?? null,
        snapshotIds: site.snapshotIds,
      },
    };
  }

  /** Site-level evaluation: an empty page at the origin root with `site` as its site files (on a worker). */
  async checkSite(origin: string, site: StoredSiteFiles, opts: { agent?: string; profile?: string }): Promise<Verdict> {
    const url = new URL(`${origin}/`);
    const outcome = await this.deps.runner.run({
      url: url.toString(),
      headers: [],
      body: '',
      kind: 'text',
      profile: opts.profile,
      agent: opts.agent,
      site: site.site,
      excerptChars: null,
    });
    if (outcome && !outcome.ok) throw new InputError(outcome.code, outcome.message);
    return outcome ? outcome.verdict : this.stopped(url, { url: url.toString(), ...opts });
  }

  /**
   * The answer for a check stopped at the hard limit: no evidence could be kept, so every use is
   * `unknown` and the flag sends the page to review (and, under the conservative profile, out of training).
   */
  private stopped(url: URL, req: CheckRequest): Verdict {
    const engine = this.deps.engine;
    const detail = `the check was stopped after ${this.deps.hardLimitMs} ms (hard limit; budget ${this.deps.budgetMs} ms) before it produced any evidence`;
    return engine.decide(
      url,
      { lang: null },
      [],
      [flag(CHECK_BUDGET_EXCEEDED, detail)],
      engine.profile(req.profile),
      req.agent ? req.agent.toLowerCase() : null,
    );
  }
}
