import { EXCLUSION_FORMATS, REPORT_FORMATS } from '../../export/run.js';
import { CONCLUSION_ACTIONS, CONCLUSION_REASONS, SCOPE_KINDS } from '../../model/conclusion.js';
import { SIGNALS } from '../../model/evidence.js';
import { PERMISSIONS, USES } from '../../model/uses.js';
import { EXCLUSION_FILTERS, QUEUE_SORTS, REVIEW_STATUSES } from '../../review/queueFilter.js';
import type { JsonSchema, OperationSpec, ParamSpec } from './spec.js';

/**
 * The review workspace's API: queue, items, conclusions, publishers, exports, audit log. Merged
 * into OPERATIONS / SCHEMAS, so the OpenAPI document, validation and the role gate cover it like the rest.
 * Roles: reviewers decide (conclusions, publishers); auditors read and export; admins do both; crawlers
 * (pipelines) may fetch the exclusion list.
 */
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str = (maxLength: number, description: string): JsonSchema => ({ type: 'string', maxLength, description });
const date: JsonSchema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$',
  description: 'YYYY-MM-DD (whole day) or an ISO 8601 timestamp.',
};
const domain: JsonSchema = { type: 'string', minLength: 1, maxLength: 253 };

const READ = ['reviewer', 'auditor', 'admin'] as const;
const DECIDE = ['reviewer', 'admin'] as const;
const EXPORT = ['auditor', 'admin'] as const;

const profileParam: ParamSpec = {
  name: 'profile',
  description: 'Policy profile (default conservative).',
  schema: { type: 'string', minLength: 1, maxLength: 100 },
};
const fromParam: ParamSpec = { name: 'from', description: 'Decided on or after.', schema: date };
const toParam: ParamSpec = { name: 'to', description: 'Decided on or before.', schema: date };
const domainParam: ParamSpec = { name: 'domain', description: 'This domain and its sub-domains.', schema: domain };

