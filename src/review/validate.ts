import {
  CONCLUSION_ACTIONS,
  CONCLUSION_REASONS,
  type ConclusionInput,
  SCOPE_KINDS,
  type Scope,
} from '../model/conclusion.js';
import { isPermission, isUse, type Permission, type Use } from '../model/uses.js';

export type { ConclusionInput };

/** A conclusion request that cannot be accepted; `field` names what to fix (`scope.domain`, `comment`...). */
export class ReviewInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ReviewInputError';
  }
}

export const COMMENT_MAX = 4000;
const REF_MAX = 500;
const PUBLISHER_MAX_DOMAINS = 500;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, max: number, required: boolean): string | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new ReviewInputError(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw new ReviewInputError(field, `must be a string, got ${typeof v}`);
  const s = v.trim();
  if (s.length > max) throw new ReviewInputError(field, `is longer than ${max} characters`);
  if (CONTROL.test(s)) throw new ReviewInputError(field, 'contains control characters');
  return s;
}

function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new ReviewInputError(field, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(v ?? null)}`);
  return v as T;
}

/**
 * A host name as scopes store it: lower-case, IDN in punycode (WHATWG URL does the conversion), no
 * leading `*.`, no trailing dot. A bare label (`com`) is refused: a conclusion over a whole TLD is
 * always a mistake.
 */
export function normaliseDomain(v: unknown, field: string): string {
  const raw = text(v, field, 253, true)!.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  if (/[/:@?#\s\\]/.test(raw)) throw new ReviewInputError(field, `"${raw}" is not a domain name (e.g. example.com)`);
  let host: string;
  try {
    host = new URL(`https://${raw}/`).hostname;
  } catch {
    throw new ReviewInputError(field, `"${raw}" is not a domain name`);
  }
  if (!host.includes('.') || host.startsWith('[') || /^[\d.]+$/.test(host))
    throw new ReviewInputError(field, `"${raw}" is not a domain name (e.g. example.com)`);
  return host;
}

function httpUrl(v: unknown, field: string): URL {
  const s = text(v, field, 4096, true)!;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ReviewInputError(field, `"${s}" is not an absolute URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ReviewInputError(field, `must be an http(s) URL, got "${u.protocol}"`);
  return u;
}

export function parseScope(v: unknown, field = 'scope'): Scope {
  if (!isObj(v)) throw new ReviewInputError(field, 'must be an object with a "kind"');
  const kind = oneOf(v.kind, `${field}.kind`, SCOPE_KINDS);
  switch (kind) {
    case 'page': {
      const u = httpUrl(v.url, `${field}.url`);
      u.hash = '';
      return { kind, url: u.toString() };
    }
    case 'path': {
      const origin = httpUrl(v.origin, `${field}.origin`);
      const prefix = text(v.prefix, `${field}.prefix`, 2048, true)!;
      if (!prefix.startsWith('/')) throw new ReviewInputError(`${field}.prefix`, 'must start with "/"');
      return { kind, origin: origin.origin, prefix };
    }
    case 'domain':
      return { kind, domain: normaliseDomain(v.domain, `${field}.domain`) };
    case 'publisher': {
      const publisher = text(v.publisher, `${field}.publisher`, 200, true)!;
      if (!Array.isArray(v.domains) || v.domains.length === 0)
        throw new ReviewInputError(`${field}.domains`, 'must list at least one domain');
      if (v.domains.length > PUBLISHER_MAX_DOMAINS)
        throw new ReviewInputError(`${field}.domains`, `at most ${PUBLISHER_MAX_DOMAINS} domains`);
      const domains = [...new Set(v.domains.map((d, i) => normaliseDomain(d, `${field}.domains[${i}]`)))].sort();
      return { kind, publisher, domains };
    }
  }
}

function parsePermissions(v: unknown, field: string): Partial<Record<Use, Permission>> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw new ReviewInputError(field, 'must map uses to permissions, e.g. {"ai-train": "allowed"}');
  const out: Partial<Record<Use, Permission>> = {};
  for (const [use, p] of Object.entries(v)) {
    if (!isUse(use)) throw new ReviewInputError(`${field}.${use}`, 'is not a use');
    if (p === undefined || p === null || p === '') continue;
    if (!isPermission(p) || p === 'unknown')
      throw new ReviewInputError(`${field}.${use}`, 'must be allowed, conditional or denied');
    out[use] = p;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `2027-01-31` (end of that day, UTC) or a full ISO timestamp; must lie in the future. */
export function parseExpiry(v: unknown, field: string, now: Date): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new ReviewInputError(field, 'must be a date (YYYY-MM-DD) or ISO timestamp');
  const s = v.trim();
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T23:59:59.999Z`) : Date.parse(s);
  if (Number.isNaN(t)) throw new ReviewInputError(field, `"${s}" is not a date (YYYY-MM-DD) or ISO timestamp`);
  if (t <= now.getTime()) throw new ReviewInputError(field, 'must be in the future');
  return new Date(t).toISOString();
}

function parseEvidenceIds(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v;
  if (!Array.isArray(list)) throw new ReviewInputError(field, 'must be a list of evidence ids');
  const ids = list.map((id, i) => {
    if (typeof id !== 'string' || !/^ev_[0-9a-f]{16}$/.test(id))
      throw new ReviewInputError(`${field}[${i}]`, `"${String(id)}" is not an evidence id (ev_ + 16 hex)`);
    return id;
  });
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}

/**
 * Validates a conclusion request. Each action's own requirements are enforced here, so the API and the
 * dashboard refuse the same things: an override must set at least one use; a licence needs a reference.
 */
export function parseConclusionInput(body: unknown, now = new Date()): ConclusionInput {
  if (!isObj(body)) throw new ReviewInputError('(body)', 'must be a JSON object');
  const action = oneOf(body.action, 'action', CONCLUSION_ACTIONS);
  const reason = oneOf(body.reason, 'reason', CONCLUSION_REASONS);
  const comment = text(body.comment, 'comment', COMMENT_MAX, true)!;
  const scope = parseScope(body.scope);
  const permissions = parsePermissions(body.permissions, 'permissions');
  const licenceRef = text(body.licenceRef, 'licenceRef', REF_MAX, action === 'licence-acquired');
  const evidenceIds = parseEvidenceIds(body.evidenceIds, 'evidenceIds');
  const expiresAt = parseExpiry(body.expiresAt, 'expiresAt', now);
  if (action === 'override' && !permissions)
    throw new ReviewInputError('permissions', 'an override must set at least one use (e.g. {"ai-train": "allowed"})');
  if (action === 'confirm' && permissions)
    throw new ReviewInputError('permissions', 'a confirmation keeps the detected permissions; use an override');
  const out: ConclusionInput = { action, reason, comment, scope, expiresAt };
  if (permissions) out.permissions = permissions;
  if (licenceRef) out.licenceRef = licenceRef;
  if (evidenceIds) out.evidenceIds = evidenceIds;
  return out;
}
