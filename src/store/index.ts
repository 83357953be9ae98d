/**
 * The evidence store: open it from config, ingest checked pages, read them back. Used by the HTTP service
 * (src/service), the dashboard and exports and batch `--store`.
 */
export {
  type IngestInput,
  type IngestResult,
  ingest,
  ingestInTransaction,
  recordSnapshots,
} from './ingest.js';
export { ingestMany } from './ingestMany.js';
export { DEFAULT_DB_PATH, openStore, type Store, type StoreConfig, StoreError } from './open.js';
export { domainOfUrl, originOfUrl, parseOrigin } from './origin.js';
export { appendAudit, auditEntryHash, listAudit } from './repos/audit.js';
export { evidenceOfVerdict, rowToEvidence } from './repos/evidence.js';
export {
  type EvidenceContext,
  type FetchInfo,
  type FetchInput,
  getFetch,
  getFetchBody,
  type TextExcerpt,
} from './repos/fetches.js';
export {
  createKey,
  findActiveKey,
  isRole,
  KeyError,
  listKeys,
  type Principal,
  revokeKey,
} from './repos/keys.js';
export {
  defaultSiteFileUrl,
  latestSnapshots,
  recordSnapshot,
  type SnapshotInput,
  type SnapshotRow,
  siteFilesFromSnapshots,
  snapshotHistory,
} from './repos/sites.js';
export {
  getVerdict,
  LOW_CONFIDENCE,
  latestVerdictId,
  type StoredVerdict,
  USE_COLUMNS,
  verdictHistory,
} from './repos/verdicts.js';
export type { Database, Role, SiteFileKind } from './schema.js';
export { ROLES, SITE_FILE_KINDS } from './schema.js';
export { storeStats } from './stats.js';
