import type { Permission, Use } from './uses.js';

/**
 * Human decisions are data (ORT): an action, a reason from an enum, a required comment, a scope from narrow
 * to broad (FOSSA), an optional expiry. A conclusion overlays findings; it never edits evidence or past
 * verdicts.
 */
export const CONCLUSION_ACTIONS = ['confirm', 'override', 'false-positive', 'licence-acquired'] as const;
export type ConclusionAction = (typeof CONCLUSION_ACTIONS)[number];

export const CONCLUSION_REASONS = [
  'VERIFIED_WITH_PUBLISHER', // checked the publisher's terms / contacted them
  'NOT_A_RESERVATION', // the text does not reserve anything (false positive)
  'QUOTED_TEXT_NOT_PUBLISHER_NOTICE', // the words are quoted or reported, not the publisher's own notice
  'SUPERSEDED_BY_MACHINE_SIGNAL', // a machine-readable signal from the same rights holder says otherwise
  'LICENSE_ACQUIRED', // a licence or contract covers the use
  'CONTRACT_IN_PLACE', // an agreement with the publisher covers the use
  'STATUTORY_EXCEPTION', // e.g. Art. 3 DSM research exception applies
  'OUTDATED', // the statement is no longer published
  'DETECTION_ERROR', // the detector misread the statement
  'POLICY_DECISION', // internal compliance decision
  'OTHER',
] as const;
export type ConclusionReason = (typeof CONCLUSION_REASONS)[number];

export type Scope =
  | { kind: 'page'; url: string }
  | { kind: 'path'; origin: string; prefix: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'publisher'; publisher: string; domains: string[] };

export const SCOPE_KINDS = ['page', 'path', 'domain', 'publisher'] as const;

/** What a reviewer submits (API JSON or dashboard form, already mapped to this shape). */
export interface ConclusionInput {
  action: ConclusionAction;
  reason: ConclusionReason;
  comment: string;
  scope: Scope;
  /** override: the permissions to set. licence-acquired: the uses the licence covers (default: all restricted). */
  permissions?: Partial<Record<Use, Permission>>;
  /** licence-acquired: contract / licence reference. */
  licenceRef?: string;
  /** false-positive (and optionally others): the evidence ids the decision is about; empty = all text notices. */
  evidenceIds?: string[];
  expiresAt?: string | null;
}

/** A stored conclusion: the input plus who made it and when (and its revocation). */
export interface Conclusion extends ConclusionInput {
  id: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string | null;
}

/** What the verdict reports when a conclusion applied. */
export interface ConcludedInfo {
  conclusionId: string;
  action: ConclusionAction;
  reason: ConclusionReason;
  comment: string;
  scope: Scope;
  by: string;
  at: string;
  expiresAt: string | null;
  licenceRef?: string;
}

/** Summary of a conclusion as verdicts report it (`concluded`). */
export function concludedInfo(c: Conclusion): ConcludedInfo {
  const i: ConcludedInfo = {
    conclusionId: c.id,
    action: c.action,
    reason: c.reason,
    comment: c.comment,
    scope: c.scope,
    by: c.createdBy,
    at: c.createdAt,
    expiresAt: c.expiresAt ?? null,
  };
  if (c.licenceRef) i.licenceRef = c.licenceRef;
  return i;
}
