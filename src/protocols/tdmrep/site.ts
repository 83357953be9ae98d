import { result } from '../../detect/page.js';
import type { SiteDetector } from '../../detect/site.js';
import { makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import type { TdmrepSite } from './file.js';
import { matchTdmrep } from './file.js';
import { CARRIER_RANK, tdmEffects } from './page.js';

/**
 * `/.well-known/tdmrep.json` for this page: the first matching rule, as TDMRep evidence with carrier rank 1,
 * so the page's `tdm-reservation` header (2) and meta (3) supersede it inside TDMRep (docs/reference/signals.md §1.3; the
 * combiner records the disagreement). An invalid file is not TDMRep: its evident intent is recorded as
 * evidence without effects (and flagged `tdm_file_invalid`, `nl_intent`), never turned into a verdict.
 */
export const tdmrepFileDetector: SiteDetector<TdmrepSite> = {
  name: 'tdmrep-file',
  detect(ctx) {
    const file = ctx.site.tdmrep;
    if (!file) return result();
    const flags: Flag[] = [];
    if (!file.valid) {
      if (!file.intent) return result();
      // test/fixtures/vectors/site-vectors.yaml #12: an invalid file leaves TDMRep unset. The intent is recorded (no effects) so a
      // reviewer sees it; free text in the file goes to the notice detector.
      return result([
        makeEvidence({
          signal: 'tdmrep-file',
          protocol: 'tdmrep',
          source: 'site',
          location: { kind: 'file', file: 'tdmrep.json' },
          excerpt: `invalid tdmrep.json: ${file.intent.basis}${file.intent.policy ? `, policy ${file.intent.policy}` : ''}`,
          idContent: `invalid|${file.intent.basis}|${file.intent.policy ?? ''}`,
          effects: {},
          confidence: 0.5,
          machineReadable: false,
          reservation: false,
          carrierRank: 0,
          details: { invalid: true, intent: file.intent },
        }),
      ]);
    }
    const m = matchTdmrep(file, ctx.path);
    if (!m) return result();
    const { rule } = m;
    const { effects, conditions, derived } = tdmEffects(rule);
    const e = makeEvidence({
      signal: 'tdmrep-file',
      protocol: 'tdmrep',
      source: 'site',
      location: { kind: 'file', file: 'tdmrep.json', path: rule.location },
      excerpt: JSON.stringify({
        location: rule.location,
        'tdm-reservation': Number(rule.reservation),
        ...(rule.policy ? { 'tdm-policy': rule.policy } : {}),
      }),
      idContent: `${rule.location}|${rule.reservation}|${rule.policy ?? ''}`,
      effects,
      conditions,
      derived,
      confidence: 1,
      machineReadable: true,
      reservation: rule.reservation === '1',
      carrierRank: CARRIER_RANK.file,
      details: {
        reservation: Number(rule.reservation),
        policy: rule.reservation === '1' ? (rule.policy ?? null) : null,
        ruleIndex: rule.index,
        ...(file.fetchedAt ? { fetchedAt: file.fetchedAt } : {}),
      },
    });
    for (const s of m.shadowed)
      flags.push(
        flag(
          'shadowed_rule',
          `tdmrep.json rule ${s.index} ("${s.location}", ${s.reservation}) also matches ${ctx.path} but rule ${rule.index} comes first`,
          e.id,
        ),
      );
    return result([e], flags);
  },
};
