import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { type Evidence, type Location, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { ccEffects, matchCcUrl } from '../../rules/ccLicences.js';
import { parseLinkHeader, relIncludes } from '../shared/linkHeader.js';
import { metaLocation } from '../shared/metas.js';

const RSL_TYPE = 'application/rsl+xml';
const LICENSE_METAS = new Set(['dcterms.license', 'dc.license', 'dcterms.licence', 'license', 'licence']);

/**
 * Evidence for a licence URL found anywhere on the page. CC URLs map through data/cc-licenses.yaml; other
 * licence URLs are recorded without effects (we cannot know their terms) as `license-link`.
 */
export function licenceEvidence(
  ctx: PageContext,
  url: string,
  signal: 'cc-license' | 'jsonld-license',
  location: Location,
  excerpt: string,
  flags: Flag[],
  confidence = 1,
): Evidence {
  const match = matchCcUrl(ctx.resources.cc, url);
  if (!match) {
    return makeEvidence({
      signal: signal === 'cc-license' ? 'license-link' : signal,
      protocol: 'creative-commons',
      source: 'page',
      location,
      excerpt,
      idContent: url,
      effects: {},
      confidence,
      machineReadable: true,
      reservation: false,
      details: { licenseUrl: url, known: false },
    });
  }
  const { effects, conditions } = ccEffects(match.tool);
  const e = makeEvidence({
    signal,
    protocol: 'creative-commons',
    source: 'page',
    location,
    excerpt,
    idContent: match.id,
    effects,
    conditions: conditions.length > 0 ? conditions : undefined,
    confidence,
    machineReadable: true,
    reservation: false,
    details: { license: match.id, licenseUrl: match.canonicalUrl, name: match.tool.name, retired: match.tool.retired },
  });
  if (match.unknownVersion)
    flags.push(flag('cc_unknown_version', `${match.tool.code} ${match.version} is not a published version`, e.id));
  if (match.tool.retired) flags.push(flag('cc_retired_license', `${match.tool.name} is retired`, e.id));
  return e;
}

/** `rel=license` links and anchors, `Link: rel=license` headers and licence metas (not RSL ones). */
export const creativeCommonsDetector: PageDetector = {
  name: 'creative-commons',
  detect(ctx: PageContext): DetectorResult {
    const flags: Flag[] = [];
    const out = new Map<string, Evidence>();
    const add = (e: Evidence) => {
      if (!out.has(e.id)) out.set(e.id, e);
    };
    for (const l of ctx.page.links) {
      if (!l.rel.includes('license') || !l.href || l.type === RSL_TYPE) continue;
      const loc: Location = {
        kind: 'element',
        element: l.element,
        attribute: 'rel=license',
        start: l.start,
        end: l.end,
      };
      const raw = ctx.page.source.slice(l.start, l.end) + (l.text ? ` ${l.text}` : '');
      add(licenceEvidence(ctx, l.href, 'cc-license', loc, raw, flags));
    }
    for (const m of ctx.page.metas) {
      const key = (m.name ?? m.itemprop ?? m.property ?? '').trim().toLowerCase();
      if (!LICENSE_METAS.has(key) || !m.content) continue;
      const loc = metaLocation(m, key);
      add(licenceEvidence(ctx, m.content, 'cc-license', loc, ctx.page.source.slice(m.start, m.end), flags));
    }
    for (const h of ctx.headers) {
      if (h.name !== 'link') continue;
      for (const link of parseLinkHeader(h.value)) {
        if (!relIncludes(link.params, 'license') || (link.params.type ?? '').toLowerCase() === RSL_TYPE) continue;
        add(
          licenceEvidence(
            ctx,
            link.uri,
            'cc-license',
            { kind: 'header', name: 'Link', line: h.line },
            `Link: ${h.value}`,
            flags,
          ),
        );
      }
    }
    return result([...out.values()], flags);
  },
};
