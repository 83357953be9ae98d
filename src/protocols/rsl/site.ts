import { result } from '../../detect/page.js';
import type { SiteDetector, SitePageContext } from '../../detect/site.js';
import { type Evidence, type Location, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { licensesFor } from '../robots/extensions.js';
import type { RobotsSite } from '../robots/robotsFile.js';
import { pageLinkedRsl, type RslSite, resolveRsl, type SiteRslDocument } from './documents.js';
import { rslEvidenceOf } from './page.js';

/**
 * RSL licences named by robots.txt `License:` lines (RSL 1.0 §4.2). The lines of the group that applies to
 * the evaluating crawler replace the file-wide ones (RSL 1.0 §4.2). Each named document is evaluated for the
 * page with the shared RSL evaluator, from the copy parsed once per site; a licence the caller did not supply
 * is recorded and flagged `rsl_remote_unresolved`. Documents supplied without any association (CLI
 * `--rsl FILE` with no `License:` line) still apply, flagged `rsl_unassociated`: the caller vouched for them.
 */
function evaluateDoc(
  ctx: SitePageContext<RslLicenseSite>,
  doc: SiteRslDocument,
  location: Location,
  excerpt: string,
  licenseUrl: string | null,
  flags: Flag[],
): Evidence {
  const base = { signal: 'rsl-license' as const, source: 'site' as const, location, excerpt };
  return rslEvidenceOf(
    doc.parsed,
    ctx.url,
    false,
    { ...base, licenseUrl: licenseUrl ?? doc.url },
    flags,
    `${doc.url}: `,
  );
}

/** What the detector reads of the site context. */
type RslLicenseSite = RslSite & RobotsSite;

export const rslLicenseDetector: SiteDetector<RslLicenseSite> = {
  name: 'rsl-license',
  detect(ctx) {
    const flags: Flag[] = [];
    const evidence: Evidence[] = [];
    const used = new Set<SiteRslDocument>();
    const robots = ctx.site.robots;
    if (robots && robots.availability === 'ok') {
      const { records, scope } = licensesFor(robots, ctx.agent);
      const named = scope === 'group' && ctx.agent ? robots.hasOwnGroup(ctx.agent) : false;
      for (const r of records) {
        let url: string;
        try {
          url = new URL(r.value).toString();
        } catch {
          flags.push(flag('rsl_invalid', `robots.txt line ${r.line}: License "${r.value}" is not an absolute URL`));
          continue;
        }
        const location: Location = {
          kind: 'file',
          file: 'robots.txt',
          line: r.line,
          ...(scope === 'group' ? { group: robots.groupsFor(ctx.agent).groups.flatMap((g) => g.agentsRaw) } : {}),
        };
        const found = resolveRsl(ctx.site, url);
        if (found) {
          used.add(found.doc);
          if (found.assumed)
            flags.push(
              flag(
                'rsl_assumed_association',
                `License ${url} evaluated with the document supplied as "${found.doc.url}"`,
              ),
            );
          const e = evaluateDoc(ctx, found.doc, location, r.raw.trim(), url, flags);
          if (named && ctx.agent) e.agents = [ctx.agent];
          evidence.push(e);
          continue;
        }
        const e = makeEvidence({
          signal: 'rsl-license',
          protocol: 'rsl',
          source: 'site',
          location,
          excerpt: r.raw.trim(),
          idContent: url,
          effects: {},
          confidence: 1,
          machineReadable: true,
          reservation: false,
          details: { licenseUrl: url, resolved: false, scope },
        });
        flags.push(
          flag('rsl_remote_unresolved', `RSL licence ${url} was not supplied; its terms are not evaluated`, e.id),
        );
        evidence.push(e);
      }
    }
    for (const linked of pageLinkedRsl(ctx.site, ctx.page, ctx.headers, ctx.url)) used.add(linked.doc);
    for (const doc of ctx.site.rslUnkeyed) {
      if (used.has(doc)) continue;
      const e = evaluateDoc(ctx, doc, { kind: 'file', file: doc.url }, `RSL document ${doc.url}`, null, flags);
      flags.push(flag('rsl_unassociated', `RSL document "${doc.url}" applied without a License line or link`, e.id));
      evidence.push(e);
    }
    return result(evidence, flags);
  },
};
