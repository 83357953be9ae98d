import { scanCues } from './clauses/cues.js';
import { fold } from './clauses/fold.js';
import type { CueLexicons } from './clauses/lexicon.js';
import { universalCues } from './language.js';

/**
 * True when `text` says "all rights reserved" in any language of the cue lexicons (their `copyright:`
 * lists, rules/cues/*.yaml): the one home of those phrases, read by the notice analysis and by detectors
 * of rights metadata alike.
 */
export function saysAllRightsReserved(text: string, cues: CueLexicons): boolean {
  return scanCues(fold(text), [universalCues(cues)], text).some((h) => h.cue.category === 'copyright');
}
