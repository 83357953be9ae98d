import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { type Evidence, makeEvidence } from '../../model/evidence.js';
import { saysAllRightsReserved } from '../../notices/copyright.js';
import { rightsMetas } from '../shared/metas.js';

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
    for (const meta of rightsMetas(ctx.page)) {
      const { key, location } = meta;
      const text = meta.text.trim();
      const reserved = saysAllRightsReserved(text, ctx.resources.cues);
      evidence.push(
        makeEvidence({
          signal: 'dc-rights',
          protocol: 'dublin-core',
          source: 'page',
          location,
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
