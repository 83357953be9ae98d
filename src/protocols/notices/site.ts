import type { DetectorResources } from '../../detect/page.js';
import { result } from '../../detect/page.js';
import type { SiteDetector } from '../../detect/site.js';
import type { Evidence } from '../../model/evidence.js';
import type { Flag } from '../../model/flags.js';
import { detectNoticesInText } from '../../notices/index.js';
import type { AiTxtSite } from '../aiTxt/file.js';
import type { RobotsRecords } from '../robots/records.js';
import type { RobotsSite } from '../robots/robotsFile.js';
import type { TdmrepSite } from '../tdmrep/file.js';

/**
 * Natural-language notices in site files, through the notice analysis of src/notices/ (`detectNoticesInText`):
 * robots.txt and ai.txt comments (NYT, Spiegel, Le Monde, DPG Media write their TDM reservation there) and
 * the free text of an invalid tdmrep.json. Evidence is `source: 'site'` with a file + line location, and not
 * machine-readable (P8). Two kinds of comment are left out: the Cloudflare Content Signals policy text (a
 * CDN boilerplate, not the publisher's words; test/fixtures/vectors/site-vectors.yaml #38) and anything inside a CDN-managed block.
 * Site files do not change from page to page, so the notices are found once per site context.
 */
const CF_POLICY = /as a condition of accessing this website, you agree to abide by the/i;
/** The site files whose comments and free text the detector reads. */
type NoticeSite = RobotsSite & AiTxtSite & TdmrepSite;

const found = new WeakMap<NoticeSite, { evidence: Evidence[]; flags: Flag[] }>();

/** The file with excluded comment lines blanked (same line count, so evidence lines stay true). */
function publisherComments(records: RobotsRecords): string {
  const skip = new Set<number>();
  const mark = (from: number, to: number) => {
    for (let l = from; l <= to; l++) skip.add(l);
  };
  for (const b of records.managedBlocks) mark(b.startLine, b.endLine);
  for (const c of records.comments) if (CF_POLICY.test(c.text.replace(/\s+/g, ' '))) mark(c.startLine, c.endLine);
  return records.lines.map((line, i) => (skip.has(i + 1) ? '' : line)).join('\n');
}

function noticesOf(site: NoticeSite, resources: DetectorResources): { evidence: Evidence[]; flags: Flag[] } {
  const out: Evidence[] = [];
  const uncertain: Flag[] = [];
  if (site.robots && site.robots.availability === 'ok' && site.robots.records.comments.length > 0)
    out.push(
      ...detectNoticesInText(publisherComments(site.robots.records), {
        source: 'site',
        file: 'robots.txt',
        commentsOnly: true,
        resources,
        uncertain,
      }),
    );
  if (site.aiTxt && site.aiTxt.records.comments.length > 0)
    out.push(
      ...detectNoticesInText(publisherComments(site.aiTxt.records), {
        source: 'site',
        file: 'ai.txt',
        commentsOnly: true,
        resources,
        uncertain,
      }),
    );
  if (site.tdmrep && site.tdmrep.texts.length > 0)
    out.push(
      ...detectNoticesInText(site.tdmrep.texts.join('\n\n'), {
        source: 'site',
        file: 'tdmrep.json',
        resources,
        uncertain,
      }),
    );
  return { evidence: out, flags: uncertain };
}

export const siteNoticesDetector: SiteDetector<NoticeSite> = {
  name: 'site-notices',
  detect(ctx) {
    let list = found.get(ctx.site);
    if (!list) {
      list = noticesOf(ctx.site, ctx.resources);
      found.set(ctx.site, list);
    }
    // Shared between the verdicts of one site: evidence is never changed in place (src/combine/combine.ts).
    return result([...list.evidence], [...list.flags]);
  },
};
