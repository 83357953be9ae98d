import type { Engine } from '../engine/engine.js';
import { normaliseHeaders } from '../headers.js';
import type { Verdict } from '../model/verdict.js';
import { toIso } from '../store/hash.js';
import type { IngestInput } from '../store/ingest.js';
import type { Store } from '../store/open.js';
import {
  latestSnapshots,
  recordSnapshot,
  type SiteContext,
  type SnapshotInput,
  type SnapshotRow,
  siteContextFromSnapshots,
} from '../store/repos/sites.js';
import { ApiError } from './errors.js';
import { type PageCapture, textExcerpt } from './pageCapture.js';

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
  engine: Engine;
  capture: PageCapture | null;
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
  async siteFor(url: URL, req: CheckRequest, persist: boolean): Promise<SiteContext> {
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
    const ctx = siteContextFromSnapshots(origin, [...byFile.values()]);
    ctx.snapshotIds = ctx.snapshotIds.filter((id) => id > 0);
    return ctx;
  }

  /** Runs the engine (synchronous, CPU-bound) and prepares the ingest input. */
  run(url: URL, req: CheckRequest, site: SiteContext, persist: boolean): CheckedPage {
    const headers = normaliseHeaders(req.headers);
    const body = req.html ?? req.text ?? '';
    const verdict = this.deps.engine.check(
      { url: url.toString(), headers, body, kind: req.html !== undefined ? 'html' : 'text' },
      { profile: req.profile, agent: req.agent, site: site.site, rslDocuments: site.rslDocuments },
    );
    const page = this.deps.capture?.take() ?? null;
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
          title: page?.title ?? null,
          textExcerpt: textExcerpt(page, verdict.evidence, this.deps.maxExcerptChars),
          storeBody: this.deps.storeBodies,
        },
        verdict,
        agent: req.agent ?? null,
        snapshotIds: site.snapshotIds,
      },
    };
  }
}
