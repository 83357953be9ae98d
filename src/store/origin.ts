/**
 * Origins and domains as the store keys them. An origin is `scheme://host[:port]` exactly as WHATWG URL
 * serialises it (lower-case host, default port dropped, IDN in punycode), so every way of writing the same
 * site lands on the same rows.
 */
export function originOfUrl(url: URL): string {
  return url.origin;
}

export function domainOfUrl(url: URL): string {
  return url.hostname.toLowerCase();
}

/**
 * Parses an origin as a caller writes it: `https://example.com`, `https://example.com/`, or a bare
 * `example.com[:port]` (taken as https). Anything with a path, query, credentials or a non-http(s) scheme
 * is refused (null), so a typo cannot silently file site files under a different site.
 */
export function parseOrigin(input: string): string | null {
  const raw = input.trim();
  if (raw === '' || raw.length > 2048) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' || /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/./i.test(withScheme)) return null;
  if (!url.hostname) return null;
  return url.origin;
}
