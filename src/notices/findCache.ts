import { findInPassage, type Passage, type PassageFindings } from './find.js';
import type { NoticeResources } from './resources.js';

/**
 * Crawlers check many pages of one site, and a site's footer and legal blocks are the same on every page.
 * `findInPassage` is a pure function of the passage (text, block structure, declared language) and the
 * loaded rules, so its findings are cached per rule set in a bounded LRU: the second page of a site pays a
 * map lookup for its footer instead of language identification, template matching and clause analysis.
 * Findings are shared between pages and must not be mutated (evidence is built from them, never in them).
 */
const MAX_ENTRIES = 4096;
/** Long passages (terms pages) are rarely repeated verbatim; keep the cache for footer-sized text. */
const MAX_CACHED_CHARS = 16_000;

const caches = new WeakMap<NoticeResources, Map<string, PassageFindings>>();

function keyOf(p: Passage): string {
  const lists = p.listStarts ? [...p.listStarts].join(',') : '';
  const headings = p.headingStarts ? [...p.headingStarts].join(',') : '';
  return `${p.declaredLang ?? ''}\u0000${lists}\u0000${headings}\u0000${p.text}`;
}

export function findInPassageCached(passage: Passage, resources: NoticeResources): PassageFindings {
  if (passage.text.length > MAX_CACHED_CHARS) return findInPassage(passage, resources);
  let cache = caches.get(resources);
  if (!cache) {
    cache = new Map();
    caches.set(resources, cache);
  }
  const key = keyOf(passage);
  const hit = cache.get(key);
  if (hit) {
    // Refresh recency: Map keeps insertion order, so re-inserting moves the entry to the young end.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const found = findInPassage(passage, resources);
  cache.set(key, found);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return found;
}
