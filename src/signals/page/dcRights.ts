import { type Evidence, makeEvidence } from '../../model/evidence.js';
import { saysAllRightsReserved } from '../../notices/copyright.js';
import { type DetectorResult, type PageContext, type PageDetector, result } from '../types.js';

/** Metas whose content is a rights statement in words (the notice-text detector reads them too). */
export const RIGHTS_METAS: ReadonlySet<string> = new Set([
  'dc.rights',
  'dcterms.rights',
  'dc.rights.copyright',
  'copyright',
  'rights',
  'dcterms.accessrights',
]);

/**
 * "All rights reserved" means reproduction needs the holder's consent: `conditional` (consent), the same
 * value the notice templates and the corpus label convention use; it excludes from redistribution under
 * every profile (docs/precedence.md). Plain copyright is not an express TDM / AI reservation (that needs
 * words about mining or AI, which the notice detector reads from the same text).
 */
function copyrightOnlyEffects(reserved: boolean): Evidence['effects'] {
  return reserved ? { redistribution: 'conditional' } : {};
}

/** `<meta name="dc.rights|dcterms.rights|copyright|rights">`: the text is kept as evidence. */
export const dcRightsDetector: PageDetector = {
  name: 'dc-rights',
  detect(ctx: PageContext): DetectorResult {
    const evidence: Evidence[] = [];
    for (const m of ctx.page.metas) {
      const key = (m.name ?? m.property ?? '').trim().toLowerCase();
      if (!RIGHTS_METAS.has(key) || !m.content?.trim()) continue;
      const text = m.content.trim();
      const reserved = saysAllRightsReserved(text, ctx.resources.cues);
      evidence.push(
        makeEvidence({
          signal: 'dc-rights',
          protocol: 'dublin-core',
          source: 'page',
          location: {
            kind: 'element',
            element: 'meta',
            attribute: `name=${key}`,
            start: m.start,
            end: m.end,
            region: 'head',
          },
          excerpt: text,
          effects: copyrightOnlyEffects(reserved),
          conditions: reserved ? [{ kind: 'consent', text: 'all rights reserved' }] : undefined,
          confidence: 0.8,
          machineReadable: false,
          reservation: false,
          details: { meta: key },
        }),
      );
    }
    return result(evidence);
  },
};
