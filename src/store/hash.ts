import { hash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/**
 * JSON with object keys sorted at every level, so equal values hash equally whatever order the code that
 * built them used. Hand-written (a few lines) because the hashes are a stored contract: the audit chain
 * and the evidence dedupe key both depend on this exact form. `undefined` members are dropped,
 * as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** ISO 8601 UTC with milliseconds: the one timestamp format in the database. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString();
}

/** Normalises a caller-supplied timestamp to the database format; null when it does not parse. */
export function toIso(value: string | undefined | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The later of two ISO timestamps (same format, so text order is time order). */
export function laterIso(a: string, b: string): string {
  return a.localeCompare(b) > 0 ? a : b;
}
