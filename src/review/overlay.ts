import { type Conclusion, concludedInfo } from '../model/conclusion.js';
import type { Evidence } from '../model/evidence.js';
import { isRestrictive } from '../model/lattice.js';
import { type Permission, USES, type Use } from '../model/uses.js';
import type { Rescore, Verdict } from '../model/verdict.js';
import { applicableConclusions } from './scope.js';

export type { Rescore };

function markEvidence(evidence: Evidence[], c: Conclusion, ids: Set<string> | null): Evidence[] {
  return evidence.map((e) =>
    ids === null || ids.has(e.id)
      ? { ...e, concluded: { conclusionId: c.id, action: c.action, by: c.createdBy, at: c.createdAt } }
      : e,
  );
}

/**
 * Overlays one human conclusion on a detected verdict and returns a new verdict (the detected one is not
 * modified; stored verdicts are never rewritten):
 * - confirm: uses unchanged, marked concluded;
 * - false-positive: the named evidence (default: every natural-language item) stops counting; uses and
 *   exclusion are recomputed from the rest; the evidence stays in the list, marked;
 * - override: the given uses are set as the reviewer says;
 * - licence-acquired: the licensed uses (default: every restricted use) become `allowed`.
 */
export function overlayConclusion(detected: Verdict, c: Conclusion, rescore: Rescore): Verdict {
  const concluded = concludedInfo(c);
  switch (c.action) {
    case 'confirm':
      return {
        ...detected,
        evidence: markEvidence(detected.evidence, c, c.evidenceIds?.length ? new Set(c.evidenceIds) : null),
        concluded,
      };
    case 'false-positive': {
      const ids = new Set(
        c.evidenceIds?.length ? c.evidenceIds : detected.evidence.filter((e) => !e.machineReadable).map((e) => e.id),
      );
      const counted = detected.evidence.filter((e) => !ids.has(e.id));
      const v = rescore(detected, counted, {});
      return { ...v, evidence: markEvidence(detected.evidence, c, ids), concluded };
    }
    case 'override': {
      const v = rescore(detected, detected.evidence, c.permissions ?? {});
      return { ...v, evidence: markEvidence(detected.evidence, c, null), concluded };
    }
    case 'licence-acquired': {
      const forced: Partial<Record<Use, Permission>> = {};
      const licensed = c.permissions
        ? (Object.keys(c.permissions) as Use[])
        : USES.filter((u) => isRestrictive(detected.uses[u]));
      for (const u of licensed) forced[u] = c.permissions?.[u] ?? 'allowed';
      const v = rescore(detected, detected.evidence, forced);
      return { ...v, evidence: markEvidence(detected.evidence, c, null), concluded };
    }
  }
}

/** The most specific active conclusion for this page, overlaid; or the detected verdict unchanged. */
export function applyConclusions(
  detected: Verdict,
  conclusions: readonly Conclusion[],
  rescore: Rescore,
  now = new Date(),
): Verdict {
  if (!detected.url) return detected;
  const [top] = applicableConclusions(conclusions, detected.url, now);
  return top ? overlayConclusion(detected, top, rescore) : detected;
}
