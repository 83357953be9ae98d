import { flatCopy } from '../model/strings.js';
import { findInPassage, type Passage, type PassageFindings } from './find.js';
import { LruMemo } from './memo.js';
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
/** All cached passage text together (about 2 MB of keys, plus their findings). */
const MAX_TOTAL_CHARS = 1_000_000;

const caches = new WeakMap<NoticeResources, LruMemo<PassageFindings>>();

function keyOf(p: Passage): string {
  const lists = p.listStarts ? [...p.listStarts].join(',') : '';
  const headings = p.headingStarts ? [...p.headingStarts].join(',') : '';
  return `${p.declaredLang ?? ''}\u0000${lists}\u0000${headings}\u0000${p.text}`;
}

export function findInPassageCached(passage: Passage, resources: NoticeResources): PassageFindings {
  if (passage.text.length > MAX_CACHED_CHARS) return findInPassage(passage, resources);
  let cache = caches.get(resources);
  if (!cache) {
    // The key adds the block structure to the text: allow for it beyond MAX_CACHED_CHARS.
    cache = new LruMemo(MAX_ENTRIES, MAX_CACHED_CHARS * 2, MAX_TOTAL_CHARS);
    caches.set(resources, cache);
  }
  // Findings are computed on a copy of the text: the strings they keep must not pin the page (see flatCopy).
  return cache.get(keyOf(passage), () => findInPassage({ ...passage, text: flatCopy(passage.text) }, resources));
}
