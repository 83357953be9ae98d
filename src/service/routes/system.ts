import { sql } from 'kysely';
import { packageVersion } from '../../rules/root.js';
import type { Handler } from '../context.js';
import { logOf } from '../logging.js';

export const health: Handler = async (ctx, _op, _req, res) => {
  const base = { version: packageVersion(), rulesVersion: ctx.engine.resources.rulesVersion };
  try {
    await sql`select 1`.execute(ctx.store.db);
    res.json({ status: 'ok', ...base });
  } catch (e) {
    logOf(res).error({ err: e }, 'health check failed');
    res.status(503).json({ status: 'error', ...base });
  }
};

export const metrics: Handler = async (ctx, _op, _req, res) => {
  res.setHeader('Content-Type', ctx.metrics.registry.contentType);
  res.send(await ctx.metrics.registry.metrics());
};

export const openapi: Handler = async (ctx, _op, _req, res) => {
  res.json(ctx.doc);
};
