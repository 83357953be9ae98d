import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import type { Evidence, Location } from '../../model/evidence.js';
import type { Flag } from '../../model/flags.js';
import { AnalysisBudget, cutAt } from '../../notices/budget.js';
import type { Notice } from '../../notices/clauses/index.js';
import type { Placement } from '../../notices/evidence.js';
import type { Passage } from '../../notices/find.js';
import { evidenceFromPassage } from '../../notices/passageEvidence.js';
import { cueGate, type PagePassage, pagePassages, passageToSource } from '../../notices/passages.js';
import { collectRightsFacts } from '../schemaOrg/page.js';
import { rightsMetas } from '../shared/metas.js';

/** Chrome (header, nav, aside, loose body text) is less likely to be the publisher's notice. */
const CHROME_PENALTY = -0.1;

/** In chrome a notice must speak for the publisher (self-reference, statute) and not report someone else. */
function publisherVoice(n: Notice): boolean {
  return n.clauses.some((c) => c.selfReference || c.statute) && !n.clauses.some((c) => c.reported);
}

/** The passage cut to what the budget grants; the rest is reported to the budget as unread. */
function withinBudget<P extends Passage>(p: P, budget: AnalysisBudget): P | null {
  const granted = budget.grant(p.text.length);
  if (granted >= p.text.length) return p;
  const cut = cutAt(p.text, granted);
  budget.skip(p.text.slice(cut));
  return cut > 0 ? { ...p, text: p.text.slice(0, cut) } : null;
}

function pageEvidence(ctx: PageContext, p: PagePassage, uncertain: Flag[]): Evidence[] {
  const placementFor = (start: number, end: number): Placement => {
    const from = passageToSource(p, start);
    const to = passageToSource(p, Math.max(start, end - 1));
    const location: Location = {
      kind: 'text',
      region: p.footerLike && p.region !== 'footer' ? `${p.region}:footer-like` : p.region,
      start: from.source,
      end: to.source + 1,
      blockIndex: from.blockIndex,
    };
    return {
      location,
      source: 'page',
      confidenceAdjust: p.placement === 'chrome' ? CHROME_PENALTY : 0,
      toSource: (o) => passageToSource(p, o).source,
      details: { placement: p.placement },
    };
  };
  const keep = p.placement === 'chrome' ? publisherVoice : undefined;
  return evidenceFromPassage(p, ctx.resources, placementFor, keep, uncertain);
}

function metaEvidence(ctx: PageContext): Evidence[] {
  const out: Evidence[] = [];
  const texts: { text: string; location: Location }[] = [];
  for (const { text, location } of rightsMetas(ctx.page)) texts.push({ text, location });
  for (const block of ctx.page.jsonLd) {
    if (block.value === undefined) continue;
    const notice = collectRightsFacts(block.value).copyrightNotice;
    if (notice?.trim())
      texts.push({
        text: notice,
        location: {
          kind: 'element',
          element: 'script',
          attribute: 'copyrightNotice',
          start: block.start,
          end: block.end,
        },
      });
  }
  for (const t of texts) {
    const placementFor = (): Placement => ({
      location: t.location,
      source: 'page',
      confidenceAdjust: 0,
      toSource: (o) => o,
      details: { placement: 'metadata' },
    });
    // Plain copyright in metadata is the dc-rights / schema-org detectors' evidence already.
    const evidence = evidenceFromPassage({ text: t.text, declaredLang: ctx.page.lang }, ctx.resources, placementFor);
    out.push(...evidence.filter((e) => e.details?.kind !== 'copyright-only'));
  }
  return out;
}

/**
 * `notice-text`: rights statements written in words — known notices (templates) and unknown ones (clause
 * classifier) — in footers, legal blocks, plain-text input and rights metadata. Natural-language
 * statements are never machine-readable (OLG Hamburg 5 U 104/24), so `machineReadable` is false.
 */
export const noticeTextDetector: PageDetector = {
  name: 'notice-text',
  detect(ctx: PageContext): DetectorResult {
    // A robots.txt or ai.txt given as text: its comments are read once, as the site's file (./site.ts).
    if (ctx.siteFile) return result([], []);
    const evidence: Evidence[] = [];
    const budget = new AnalysisBudget(cueGate(ctx.resources.cues));
    const uncertain: Flag[] = [];
    let unread = 0;
    for (const p of pagePassages(ctx.page, ctx.resources.cues)) {
      // Out of time: the remaining passages are counted, not read (the clock's flag says so).
      if (ctx.clock?.expired()) {
        unread++;
        continue;
      }
      const readable = withinBudget(p, budget);
      if (readable) evidence.push(...pageEvidence(ctx, readable, uncertain));
    }
    if (unread > 0) ctx.clock?.skip(`${unread} text passage${unread === 1 ? '' : 's'}`);
    evidence.push(...metaEvidence(ctx));
    return result(evidence, [...budget.flags(), ...uncertain]);
  },
};
