import type { ExtractedPage, MetaTag } from '../../extract/page.js';
import type { Location } from '../../model/evidence.js';

/** Where a `<meta>` sits, as evidence points at it. */
export function metaLocation(m: MetaTag, key: string): Location {
  return { kind: 'element', element: 'meta', attribute: `name=${key}`, start: m.start, end: m.end, region: 'head' };
}

/** Metas whose content is a rights statement in words (read by dc-rights and by the notice-text detector). */
export const RIGHTS_METAS: ReadonlySet<string> = new Set([
  'dc.rights',
  'dcterms.rights',
  'dc.rights.copyright',
  'copyright',
  'rights',
  'dcterms.accessrights',
]);

/** The page's rights metas with text: key (lower-case), content and location. */
export function* rightsMetas(page: ExtractedPage): Generator<{ key: string; text: string; location: Location }> {
  for (const m of page.metas) {
    const key = (m.name ?? m.property ?? '').trim().toLowerCase();
    if (!RIGHTS_METAS.has(key) || !m.content?.trim()) continue;
    yield { key, text: m.content, location: metaLocation(m, key) };
  }
}