/** Queue filters: the same names the dashboard uses in its URLs (src/review/queueFilter.ts). */
export const QUEUE_PARAMS: ParamSpec[] = [
  profileParam,
  {
    name: 'scope',
    description: '`flagged` (default): what the engine flagged; `all`: every URL.',
    schema: { enum: ['flagged', 'all'] },
  },
  {
    name: 'use',
    description:
      'A use; with `outcome`, items whose effective permission for it is that outcome; alone, items that restrict it.',
    schema: { enum: [...USES] },
  },
  {
    name: 'outcome',
    description: 'Effective permission (of `use`, or of any use).',
    schema: { enum: [...PERMISSIONS] },
  },
  { name: 'exclude', description: 'Effective exclusion.', schema: { enum: [...EXCLUSION_FILTERS] } },
  { name: 'signal', description: 'Items with evidence of this signal type.', schema: { enum: [...SIGNALS] } },
  {
    name: 'language',
    description: 'Page language (2-3 letters) or `none`.',
    schema: { type: 'string', pattern: '^([a-z]{2,3}|none)$' },
  },
  domainParam,
  {
    name: 'publisher',
    description: "A publisher's domains.",
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
  {
    name: 'confidence',
    description: '`low` or a number: items decided by evidence below it.',
    schema: { type: 'string', pattern: '^(low|0?\\.\\d+|1(\\.0+)?)$' },
  },
  {
    name: 'conflicts',
    description: '1: only items with conflicting signals; 0: only without.',
    schema: { enum: ['0', '1', 'true', 'false'] },
  },
  { name: 'status', description: 'Review status.', schema: { enum: [...REVIEW_STATUSES] } },
  fromParam,
  toParam,
  { name: 'url', description: 'URL starts with.', schema: { type: 'string', minLength: 1, maxLength: 8192 } },
];

const ConclusionScope: JsonSchema = {
  type: 'object',
  description:
    'page: one URL; path: an origin + path prefix; domain: a domain and its sub-domains; publisher: a named group of domains (give `domains`, or only `publisher` to use the stored group).',
  required: ['kind'],
  properties: {
    kind: { enum: [...SCOPE_KINDS] },
    url: { type: 'string', maxLength: 8192 },
    origin: { type: 'string', maxLength: 2048 },
    prefix: { type: 'string', maxLength: 2048 },
    domain,
    publisher: { type: 'string', maxLength: 200 },
    domains: { type: 'array', items: domain, minItems: 1, maxItems: 500 },
  },
  additionalProperties: false,
};

const ConclusionRequest: JsonSchema = {
  type: 'object',
  required: ['action', 'reason', 'comment', 'scope'],
  additionalProperties: false,
  properties: {
    action: {
      enum: [...CONCLUSION_ACTIONS],
      description:
        'confirm the detection; override some uses; mark a false positive; licence acquired (with `licenceRef`).',
    },
    reason: { enum: [...CONCLUSION_REASONS] },
    comment: { type: 'string', minLength: 1, maxLength: 4000, description: 'Why — required.' },
    scope: ref('ConclusionScope'),
    permissions: {
      type: 'object',
      description:
        'override: the permissions to set; licence-acquired: the uses licensed (default every restricted use).',
      properties: Object.fromEntries(USES.map((u) => [u, { enum: ['allowed', 'conditional', 'denied'] }])),
      additionalProperties: false,
    },
    licenceRef: str(500, 'Licence / contract reference (required for licence-acquired).'),
    evidenceIds: { type: 'array', items: { type: 'string', pattern: '^ev_[0-9a-f]{16}$' }, maxItems: 1000 },
    expiresAt: { ...date, description: 'Optional expiry (the conclusion stops applying then).' },
  },
};

const Conclusion: JsonSchema = {
  type: 'object',
  required: ['id', 'action', 'reason', 'comment', 'scope', 'createdBy', 'createdAt'],
  properties: {
    id: { type: 'string' },
    action: { enum: [...CONCLUSION_ACTIONS] },
    reason: { enum: [...CONCLUSION_REASONS] },
    comment: { type: 'string' },
    scope: ref('ConclusionScope'),
    permissions: { type: 'object' },
    licenceRef: { type: 'string' },
    evidenceIds: { type: 'array', items: { type: 'string' } },
    expiresAt: { type: ['string', 'null'] },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
  },
};

const ConclusionResult: JsonSchema = {
  type: 'object',
  required: ['conclusion', 'refreshed'],
  properties: {
    conclusion: ref('Conclusion'),
    refreshed: { type: 'integer', description: 'Queue items re-evaluated now.' },
  },
};

const BulkConclusionRequest: JsonSchema = {
  type: 'object',
  required: ['conclusion'],
  additionalProperties: false,
  description:
    'One page-scope conclusion per item matching `filter` (queue filter names; default: the flagged queue), narrowed to `itemIds` if given. At most 5000 items.',
  properties: {
    filter: { type: 'object', additionalProperties: { type: 'string' } },
    itemIds: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 5000 },
    conclusion: {
      type: 'object',
      required: ['action', 'reason', 'comment'],
      additionalProperties: false,
      properties: {
        action: { enum: [...CONCLUSION_ACTIONS] },
        reason: { enum: [...CONCLUSION_REASONS] },
        comment: { type: 'string', minLength: 1, maxLength: 4000 },
        permissions: { type: 'object' },
        licenceRef: { type: 'string', maxLength: 500 },
        expiresAt: date,
      },
    },
  },
};

const RevokeRequest: JsonSchema = {
  type: 'object',
  required: ['comment'],
  additionalProperties: false,
  properties: {
    comment: { type: 'string', minLength: 1, maxLength: 4000, description: 'Why the conclusion is withdrawn.' },
  },
};

const PublisherRequest: JsonSchema = {
  type: 'object',
  required: ['domains'],
  additionalProperties: false,
  properties: { domains: { type: 'array', items: domain, minItems: 1, maxItems: 500 } },
};

const Publisher: JsonSchema = {
  type: 'object',
  required: ['name', 'domains'],
  properties: {
    name: { type: 'string' },
    domains: { type: 'array', items: { type: 'string' } },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
  },
};

const ReviewItem: JsonSchema = {
  type: 'object',
  required: ['id', 'url', 'verdictId', 'status', 'uses', 'exclude'],
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    domain: { type: 'string' },
    verdictId: { type: 'integer' },
    decidedAt: { type: 'string' },
    language: { type: ['string', 'null'] },
    uses: { type: 'object', description: 'Effective permissions (after the conclusion in force).' },
    exclude: { type: 'object' },
    detectedExclude: { type: 'object' },
    flagged: { type: 'boolean' },
    conflicts: { type: 'boolean' },
    minConfidence: { type: ['number', 'null'] },
    priority: { type: 'integer' },
    why: { type: 'array', items: { type: 'string' } },
    status: { enum: ['open', ...CONCLUSION_ACTIONS] },
    conclusionId: { type: ['string', 'null'] },
    concludedBy: { type: ['string', 'null'] },
    concludedAt: { type: ['string', 'null'] },
  },
};

const ReviewItemPage: JsonSchema = {
  type: 'object',
  required: ['items', 'next', 'counts'],
  properties: {
    items: { type: 'array', items: ref('ReviewItem') },
    next: { type: ['string', 'null'], description: 'Cursor of the next page (pass as `cursor`), null on the last.' },
    counts: { type: 'object', description: 'Over everything the filter matches.' },
  },
};

