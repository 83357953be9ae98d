import { createKey, KeyError, listKeys, revokeKey } from '../../store/repos/keys.js';
import { actorOf } from '../auth.js';
import type { Handler } from '../context.js';
import { paramsOf, queryOf } from '../context.js';
import { ApiError } from '../errors.js';

function fromKeyError(e: unknown): unknown {
  if (!(e instanceof KeyError)) return e;
  if (e.code === 'not_found') return new ApiError(404, 'not_found', e.message);
  return new ApiError(400, 'invalid_body', e.message, e.code === 'bad_role' ? 'role' : 'label');
}

export const createKeyRoute: Handler = async (ctx, _op, req, res) => {
  const body = req.body as { role: string; label: string };
  try {
    const key = await createKey(ctx.store, { role: body.role, label: body.label, actor: actorOf(res) });
    res.status(201).json(key);
  } catch (e) {
    throw fromKeyError(e);
  }
};

export const listKeysRoute: Handler = async (ctx, _op, _req, res) => {
  const q = queryOf<{ includeRevoked?: string }>(res);
  res.json({ keys: await listKeys(ctx.store.db, { includeRevoked: q.includeRevoked === 'true' }) });
};

export const revokeKeyRoute: Handler = async (ctx, _op, _req, res) => {
  const { id } = paramsOf<{ id: number }>(res);
  try {
    res.json(await revokeKey(ctx.store, { ref: id, actor: actorOf(res) }));
  } catch (e) {
    throw fromKeyError(e);
  }
};
