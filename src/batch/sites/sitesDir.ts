import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { capSiteBody, MAX_SITE_FILE_BYTES, type SiteFileRecord, type SiteSelection } from './siteFiles.js';

/**
 * `--sites DIR`: site files as a mirror of the sites, the layout `wget --mirror` produces:
 *
 *   DIR/<host>/robots.txt                  → robots.txt of <host>
 *   DIR/<host>/.well-known/tdmrep.json     → TDMRep file
 *   DIR/<host>/ai.txt                      → ai.txt
 *   DIR/<host>/<any path>.xml              → an RSL document at https://<host>/<path>
 *
 * `<host>` is the lower-case host name (with `:port` for a non-default port) and serves both the http and
 * https origins of that host. Files are read when a page of that host is first seen and kept for the run;
 * status is 200 and the fetch time is the file's modification time.
 */
export class SitesDir {
  private readonly cache = new Map<string, SiteSelection | null>();

  constructor(readonly dir: string) {}

  static validate(dir: string): string | null {
    if (!existsSync(dir)) return `--sites ${dir} does not exist`;
    if (!statSync(dir).isDirectory()) return `--sites ${dir} is not a directory`;
    return null;
  }

  /** Site files for an origin, or null when the folder has none for its host. */
  forOrigin(origin: string): SiteSelection | null {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return null;
    }
    const host = url.host.toLowerCase();
    const cacheKey = `${url.protocol}//${host}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    const found = this.load(host, url.origin);
    this.cache.set(cacheKey, found);
    return found;
  }

  private load(host: string, origin: string): SiteSelection | null {
    // Host names never contain a path separator or "..", but the folder name comes from crawled data.
    if (!/^[a-z0-9.\-:[\]_]+$/.test(host) || host.includes('..')) return null;
    const root = join(this.dir, host);
    if (!existsSync(root) || !statSync(root).isDirectory()) return null;
    const sel: SiteSelection = { origin, rsl: [] };
    const read = (rel: string, kind: SiteFileRecord['kind']): SiteFileRecord | undefined => {
      const p = join(root, rel);
      if (!existsSync(p) || !statSync(p).isFile()) return undefined;
      const st = statSync(p);
      const body = readLimited(p);
      return {
        kind,
        url: `${origin}/${rel.split(sep).join('/')}`,
        origin,
        body,
        status: 200,
        date: st.mtime.toISOString(),
        source: `sites:${p}`,
        id: `sites:${host}/${rel}`,
      };
    };
    sel.robotsTxt = read('robots.txt', 'robotsTxt');
    sel.tdmrepJson = read(join('.well-known', 'tdmrep.json'), 'tdmrepJson');
    sel.aiTxt = read('ai.txt', 'aiTxt');
    for (const rel of xmlFiles(root)) {
      const r = read(rel, 'rsl');
      if (r) sel.rsl.push(r);
    }
    if (!sel.robotsTxt) delete sel.robotsTxt;
    if (!sel.tdmrepJson) delete sel.tdmrepJson;
    if (!sel.aiTxt) delete sel.aiTxt;
    return sel;
  }
}

function readLimited(path: string): Buffer {
  const b = readFileSync(path);
  return b.length > MAX_SITE_FILE_BYTES ? capSiteBody(b) : b;
}

function xmlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 6) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p, depth + 1);
      else if (name.toLowerCase().endsWith('.xml')) out.push(relative(root, p));
    }
  };
  walk(root, 0);
  return out;
}
