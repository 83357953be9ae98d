import { CONCLUSION_ACTIONS } from '../model/conclusion.js';
import { dateBound } from '../model/dates.js';
import { SIGNALS, type Signal } from '../model/evidence.js';
import { isPermission, isUse, type Permission, type Use } from '../model/uses.js';
import { ReviewInputError } from './validate.js';

/**
 * The review queue's filters and sort orders, parsed from a query string (dashboard links and
 * GET /v1/review/items share this parser, so a dashboard URL and an API URL mean the same thing).
 */
export const QUEUE_SORTS = ['priority', 'newest', 'oldest', 'confidence', 'domain'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const REVIEW_STATUSES = ['open', 'concluded', ...CONCLUSION_ACTIONS] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const EXCLUSION_FILTERS = ['training', 'redistribution', 'any', 'none'] as const;

export interface QueueFilter {
  profile: string;
  /** `flagged` (default): only what the engine flagged; `all`: every latest verdict. */
  scope: 'flagged' | 'all';
  use?: Use;
  outcome?: Permission;
  exclude?: (typeof EXCLUSION_FILTERS)[number];
  signal?: Signal;
  language?: string;
  domain?: string;
  publisher?: string;
  /** Only items whose deciding evidence has confidence below this. */
  confidenceBelow?: number;
  conflicts?: boolean;
  status?: ReviewStatus;
  /** decided_at range, ISO. */
  from?: string;
  to?: string;
  /** URL starts with. */
  urlPrefix?: string;
}

export interface QueueQuery {
  filter: QueueFilter;
  sort: QueueSort;
  limit: number;
  cursor?: string;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;

type Params = Record<string, unknown>;

function one(p: Params, name: string): string | undefined {
  const v = p[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
}

function oneOf<T extends string>(p: Params, name: string, allowed: readonly T[]): T | undefined {
  const v = one(p, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new ReviewInputError(name, `must be one of ${allowed.join(', ')}; got "${v}"`);
  return v as T;
}

/** `2026-11-01` (start of day for `from`, end of day for `to`) or a full ISO timestamp. */
export function parseDateParam(v: string | undefined, name: string, endOfDay: boolean): string | undefined {
  if (v === undefined) return undefined;
  const iso = dateBound(v, endOfDay);
  if (iso === null) throw new ReviewInputError(name, `"${v}" is not a date (YYYY-MM-DD) or ISO timestamp`);
  return iso;
}

export function parseQueueQuery(p: Params, defaults: { profile: string }): QueueQuery {
  const filter: QueueFilter = {
    profile: one(p, 'profile') ?? defaults.profile,
    scope: oneOf(p, 'scope', ['flagged', 'all'] as const) ?? 'flagged',
  };
  const use = one(p, 'use');
  if (use !== undefined) {
    if (!isUse(use)) throw new ReviewInputError('use', `"${use}" is not a use`);
    filter.use = use;
  }
  const outcome = one(p, 'outcome');
  if (outcome !== undefined) {
    if (!isPermission(outcome)) throw new ReviewInputError('outcome', `"${outcome}" is not an outcome`);
    filter.outcome = outcome;
  }
  const exclude = oneOf(p, 'exclude', EXCLUSION_FILTERS);
  if (exclude) filter.exclude = exclude;
  const signal = oneOf(p, 'signal', SIGNALS);
  if (signal) filter.signal = signal;
  const language = one(p, 'language');
  if (language !== undefined) {
    if (!/^([a-z]{2,3}|none)$/.test(language))
      throw new ReviewInputError('language', 'must be a 2-3 letter language code or "none"');
    filter.language = language;
  }
  const domain = one(p, 'domain');
  if (domain !== undefined) filter.domain = domain.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  const publisher = one(p, 'publisher');
  if (publisher !== undefined) filter.publisher = publisher;
  const conf = one(p, 'confidence');
  if (conf !== undefined) {
    const n = conf === 'low' ? 0.6 : Number(conf);
    if (!Number.isFinite(n) || n <= 0 || n > 1)
      throw new ReviewInputError('confidence', 'must be "low" or a number in (0, 1]: items below it');
    filter.confidenceBelow = n;
  }
  const conflicts = one(p, 'conflicts');
  if (conflicts !== undefined) {
    if (conflicts !== '1' && conflicts !== '0' && conflicts !== 'true' && conflicts !== 'false')
      throw new ReviewInputError('conflicts', 'must be 1 or 0');
    filter.conflicts = conflicts === '1' || conflicts === 'true';
  }
  const status = oneOf(p, 'status', REVIEW_STATUSES);
  if (status) filter.status = status;
  const from = parseDateParam(one(p, 'from'), 'from', false);
  if (from) filter.from = from;
  const to = parseDateParam(one(p, 'to'), 'to', true);
  if (to) filter.to = to;
  if (from && to && from > to) throw new ReviewInputError('from', '"from" is after "to"');
  const url = one(p, 'url');
  if (url !== undefined) filter.urlPrefix = url;
  const limitRaw = one(p, 'limit');
  let limit = 50;
  if (limitRaw !== undefined) {
    limit = Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ReviewInputError('limit', 'must be 1-500');
  }
  const q: QueueQuery = { filter, sort: oneOf(p, 'sort', QUEUE_SORTS) ?? 'priority', limit };
  const cursor = one(p, 'cursor');
  if (cursor !== undefined) q.cursor = cursor;
  return q;
}

/** The filter as query-string pairs (for links: next page, export buttons, bulk actions). */
export function filterParams(f: QueueFilter, defaults: { profile: string }): [string, string][] {
  const out: [string, string][] = [];
  if (f.profile !== defaults.profile) out.push(['profile', f.profile]);
  if (f.scope !== 'flagged') out.push(['scope', f.scope]);
  if (f.use) out.push(['use', f.use]);
  if (f.outcome) out.push(['outcome', f.outcome]);
  if (f.exclude) out.push(['exclude', f.exclude]);
  if (f.signal) out.push(['signal', f.signal]);
  if (f.language) out.push(['language', f.language]);
  if (f.domain) out.push(['domain', f.domain]);
  if (f.publisher) out.push(['publisher', f.publisher]);
  if (f.confidenceBelow !== undefined) out.push(['confidence', String(f.confidenceBelow)]);
  if (f.conflicts !== undefined) out.push(['conflicts', f.conflicts ? '1' : '0']);
  if (f.status) out.push(['status', f.status]);
  if (f.from) out.push(['from', f.from]);
  if (f.to) out.push(['to', f.to]);
  if (f.urlPrefix) out.push(['url', f.urlPrefix]);
  return out;
}
