import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it: one interface per table. Every repository takes `Kysely<Database>`,
 * so a PostgreSQL store later is a dialect switch (src/store/open.ts), not a rewrite.
 *
 * Conventions (portable between SQLite and PostgreSQL):
 * - timestamps are ISO 8601 UTC strings with milliseconds (`2026-11-28T10:00:00.000Z`): they sort as text;
 * - booleans are integers 0/1;
 * - structured values are JSON text in `*_json` columns;
 * - hashes are lower-case hex sha256.
 */

/** One observation of a page: URL + response headers + body hash. Re-seeing identical content bumps `last_seen_at`. */
export interface FetchTable {
  id: Generated<number>;
  url: string;
  origin: string;
  /** Lower-case host name (dashboard domain filter). */
  domain: string;
  /** When the crawler fetched it (request `fetchedAt`, else the time it reached the service). */
  fetched_at: string;
  /** Latest time identical content (same body + headers) was submitted again. */
  last_seen_at: string;
  seen_count: number;
  /** HTTP status of the crawl, when the crawler said. */
  status: number | null;
  headers_json: string;
  headers_sha256: string;
  body_sha256: string;
  /** Body size in bytes (UTF-8). */
  size: number;
  content_type: string | null;
  title: string | null;
  /** The body, gzip-compressed, only with `--store-bodies`. */
  body_gzip: Uint8Array | null;
  /** JSON TextExcerpt: the lead of the visible text and each text evidence in its surroundings. */
  text_excerpt_json: string | null;
  created_at: string;
}

export const SITE_FILE_KINDS = ['robots.txt', 'tdmrep.json', 'ai.txt', 'rsl'] as const;
export type SiteFileKind = (typeof SITE_FILE_KINDS)[number];

/** A site file as fetched at one time. Kept as history: a new row whenever body or status changes. */
export interface SiteSnapshotTable {
  id: Generated<number>;
  origin: string;
  kind: SiteFileKind;
  url: string;
  status: number;
  body: string;
  sha256: string;
  size: number;
  fetched_at: string;
  last_seen_at: string;
  seen_count: number;
  /** `upload` (PUT /v1/sites/...) or `inline` (the `site` field of a check). */
  source: string;
  created_at: string;
}

/**
 * One evidence item exactly as the engine produced it. Immutable (triggers refuse UPDATE/DELETE). Identical
 * items (same content hash) are stored once and linked from every verdict they belong to.
 */
export interface EvidenceTable {
  id: Generated<number>;
  /** The engine's stable id (`ev_…`): same statement, same place kind → same id across crawls. */
  evidence_id: string;
  /** sha256 of the canonical JSON of the whole item: the dedupe key. */
  content_sha256: string;
  signal: string;
  protocol: string;
  source: string;
  location_json: string;
  excerpt: string;
  effects_json: string;
  confidence: number;
  rule_id: string | null;
  rules_version: string | null;
  /** Every other field of the engine's Evidence (conditions, details, agents...), so the item round-trips. */
  extra_json: string;
  created_at: string;
}

/** A decision about one fetch under one profile, rules version, agent and set of site snapshots. Immutable. */
export interface VerdictTable {
  id: Generated<number>;
  fetch_id: number;
  url: string;
  origin: string;
  domain: string;
  profile: string;
  /** Crawler token evaluated for; '' when none. */
  agent: string;
  rules_version: string;
  /** Sorted ids of the site snapshots the verdict used, comma-joined ('' = none): part of the idempotency key. */
  site_key: string;
  decided_at: string;
  language: string | null;
  use_search: string;
  use_ai_train: string;
  use_ai_input: string;
  use_tdm: string;
  use_redistribution: string;
  use_commercial: string;
  use_derivatives: string;
  exclude_training: number;
  exclude_redistribution: number;
  reservation: number;
  machine_readable_reservation: number;
  has_conflicts: number;
  /** Excluded, conflicting or decided by low-confidence evidence: the review queue. */
  flagged: number;
  /** Lowest confidence among the evidence that decided a use (null: nothing decided). */
  min_confidence: number | null;
  evidence_count: number;
  /** The verdict without its evidence array (uses, conditions, decidedBy, conflicts, flags, agent...). */
  verdict_json: string;
}

export interface VerdictEvidenceTable {
  verdict_id: number;
  /** Position of the item in the verdict's evidence array. */
  position: number;
  evidence_row_id: number;
  /** Denormalised for the dashboard's signal filter. */
  signal: string;
  /** 1 when the item decided at least one use. */
  decisive: number;
}

export interface VerdictSiteSnapshotTable {
  verdict_id: number;
  snapshot_id: number;
}

/** Mutable pointer: the newest verdict per URL and profile (the queue lists these). */
export interface LatestVerdictTable {
  url: string;
  profile: string;
  verdict_id: number;
  decided_at: string;
}

/** A cached site-level evaluation of one set of snapshots (migration 080; derived, not audited). */
export interface SiteEvaluationTable {
  state_key: string;
  agent: string;
  profile: string;
  rules_version: string;
  uses_json: string;
  evidence_json: string;
  created_at: string;
}

export const ROLES = ['crawler', 'reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyTable {
  id: Generated<number>;
  /** sha256 of the whole key; the key itself is never stored. */
  key_hash: string;
  /** First characters of the key, to recognise it in listings (`clr_AbCd`). */
  key_prefix: string;
  role: Role;
  label: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Append-only (triggers refuse UPDATE/DELETE) and hash-chained: `hash` = sha256(prev_hash + canonical entry). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string | null;
  hash: string;
}

export interface Database {
  fetches: FetchTable;
  site_snapshots: SiteSnapshotTable;
  evidence: EvidenceTable;
  verdicts: VerdictTable;
  verdict_evidence: VerdictEvidenceTable;
  verdict_site_snapshots: VerdictSiteSnapshotTable;
  latest_verdicts: LatestVerdictTable;
  site_evaluations: SiteEvaluationTable;
  api_keys: ApiKeyTable;
  audit_log: AuditLogTable;
}
