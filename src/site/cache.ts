import { createHash } from 'node:crypto';
import type { SiteFile, SiteInput } from '../model/siteInput.js';
import { buildSiteContext, type SiteContext, type SiteResources } from './context.js';

/**
 * Parsed site contexts, keyed by origin + a hash of every supplied file (body, status, fetch time) and bounded
 * by an LRU, so 1,000 pages of one origin parse its robots.txt once and a batch that interleaves many origins
 * keeps the most recent ones. Before hashing (≈0.4 ms for a 400 KB robots.txt) the cache compares the input
 * with the last one seen for that origin: the same string or byte array again (the usual crawler case) is a
 * hit without reading the body at all.
 */
export interface SiteCacheStats {
  hits: number;
  misses: number;
  /** Contexts built (each one parses its files once). */
  builds: number;
  evictions: number;
}

interface Entry {
  key: string;
  input: SiteInput;
  context: SiteContext;
}

export const DEFAULT_SITE_CACHE_SIZE = 256;

function sameBody(a: SiteFile['body'], b: SiteFile['body']): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function sameFile(a: SiteFile | undefined, b: SiteFile | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (a.status ?? 200) === (b.status ?? 200) && a.fetchedAt === b.fetchedAt && sameBody(a.body, b.body);
}

function sameRsl(a: SiteInput['rsl'], b: SiteInput['rsl']): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a?.[k] === b?.[k]);
}

function sameInput(a: SiteInput, b: SiteInput): boolean {
  return (
    sameFile(a.robotsTxt, b.robotsTxt) &&
    sameFile(a.tdmrepJson, b.tdmrepJson) &&
    sameFile(a.aiTxt, b.aiTxt) &&
    sameRsl(a.rsl, b.rsl)
  );
}

export function siteKey(origin: string, input: SiteInput): string {
  const h = createHash('sha256');
  const file = (name: string, f: SiteFile | undefined) => {
    h.update(`\u0000${name}\u0000`);
    if (!f) return;
    h.update(`${f.status ?? 200}\u0000${f.fetchedAt ?? ''}\u0000`);
    h.update(typeof f.body === 'string' ? f.body : f.body);
  };
  file('robots', input.robotsTxt);
  file('tdmrep', input.tdmrepJson);
  file('ai', input.aiTxt);
  for (const k of Object.keys(input.rsl ?? {}).sort()) {
    h.update(`\u0000rsl\u0000${k}\u0000`);
    h.update(String(input.rsl?.[k]));
  }
  return `${origin}|${h.digest('hex')}`;
}

export class SiteCache {
  private readonly lru = new Map<string, Entry>();
  private readonly lastByOrigin = new Map<string, Entry>();
  readonly stats: SiteCacheStats = { hits: 0, misses: 0, builds: 0, evictions: 0 };

  constructor(
    private readonly resources: SiteResources,
    readonly maxEntries = DEFAULT_SITE_CACHE_SIZE,
  ) {}

  get(origin: string, input: SiteInput): SiteContext {
    const last = this.lastByOrigin.get(origin);
    if (last && (last.input === input || sameInput(last.input, input))) {
      this.stats.hits++;
      this.touch(last);
      return last.context;
    }
    const key = siteKey(origin, input);
    const hit = this.lru.get(key);
    if (hit) {
      this.stats.hits++;
      this.touch(hit);
      this.lastByOrigin.set(origin, hit);
      return hit.context;
    }
    this.stats.misses++;
    this.stats.builds++;
    const entry: Entry = { key, input, context: buildSiteContext(origin, input, this.resources) };
    this.lru.set(key, entry);
    this.lastByOrigin.set(origin, entry);
    while (this.lru.size > this.maxEntries) {
      const oldest = this.lru.values().next().value as Entry;
      this.lru.delete(oldest.key);
      const o = oldest.context.origin;
      if (this.lastByOrigin.get(o) === oldest) this.lastByOrigin.delete(o);
      this.stats.evictions++;
    }
    return entry.context;
  }

  get size(): number {
    return this.lru.size;
  }

  private touch(e: Entry): void {
    if (!this.lru.has(e.key)) return;
    this.lru.delete(e.key);
    this.lru.set(e.key, e);
  }
}
