import type { Evidence } from '../model/evidence.js';
import { isRestrictive } from '../model/lattice.js';

/**
 * A text-and-data-mining reservation binds AI training: training a model on works is text and data mining
 * (DSM Directive Art. 2(2), 4(3)), and providers of general-purpose AI models must honour Art. 4(3)
 * reservations (AI Act Art. 53(1)(c), recital 105). So a statement that restricts `tdm` and says nothing
 * about `ai-train` restricts `ai-train` the same way, with the same conditions — in every channel (TDMRep,
 * aipref, notices, robots.txt comments, RSL). The derived effect is marked in `derived` (`ai-train` ←
 * `tdm`) so a reader of the verdict sees why, and it never overrides what a protocol says about `ai-train`
 * itself (a robots.txt that keeps unnamed crawlers out but lets GPTBot in has its own `ai-train` answer).
 * A TDM permission is not derived: allowing mining says nothing about training.
 */
export function deriveAiTrainFromTdm(evidence: readonly Evidence[]): Evidence[] {
  const stated = new Set(evidence.filter((e) => e.effects['ai-train'] !== undefined).map((e) => e.protocol));
  return evidence.map((e) => {
    const tdm = e.effects.tdm;
    if (tdm === undefined || !isRestrictive(tdm) || stated.has(e.protocol)) return e;
    return { ...e, effects: { ...e.effects, 'ai-train': tdm }, derived: { ...e.derived, 'ai-train': 'tdm' } };
  });
}
