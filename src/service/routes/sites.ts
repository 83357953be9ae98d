import { evaluateSiteStates, type SiteCheck, statesOf, timelineOf } from '../../review/siteStates.js';
import { isoNow, toIso } from '../../store/hash.js';
import { recordSnapshots } from '../../store/ingest.js';
import { parseOrigin } from '../../store/origin.js';
import { latestSnapshots, type SnapshotRow, snapshotHistory, snapshotsByIds } from '../../store/repos/sites.js';
import type { Handler, ServiceContext } from '../context.js';
import { paramsOf, queryOf } from '../context.js';
import { ApiError } from '../errors.js';
import { logOf } from '../logging.js';

function originParam(raw: string): string {
  const origin = parseOrigin(raw);
  if (!origin)
    throw new ApiError(
      400,
      'invalid_path',
      `"${raw}" is not an origin: use https://host[:port] (URL-encoded in the path) or a bare host`,
      'origin',
    );
  return origin;
}

interface SnapshotView {
  id: number;
  kind: string;
  url: string;
  status: number;
  sha256: string;
  size: number;
  fetchedAt: string;
  lastSeenAt: string;
  seenCount: number;
  source: string;
  body?: string;
}

function view(row: SnapshotRow, withBody = false): SnapshotView {
  const v: SnapshotView = {
    id: row.id,
    kind: row.kind,
    url: row.url,
    status: row.status,
    sha256: row.sha256,
    size: row.size,
    fetchedAt: row.fetched_at,
    lastSeenAt: row.last_seen_at,
    seenCount: row.seen_count,
    source: row.source,
  };
  if (withBody) v.body = row.body;
  return v;
}

export const putSiteFile: Handler = async (ctx, op, req, res) => {
  const kind = op.meta?.siteKind;
  if (!kind) throw new Error(`operation ${op.id} has no site kind`);
  const origin = originParam(paramsOf<{ origin: string }>(res).origin);
  const q = queryOf<{ url?: string; status?: string; fetchedAt?: string }>(res);
  const body = typeof req.body === 'string' ? req.body : '';
  const [r] = await recordSnapshots(ctx.store, [
    {
      origin,
      kind,
      url: kind === 'rsl' ? q.url : undefined,
      body,
      status: q.status ? Number(q.status) : 200,
      fetchedAt: toIso(q.fetchedAt) ?? isoNow(),
      source: 'upload',
    },
  ]);
  const [row] = await snapshotsByIds(ctx.store.db, [r!.id]);
  logOf(res).info({ origin, kind, snapshotId: r!.id, created: r!.created }, 'site file stored');
  res.status(r!.created ? 201 : 200).json({ origin, snapshot: view(row!), created: r!.created });
};

/** Site evaluations run on the check workers. */
function siteCheckOf(ctx: ServiceContext): SiteCheck {
  return (origin, site, scope) => ctx.checker.checkSite(origin, site, scope);
}

export const getSite: Handler = async (ctx, _op, _req, res) => {
  const origin = originParam(paramsOf<{ origin: string }>(res).origin);
  const q = queryOf<{ agent?: string; profile?: string; limit?: number }>(res);
  if (q.profile && !ctx.engine.resources.profiles.has(q.profile))
    throw new ApiError(400, 'unknown_profile', `unknown profile "${q.profile}"`, 'profile');
  const history = await snapshotHistory(ctx.store.db, origin, { limit: q.limit ?? 200 });
  if (history.length === 0) throw new ApiError(404, 'not_found', `no site files stored for ${origin}`);
  const latest = await latestSnapshots(ctx.store.db, origin);
  const opts = { agent: q.agent, profile: q.profile };

  const files = latest.map((cur) => ({
    kind: cur.kind,
    url: cur.url,
    current: view(cur, true),
    history: history
      .filter((h) => h.kind === cur.kind && h.url === cur.url)
      .reverse()
      .map((h) => view(h)),
  }));
  // Replay the history in fetch order; one timeline entry per change of the site-level permissions.
  const deps = { store: ctx.store, engine: ctx.engine, parallel: ctx.checker.threads, check: siteCheckOf(ctx) };
  const states = statesOf(history);
  const [now, ...replayed] = await evaluateSiteStates(deps, origin, [latest, ...states], opts);
  const { periods: timeline, reservesAiTrainSince } = timelineOf(history, states, replayed);
  res.json({ origin, files, signals: now!.evidence, uses: now!.uses, timeline, reservesAiTrainSince });
};
