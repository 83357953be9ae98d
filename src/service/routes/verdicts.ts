import { getVerdict, latestVerdictId, verdictHistory } from '../../store/repos/verdicts.js';
import type { Handler } from '../context.js';
import { paramsOf, queryOf } from '../context.js';
import { ApiError, notFound } from '../errors.js';

export const getVerdictsForUrl: Handler = async (ctx, _op, _req, res) => {
  const q = queryOf<{ url: string; profile?: string; limit?: number }>(res);
  // Stored URLs are WHATWG-serialised (as the engine reports them): look up the same form.
  let url = q.url;
  try {
    url = new URL(q.url).toString();
  } catch {
    // not absolute: look it up as given (finds nothing, answers 404)
  }
  const latestId = await latestVerdictId(ctx.store.db, url, q.profile);
  if (latestId === undefined)
    throw new ApiError(
      404,
      'not_found',
      `no verdict stored for ${q.url}${q.profile ? ` under profile ${q.profile}` : ''}`,
    );
  const [latest, history] = await Promise.all([
    getVerdict(ctx.store.db, latestId),
    verdictHistory(ctx.store.db, url, { profile: q.profile, limit: q.limit ?? 50 }),
  ]);
  if (!latest) throw notFound(`verdict ${latestId}`);
  res.json({ url, latest, history });
};

export const getVerdictById: Handler = async (ctx, _op, _req, res) => {
  const { id } = paramsOf<{ id: number }>(res);
  const v = await getVerdict(ctx.store.db, id);
  if (!v) throw notFound(`verdict ${id}`);
  res.json(v);
};
