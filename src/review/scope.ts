import type { Conclusion, Scope } from '../model/conclusion.js';

/**
 * Scope matching and specificity. Narrower scopes win over broader ones: page (4) > path (3, longer prefix
 * first) > domain (2) > publisher (1). Domains match their subdomains (`example.com` covers
 * `www.example.com`), never the other way round.
 */
export function hostMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

function normaliseUrl(u: string): string | null {
  try {
    const url = new URL(u);
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

export function scopeMatches(scope: Scope, pageUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  switch (scope.kind) {
    case 'page':
      return normaliseUrl(scope.url) === normaliseUrl(pageUrl);
    case 'path':
      return url.origin === scope.origin.replace(/\/$/, '') && url.pathname.startsWith(scope.prefix);
    case 'domain':
      return hostMatches(url.hostname, scope.domain);
    case 'publisher':
      return scope.domains.some((d) => hostMatches(url.hostname, d));
  }
}

/** Larger = narrower = wins. */
export function scopeSpecificity(scope: Scope): number {
  switch (scope.kind) {
    case 'page':
      return 4_000_000;
    case 'path':
      return 3_000_000 + scope.prefix.length;
    case 'domain':
      return 2_000_000 + scope.domain.length;
    case 'publisher':
      return 1_000_000;
  }
}

export function isActive(c: Conclusion, now: Date): boolean {
  if (c.revokedAt) return false;
  if (c.expiresAt && Date.parse(c.expiresAt) <= now.getTime()) return false;
  return true;
}

/**
 * The conclusions that apply to a page, most specific first; among equally specific ones the newest
 * first. Revoked and expired conclusions never apply.
 */
export function applicableConclusions(all: readonly Conclusion[], pageUrl: string, now: Date): Conclusion[] {
  return all
    .filter((c) => isActive(c, now) && scopeMatches(c.scope, pageUrl))
    .sort((a, b) => scopeSpecificity(b.scope) - scopeSpecificity(a.scope) || b.createdAt.localeCompare(a.createdAt));
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'page':
      return `page ${scope.url}`;
    case 'path':
      return `path ${scope.origin}${scope.prefix}*`;
    case 'domain':
      return `domain ${scope.domain}`;
    case 'publisher':
      return `publisher ${scope.publisher} (${scope.domains.join(', ')})`;
  }
}
