import { USES } from '../model/uses.js';
import type { FormValues } from './views/conclusionForm.js';

/** Form fields (urlencoded: a field given twice is an array) → the API's conclusion request shape. */
export function one(v: FormValues, name: string): string | undefined {
  const x = v[name];
  const s = Array.isArray(x) ? x[0] : x;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

export function many(v: FormValues, name: string): string[] {
  const x = v[name];
  return (x === undefined ? [] : Array.isArray(x) ? x : [x]).filter((s) => s.trim() !== '');
}

/** The decision part: action, reason, comment, permissions, licence, evidence, expiry. */
export function decisionFromForm(v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {
    action: one(v, 'action'),
    reason: one(v, 'reason'),
    comment: one(v, 'comment') ?? '',
  };
  const permissions: Record<string, string> = {};
  for (const u of USES) {
    const p = one(v, `perm_${u}`);
    if (p) permissions[u] = p;
  }
  // A confirmation or false positive never sets permissions, whatever stayed selected in the form.
  if (Object.keys(permissions).length > 0 && (out.action === 'override' || out.action === 'licence-acquired'))
    out.permissions = permissions;
  const licenceRef = one(v, 'licenceRef');
  if (licenceRef) out.licenceRef = licenceRef;
  const evidence = many(v, 'evidenceIds');
  if (evidence.length > 0 && (out.action === 'false-positive' || out.action === 'confirm')) out.evidenceIds = evidence;
  const expires = one(v, 'expiresAt');
  if (expires) out.expiresAt = expires;
  return out;
}

/** Scope chosen on the item page. `publisher` is resolved to its domains by the review service. */
export function scopeFromForm(v: FormValues, itemUrl: string): Record<string, unknown> {
  const kind = one(v, 'scope') ?? 'page';
  switch (kind) {
    case 'path':
      return { kind, origin: new URL(itemUrl).origin, prefix: one(v, 'scope_prefix') ?? '/' };
    case 'domain':
      return { kind, domain: one(v, 'scope_domain') ?? '' };
    case 'publisher':
      return { kind, publisher: one(v, 'scope_publisher') ?? '' };
    default:
      return { kind: 'page', url: itemUrl };
  }
}

/** `f_<name>` hidden fields of the bulk form → the queue filter's query parameters. */
export function filterFromForm(v: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (!k.startsWith('f_')) continue;
    const s = Array.isArray(val) ? val[0] : val;
    if (s !== undefined) out[k.slice(2)] = s;
  }
  return out;
}