const AuditEntry: JsonSchema = {
  type: 'object',
  required: ['id', 'at', 'actor', 'action', 'subject', 'details', 'hash'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
    subject: { type: 'string' },
    details: { type: 'object' },
    prevHash: { type: ['string', 'null'] },
    hash: { type: 'string' },
  },
};

const AuditVerify: JsonSchema = {
  type: 'object',
  required: ['ok', 'entries', 'head', 'problem'],
  properties: {
    ok: { type: 'boolean' },
    entries: { type: 'integer' },
    head: { type: ['string', 'null'] },
    problem: { type: ['object', 'null'] },
  },
};

const ConcludedInfo: JsonSchema = {
  type: 'object',
  description:
    'Present when a human conclusion applies to the page: `uses` and `exclude` are then the concluded ones ' +
    '(evidence items it concerns carry `concluded` too). The stored verdict stays the detected one.',
  required: ['conclusionId', 'action', 'reason', 'comment', 'scope', 'by', 'at'],
  properties: {
    conclusionId: { type: 'string' },
    action: { enum: [...CONCLUSION_ACTIONS] },
    reason: { enum: [...CONCLUSION_REASONS] },
    comment: { type: 'string' },
    scope: ref('ConclusionScope'),
    by: { type: 'string' },
    at: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    licenceRef: { type: 'string' },
  },
};

export const REVIEW_SCHEMAS: Record<string, JsonSchema> = {
  ConcludedInfo,
  ConclusionScope,
  ConclusionRequest,
  Conclusion,
  ConclusionResult,
  BulkConclusionRequest,
  RevokeRequest,
  PublisherRequest,
  Publisher,
  ReviewItem,
  ReviewItemPage,
  AuditEntry,
  AuditVerify,
  Object: { type: 'object' },
};

const idParam = (description: string): ParamSpec => ({
  name: 'id',
  required: true,
  description,
  schema: { type: 'string', minLength: 1, maxLength: 100 },
});

