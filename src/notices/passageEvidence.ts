import type { Evidence } from '../model/evidence.js';
import { type Flag, flag } from '../model/flags.js';
import type { Notice } from './clauses/index.js';
import { clauseEvidence, type Placement, templateEvidence } from './evidence.js';
import { findInPassageCached } from './findCache.js';
import type { Passage } from './passage.js';
import type { NoticeResources } from './resources.js';

/**
 * The evidence of one passage: known notices (templates) and unknown ones (clauses), each placed by
 * `placementFor`; findings read as discourse go to `uncertain` as `notice_uncertain` flags.
 */
export function evidenceFromPassage(
  passage: Passage,
  resources: NoticeResources,
  placementFor: (start: number, end: number) => Placement,
  keep: (n: Notice) => boolean = () => true,
  /** Receives a `notice_uncertain` flag per finding that was set aside (review instead of silence). */
  uncertain: Flag[] = [],
): Evidence[] {
  const found = findInPassageCached(passage, resources);
  const shownText = passage.display ?? passage.text;
  for (const u of found.uncertain)
    uncertain.push(uncertainFlag(shownText.slice(u.start, u.end), u.reason, u.confidence));
  const out: Evidence[] = [];
  // The same words found again in one passage ("All rights reserved." on every line of a pasted file) would
  // give evidence with the same id, which the engine keeps once: build it once.
  const seen = new Set<string>();
  const repeated = (key: string) => {
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
  for (const m of found.templates) {
    if (repeated(`t\u0000${m.rule.id}\u0000${m.matchedText}`)) continue;
    const shown = passage.display?.slice(m.start, m.end);
    const e = templateEvidence(m, placementFor(m.start, m.end), resources.rulesVersion, shown);
    if (e) out.push(e);
  }
  for (const n of found.notices) {
    if (!keep(n)) {
      if (n.reservation)
        uncertain.push(
          uncertainFlag(shownText.slice(n.start, n.end), "page chrome, not in the publisher's voice", n.confidence),
        );
      continue;
    }
    if (repeated(`c\u0000${passage.text.slice(n.start, n.end)}`)) continue;
    const e = clauseEvidence(
      n,
      passage.display ?? passage.text,
      found.language,
      placementFor(n.start, n.end),
      resources.rulesVersion,
    );
    if (e) out.push(e);
  }
  return out;
}

const UNCERTAIN_EXCERPT = 160;

function uncertainFlag(excerpt: string, reason: string, confidence: number): Flag {
  const words = excerpt.replace(/\s+/g, ' ').trim();
  const shown = words.length > UNCERTAIN_EXCERPT ? `${words.slice(0, UNCERTAIN_EXCERPT - 1)}…` : words;
  return flag('notice_uncertain', `${reason} (confidence ${confidence.toFixed(2)}): "${shown}"`);
}
