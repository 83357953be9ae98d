import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/**
 * Tables of the review workspace, added by migration 050_review. Kept beside the store schema
 * rather than inside it: `reviewDb(db)` widens a `Kysely<Database>` with these tables, so the core store
 * needs no knowledge of reviews. Same conventions: ISO UTC text timestamps, 0/1 booleans, `*_json` text.
 */

/**
 * A human conclusion (src/review/conclusion.ts). Immutable once written, except that it can be revoked
 * once (a trigger refuses every other UPDATE and every DELETE). `content_sha256` is the hash of the
 * canonical JSON the audit log recorded, so `clearance audit verify` can prove the row was not edited.
 */
export interface ConclusionTable {
  id: string;
  action: string;
  reason: string;
  comment: string;
  scope_kind: string;
  scope_json: string;
  permissions_json: string | null;
  licence_ref: string | null;
  evidence_ids_json: string | null;
  expires_at: string | null;
  /** Who decided, as shown to people and pipelines: `label (key:12)`. */
  created_by: string;
  /** The audit actor (`key:12`). */
  actor: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_comment: string | null;
  content_sha256: string;
  /** The bulk action this conclusion was created by, if any. */
  bulk_id: string | null;
}

/** Which host names a conclusion can touch (page/path: the host; domain: the domain; publisher: each domain). */
export interface ConclusionTargetTable {
  conclusion_id: string;
  domain: string;
}

/** A named group of domains (publisher scope and the queue's publisher filter). */
export interface PublisherTable {
  id: Generated<number>;
  name: string;
  domains_json: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/**
 * The review queue: one row per (url, profile) holding its latest verdict and the effective state after
 * human conclusions. A derived index, rebuilt from `verdicts` + `conclusions` by src/review/sync.ts (it
 * can be dropped and rebuilt at any time); it exists so that every queue filter and sort order is one
 * indexed single-table query at 100,000 items.
 */
export interface ReviewItemTable {
  id: Generated<number>;
  url: string;
  profile: string;
  verdict_id: number;
  origin: string;
  domain: string;
  language: string | null;
  decided_at: string;
  /** Detected state (copied from the verdict row). */
  flagged: number;
  has_conflicts: number;
  min_confidence: number | null;
  /** min_confidence, or 2 when nothing decided (a NOT NULL sort key: lowest confidence first). */
  confidence_key: number;
  det_exclude_training: number;
  det_exclude_redistribution: number;
  /** Effective state: detected, or the most specific active conclusion overlaid on it. */
  exclude_training: number;
  exclude_redistribution: number;
  use_search: string;
  use_ai_train: string;
  use_ai_input: string;
  use_tdm: string;
  use_redistribution: string;
  use_commercial: string;
  use_derivatives: string;
  /** Higher = reviewed sooner (src/review/priority.ts). */
  priority: number;
  /** `open` or the action of the conclusion in force (`confirm`, `override`, ...). */
  status: string;
  conclusion_id: string | null;
  concluded_by: string | null;
  concluded_at: string | null;
  conclusion_expires_at: string | null;
  synced_at: string;
  /** Host with reversed labels (`com.example.www`): domain filters as index ranges (migration 070). */
  host_rev: string;
  /** Bit set of the signal types in the verdict's evidence (src/review/queueCodes.ts). */
  signals: number;
  /** Effective permissions, 2 bits per use (src/review/queueCodes.ts). */
  uses_code: number;
}

/** Small key/value state of the review workspace (sync cursor, conclusions version). */
export interface ReviewMetaTable {
  key: string;
  value: string;
}

/** Dashboard sign-in sessions, server-side: the cookie holds a random token, the row only its hash. */
export interface DashboardSessionTable {
  token_hash: string;
  key_id: number;
  role: string;
  label: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
}

export type ReviewTables = {
  conclusions: ConclusionTable;
  conclusion_targets: ConclusionTargetTable;
  publishers: PublisherTable;
  review_items: ReviewItemTable;
  review_meta: ReviewMetaTable;
  dashboard_sessions: DashboardSessionTable;
};

export type ReviewDatabase = Database & ReviewTables;

/** The same connection, typed with the review tables too. */
export function reviewDb(db: Kysely<Database>): Kysely<ReviewDatabase> {
  return db.withTables<ReviewTables>() as unknown as Kysely<ReviewDatabase>;
}
