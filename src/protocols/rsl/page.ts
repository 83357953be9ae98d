import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { type Evidence, type Location, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { RESERVATION_USES } from '../../model/uses.js';
import { pageRslLinks } from './documents.js';
import { evaluateRsl, parseRsl, type RslParse } from './parse.js';

/** An RSL document evaluated for this page, as evidence (shared with the site-level RSL resolution). */
export function rslEvidence(xml: string, page: URL | null, placement: boolean, base: RslBase, flags: Flag[]): Evidence {
  return rslEvidenceOf(parseRsl(xml), page, placement, base, flags);
}

export interface RslBase {
  signal: 'rsl-inline' | 'rsl-link' | 'rsl-license';
  source: 'page' | 'site';
  location: Location;
  excerpt: string;
  licenseUrl?: string;
}

/**
 * A parsed RSL document as evidence: its effects for this page, or an `rsl_invalid` flag (prefixed with
 * `errorPrefix`, e.g. the document's URL) when it did not parse. Page and site RSL both come through here.
 */
export function rslEvidenceOf(
  parsed: RslParse,
  page: URL | null,
  placement: boolean,
  base: RslBase,
  flags: Flag[],
  errorPrefix = '',
): Evidence {
  flags.push(...parsed.flags);
  if (!parsed.doc) {
    const e = makeEvidence({
      ...base,
      protocol: 'rsl',
      idContent: `${base.licenseUrl ?? ''}|invalid`,
      effects: {},
      confidence: 1,
      machineReadable: true,
      reservation: false,
      details: { error: parsed.error, ...(base.licenseUrl ? { licenseUrl: base.licenseUrl } : {}) },
    });
    flags.push(flag('rsl_invalid', `${errorPrefix}${parsed.error}`, e.id));
    return e;
  }
  const ev = evaluateRsl(parsed.doc, page, placement);
  flags.push(...ev.flags);
  const restricts = RESERVATION_USES.some((u) => ev.effects[u] === 'denied' || ev.effects[u] === 'conditional');
  return makeEvidence({
    ...base,
    protocol: 'rsl',
    idContent: `${base.licenseUrl ?? ''}|${JSON.stringify(ev.effects)}`,
    effects: ev.effects,
    conditions: ev.conditions.length > 0 ? ev.conditions : undefined,
    confidence: 1,
    machineReadable: true,
    reservation: restricts,
    details: {
      contentUrl: ev.contentUrl,
      ...(base.licenseUrl ? { licenseUrl: base.licenseUrl } : {}),
      ...(ev.copyright ? { copyright: ev.copyright } : {}),
      ...(ev.terms ? { terms: ev.terms } : {}),
    },
  });
}

/**
 * RSL on the page: inline `<script type="application/rsl+xml">` documents are evaluated here; `Link`
 * headers and `<link rel=license type=application/rsl+xml>` point at remote documents, which are recorded
 * and resolved when the caller supplies them (site context) — until then flagged unresolved.
 */
export const rslDetector: PageDetector = {
  name: 'rsl',
  detect(ctx: PageContext): DetectorResult {
    const flags: Flag[] = [];
    const evidence: Evidence[] = [];
    for (const r of pageRslLinks(ctx.page, ctx.headers, ctx.url)) {
      const doc = ctx.rslDocuments?.get(r.url);
      if (doc !== undefined) {
        evidence.push(
          rslEvidence(
            doc,
            ctx.url,
            false,
            { signal: 'rsl-link', source: 'page', location: r.location, excerpt: r.excerpt, licenseUrl: r.url },
            flags,
          ),
        );
        continue;
      }
      const e = makeEvidence({
        signal: 'rsl-link',
        protocol: 'rsl',
        source: 'page',
        location: r.location,
        excerpt: r.excerpt,
        idContent: r.url,
        effects: {},
        confidence: 1,
        machineReadable: true,
        reservation: false,
        details: { licenseUrl: r.url, resolved: false },
      });
      flags.push(
        flag('rsl_remote_unresolved', `RSL licence ${r.url} was not supplied; its terms are not evaluated`, e.id),
      );
      evidence.push(e);
    }
    for (const s of ctx.page.rsl) {
      evidence.push(
        rslEvidence(
          s.raw,
          ctx.url,
          true,
          {
            signal: 'rsl-inline',
            source: 'page',
            location: {
              kind: 'element',
              element: 'script',
              attribute: 'type=application/rsl+xml',
              start: s.start,
              end: s.end,
            },
            excerpt: s.raw.trim(),
          },
          flags,
        ),
      );
    }
    return result(evidence, flags);
  },
};