export const REVIEW_OPERATIONS: readonly OperationSpec[] = [
  {
    id: 'listReviewItems',
    method: 'get',
    path: '/v1/review/items',
    summary: 'The review queue: flagged items, filtered and sorted, keyset-paginated, with counts',
    roles: READ,
    query: [
      ...QUEUE_PARAMS,
      {
        name: 'sort',
        description:
          'priority (default: undecided, conflicting, low-confidence first), newest, oldest, confidence, domain.',
        schema: { enum: [...QUEUE_SORTS] },
      },
      {
        name: 'limit',
        description: 'Items per page (1-500, default 50).',
        schema: { type: 'integer', minimum: 1, maximum: 500 },
      },
      { name: 'cursor', description: '`next` of the previous page.', schema: { type: 'string', maxLength: 2000 } },
    ],
    responses: { '200': { description: 'A page of items', schema: 'ReviewItemPage' } },
  },
  {
    id: 'getReviewItem',
    method: 'get',
    path: '/v1/review/items/{id}',
    summary: 'One queue item: detected and effective verdict, evidence, conclusions, URL and site history',
    roles: READ,
    pathParams: [{ name: 'id', required: true, description: 'Item id.', schema: { type: 'integer', minimum: 1 } }],
    responses: { '200': { description: 'The item', schema: 'Object' } },
  },
  {
    id: 'getReviewOverview',
    method: 'get',
    path: '/v1/review/overview',
    summary: 'Queue figures: totals, flagged by day, by signal type, by language, top domains; rules in force',
    roles: READ,
    query: [profileParam],
    responses: { '200': { description: 'Figures', schema: 'Object' } },
  },
  {
    id: 'createConclusion',
    method: 'post',
    path: '/v1/conclusions',
    summary: 'Record a human conclusion (applies now to matching items and to future checks; audited)',
    roles: DECIDE,
    body: { kind: 'json', schema: 'ConclusionRequest' },
    responses: { '201': { description: 'Recorded', schema: 'ConclusionResult' } },
  },
  {
    id: 'bulkConclude',
    method: 'post',
    path: '/v1/conclusions/bulk',
    summary: 'Conclude every item of a filtered selection (one page-scope conclusion each)',
    roles: DECIDE,
    body: { kind: 'json', schema: 'BulkConclusionRequest' },
    responses: { '201': { description: 'Recorded', schema: 'Object' } },
  },
  {
    id: 'listConclusions',
    method: 'get',
    path: '/v1/conclusions',
    summary: 'Conclusions, newest first',
    roles: READ,
    query: [
      {
        name: 'state',
        description: 'active, revoked, expired or all (default).',
        schema: { enum: ['active', 'revoked', 'expired', 'all'] },
      },
      domainParam,
      { name: 'limit', description: '1-1000, default 100.', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      { name: 'before', description: '`next` of the previous page.', schema: { type: 'string', maxLength: 500 } },
    ],
    responses: { '200': { description: 'Conclusions', schema: 'Object' } },
  },
  {
    id: 'getConclusion',
    method: 'get',
    path: '/v1/conclusions/{id}',
    summary: 'One conclusion',
    roles: READ,
    pathParams: [idParam('Conclusion id (cn_…).')],
    responses: { '200': { description: 'The conclusion', schema: 'Conclusion' } },
  },
  {
    id: 'revokeConclusion',
    method: 'post',
    path: '/v1/conclusions/{id}/revoke',
    summary: 'Withdraw a conclusion (once; audited); the items it decided are re-evaluated',
    roles: DECIDE,
    pathParams: [idParam('Conclusion id (cn_…).')],
    body: { kind: 'json', schema: 'RevokeRequest' },
    responses: { '200': { description: 'Revoked', schema: 'ConclusionResult' } },
  },
  {
    id: 'listPublishers',
    method: 'get',
    path: '/v1/publishers',
    summary: 'Publishers (named groups of domains)',
    roles: READ,
    responses: { '200': { description: 'Publishers', schema: 'Object' } },
  },
  {
    id: 'setPublisher',
    method: 'put',
    path: '/v1/publishers/{name}',
    summary: "Create or replace a publisher's domains (audited)",
    roles: DECIDE,
    pathParams: [
      {
        name: 'name',
        required: true,
        description: 'Publisher name.',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      },
    ],
    body: { kind: 'json', schema: 'PublisherRequest' },
    responses: { '200': { description: 'The publisher', schema: 'Publisher' } },
  },
  {
    id: 'exportReport',
    method: 'get',
    path: '/v1/exports/report',
    summary: 'Audit report (streamed): canonical JSON, CSV or self-contained HTML',
    description:
      'For every URL: the verdict in force at `to` if decided in [from, to], the conclusion in force then, the effective result. Recorded in the audit log with the sha256 of the output.',
    roles: EXPORT,
    query: [
      { name: 'format', description: 'json (default), csv or html.', schema: { enum: [...REPORT_FORMATS] } },
      fromParam,
      toParam,
      domainParam,
      profileParam,
      { name: 'use', description: 'Effective permission filter (with outcome).', schema: { enum: [...USES] } },
      { name: 'outcome', description: 'Effective permission.', schema: { enum: [...PERMISSIONS] } },
      { name: 'exclude', description: 'Effective exclusion.', schema: { enum: [...EXCLUSION_FILTERS] } },
      { name: 'flagged', description: '`true`: only flagged items.', schema: { enum: ['true', 'false'] } },
    ],
    responses: {
      '200': { description: 'The report (Content-Disposition: attachment)', contentType: 'application/json' },
    },
  },
  {
    id: 'exportExclusions',
    method: 'get',
    path: '/v1/exports/exclusions',
    summary: 'Exclusion list for pipelines (streamed JSONL or CSV)',
    roles: ['crawler', 'auditor', 'admin'],
    query: [
      {
        name: 'use',
        required: true,
        description: 'ai-train or redistribution.',
        schema: { enum: ['ai-train', 'redistribution'] },
      },
      { name: 'format', description: 'jsonl (default) or csv.', schema: { enum: [...EXCLUSION_FORMATS] } },
      domainParam,
      fromParam,
      toParam,
      profileParam,
    ],
    responses: { '200': { description: 'One record per excluded URL', contentType: 'application/x-ndjson' } },
  },
  {
    id: 'listAuditLog',
    method: 'get',
    path: '/v1/audit',
    summary: 'The audit log, in chain order',
    roles: EXPORT,
    query: [
      { name: 'after', description: 'Entries after this id.', schema: { type: 'integer', minimum: 0 } },
      { name: 'limit', description: '1-1000, default 200.', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
    ],
    responses: { '200': { description: 'Entries', schema: 'Object' } },
  },
  {
    id: 'verifyAuditLog',
    method: 'get',
    path: '/v1/audit/verify',
    summary: 'Verify the audit hash chain and the records it vouches for',
    roles: EXPORT,
    query: [
      {
        name: 'anchor',
        description: 'A head hash noted earlier: must still be in the chain.',
        schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    ],
    responses: { '200': { description: 'Result (ok false names the first problem)', schema: 'AuditVerify' } },
  },
];
