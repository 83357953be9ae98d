/**
 * robots.txt-style path patterns (RFC 9309 §2.2.3), shared by tdmrep.json `location`, robots.txt
 * `Content-Usage` / `Content-Signal` paths and RSL `content@url`: `*` = any run of characters, a trailing
 * `$` anchors the end, everything else matches literally from the first octet. Percent-encoded unreserved
 * characters are decoded on both sides before comparing (`/%62az` ≡ `/baz`). Matching is case-sensitive.
 */
const UNRESERVED = /%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])/g;

export function normalisePath(p: string): string {
  return p.replace(UNRESERVED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export interface PathPattern {
  pattern: string;
  /** Specificity for longest-match: octets of the pattern as written (Google-style). */
  length: number;
  test(path: string): boolean;
}

const cache = new Map<string, PathPattern>();

/**
 * `*`-globs without backtracking: the first piece is a prefix, each later piece is found at its leftmost
 * place after the previous one (leftmost is always right when `*` is the only wildcard), and an anchored
 * pattern's last piece must end the path. A regular expression `^a.*b.*c$` does the same but backtracks
 * polynomially on paths a hostile robots.txt can make it scan (`/*a*a*a*…`).
 */
export function globMatch(pieces: readonly string[], anchored: boolean, path: string): boolean {
  const first = pieces[0]!;
  if (!path.startsWith(first)) return false;
  let at = first.length;
  const last = pieces.length - 1;
  for (let i = 1; i < last; i++) {
    const found = path.indexOf(pieces[i]!, at);
    if (found < 0) return false;
    at = found + pieces[i]!.length;
  }
  if (last === 0) return anchored ? path.length === first.length : true;
  const tail = pieces[last]!;
  if (!anchored) return path.indexOf(tail, at) >= 0;
  return path.length - tail.length >= at && path.endsWith(tail);
}

export function compilePathPattern(pattern: string): PathPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const norm = normalisePath(pattern);
  const anchored = norm.endsWith('$');
  const body = anchored ? norm.slice(0, -1) : norm;
  const hasStar = body.includes('*');
  let test: (path: string) => boolean;
  if (!hasStar) {
    test = anchored ? (p) => normalisePath(p) === body : (p) => normalisePath(p).startsWith(body);
  } else {
    const pieces = body.split('*');
    test = (p) => globMatch(pieces, anchored, normalisePath(p));
  }
  const compiled = { pattern, length: Buffer.byteLength(pattern), test };
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** Path plus query of a URL, as robots.txt rules see it. */
export function pathOf(url: URL | null): string {
  if (!url) return '/';
  return `${url.pathname || '/'}${url.search}`;
}
