import { type Evidence, makeEvidence } from '../../model/evidence.js';
import { type DetectorResult, type PageContext, type PageDetector, result } from '../types.js';

const RIGHTS_METAS = new Set([
  'dc.rights',
  'dcterms.rights',
  'dc.rights.copyright',
  'copyright',
  'rights',
  'dcterms.accessrights',
]);

/**
 * "All rights reserved" in the languages we cover. Plain copyright reserves reproduction and
 * redistribution; it is not an express TDM / AI reservation (that needs words about mining or AI, which the
 * notice detector reads from the same text).
 */
export const ALL_RIGHTS_RESERVED =
  /all rights reserved|tous droits réservés|alle rechte vorbehalten|wszelkie prawa zastrzeżone|todos los derechos reservados|tutti i diritti (?:sono )?riservati|alle rechten voorbehouden|todos os direitos reservados|všechna práva vyhrazena|alla rättigheter förbehållna|alle rettigheder forbeholdes|toate drepturile rezervate|minden jog fenntartva|kaikki oikeudet pidätetään/i;

/**
 * "All rights reserved" means reproduction needs the holder's consent: `conditional` (consent), the same
 * value the notice templates and the corpus label convention use. (Reference vector 80 and issue 3 write
 * `denied`; both exclude from redistribution under every profile — see docs/precedence.md.)
 */
export function copyrightOnlyEffects(text: string): Evidence['effects'] {
  return ALL_RIGHTS_RESERVED.test(text) ? { redistribution: 'conditional' } : {};
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
          effects: copyrightOnlyEffects(text),
          conditions: ALL_RIGHTS_RESERVED.test(text) ? [{ kind: 'consent', text: 'all rights reserved' }] : undefined,
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
