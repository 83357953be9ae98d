import type { ConcludedInfo } from './conclusion.js';
import type { Condition } from './conditions.js';
import type { Evidence } from './evidence.js';
import type { Flag } from './flags.js';
import type { Permission, Use, UseMap } from './uses.js';

/** Two or more protocols disagree about one use (docs/precedence.md, P4/P5). */
export interface Conflict {
  use: Use;
  /** Stable code, e.g. `license_vs_reservation`, `tdmrep_carrier_disagreement`, `cross_protocol`. */
  code: string;
  values: { protocol: string; permission: Permission; evidenceIds: string[] }[];
  /** The permission the verdict settled on and the rule that chose it. */
  resolved: Permission;
  rule: string;
}

export interface Verdict {
  url: string | null;
  uses: UseMap;
  /** Conditions behind each `conditional` use. */
  conditions: Partial<Record<Use, Condition[]>>;
  /** Evidence ids that decided each use (the strictest contributors). */
  decidedBy: Partial<Record<Use, string[]>>;
  /** True when the rights holder restricts ai-train, ai-input or tdm. */
  reservation: boolean;
  /** True when a machine-readable signal carries the reservation (Art. 4(3) DSM). */
  machineReadableReservation: boolean;
  exclude: { training: boolean; redistribution: boolean };
  evidence: Evidence[];
  conflicts: Conflict[];
  flags: Flag[];
  language: string | null;
  profile: string;
  rulesVersion: string;
  /** Set when a human conclusion applies: uses and exclude are then the concluded ones. */
  concluded?: ConcludedInfo;
  /** Answer for `--agent TOKEN`: may this crawler fetch the URL. */
  agent?: { token: string; mayFetch: boolean; reason: string };
}

/**
 * Recomputes a verdict after a conclusion changed what counts: `counted` is the evidence still counted,
 * `forced` the permissions a conclusion sets. The engine provides it (`rescoreWith`); the review overlay
 * calls it.
 */
export type Rescore = (verdict: Verdict, counted: Evidence[], forced: Partial<Record<Use, Permission>>) => Verdict;
