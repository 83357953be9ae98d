import type { UseMap } from '../../model/uses.js';
import { CHECK_BUDGET_EXCEEDED } from '../../signals/clock.js';
import { isoNow, toIso } from '../../store/hash.js';
import { recordSnapshots } from '../../store/ingest.js';
import { parseOrigin } from '../../store/origin.js';
import {
  cachedEvaluations,
  type SiteEvaluation,
  stateKey,
  storeEvaluations,
} from '../../store/repos/siteEvaluations.js';
import {
  latestSnapshots,
  type SnapshotRow,
  siteContextFromSnapshots,
  snapshotHistory,
  snapshotsByIds,
} from '../../store/repos/sites.js';
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

/**
 * Site-level permissions of each set of snapshots: the engine run on an empty page at the origin root with
 * those files as its site, keeping only site evidence (the engine's own site evaluation, issue 4, so
 * whatever it reads from robots.txt / tdmrep.json / RSL / ai.txt shows up here unchanged). Each set is
 * evaluated once per agent, profile and rules version and stored (migration 080); evaluations run on the
 * check workers, a few at a time, never on the HTTP thread.
 */
async function evaluateStates(
  ctx: ServiceContext,
  origin: string,
  states: readonly SnapshotRow[][],
  opts: { agent?: string; profile?: string },
): Promise<SiteEvaluation[]> {
  const scope = {
    agent: opts.agent?.toLowerCase() ?? '',
    profile: ctx.engine.profile(opts.profile).id,
    rulesVersion: ctx.engine.resources.rulesVersion,
  };
  const keys = states.map((rows) => stateKey(rows.map((r) => r.id)));
  const known = await cachedEvaluations(ctx.store.db, [...new Set(keys)], scope);
  const missing = new Map<string, SnapshotRow[]>();
  keys.forEach((k, i) => {
    if (!known.has(k)) missing.set(k, states[i]!);
  });
  const fresh = new Map<string, SiteEvaluation>();
  const stopped = new Map<string, SiteEvaluation>();
  const todo = [...missing];
  const window = Math.max(1, ctx.checker.threads);
  for (let i = 0; i < todo.length; i += window)
    await Promise.all(
      todo.slice(i, i + window).map(async ([key, rows]) => {
        const v = await ctx.checker.checkSite(origin, siteContextFromSnapshots(origin, rows), opts);
        const evaluation = { uses: v.uses, evidence: v.evidence.filter((e) => e.source === 'site') };
        // An evaluation stopped at the hard limit is answered, never kept.
        if (v.flags.some((f) => f.code === CHECK_BUDGET_EXCEEDED)) stopped.set(key, evaluation);
        else fresh.set(key, evaluation);
      }),
    );
  await storeEvaluations(ctx.store, fresh, scope);
  return keys.map((k) => known.get(k) ?? fresh.get(k) ?? stopped.get(k)!);
}

const RESTRICTED = new Set(['denied', 'conditional']);

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
  const state = new Map<string, SnapshotRow>();
  const states = history.map((row) => {
    state.set(`${row.kind}|${row.url}`, row);
    return [...state.values()];
  });
  const [now, ...replayed] = await evaluateStates(ctx, origin, [latest, ...states], opts);
  const timeline: { from: string; until: string | null; uses: UseMap; snapshotIds: number[]; evidenceIds: string[] }[] =
    [];
  history.forEach((row, i) => {
    const ev = replayed[i]!;
    const prev = timeline[timeline.length - 1];
    if (prev && JSON.stringify(prev.uses) === JSON.stringify(ev.uses)) return;
    if (prev) prev.until = row.fetched_at;
    timeline.push({
      from: row.fetched_at,
      until: null,
      uses: ev.uses,
      snapshotIds: states[i]!.map((r) => r.id).sort((a, b) => a - b),
      evidenceIds: ev.evidence.map((e) => e.id),
    });
  });
  let reservesAiTrainSince: string | null = null;
  for (let i = timeline.length - 1; i >= 0 && RESTRICTED.has(timeline[i]!.uses['ai-train']); i--)
    reservesAiTrainSince = timeline[i]!.from;

  res.json({ origin, files, signals: now!.evidence, uses: now!.uses, timeline, reservesAiTrainSince });
};
