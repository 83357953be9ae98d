import { SITE_FILE_KINDS, type SiteFileKind } from '../../store/schema.js';
import { REVIEW_OPERATIONS } from './reviewOperations.js';
import type { OperationSpec, ParamSpec } from './spec.js';

export type { BodySpec, HttpMethod, OperationSpec, ParamSpec, ResponseSpec } from './spec.js';

/**
 * The API surface as data: one entry per operation. The OpenAPI document (document.ts), the Express
 * routes (app.ts), request validation (validate.ts) and the role gate (auth.ts) are all generated from
 * this table, so they cannot drift apart. A new endpoint = an entry here + a handler in routes/.
 */
const storeParam: ParamSpec = {
  name: 'store',
  description: '`false` for a dry run: check without storing anything.',
  schema: { type: 'string', enum: ['true', 'false'], default: 'true' },
};

const originParam: ParamSpec = {
  name: 'origin',
  required: true,
  description: 'The site: `https://example.com` URL-encoded (`https%3A%2F%2Fexample.com`) or a bare host (https).',
  schema: { type: 'string', minLength: 1, maxLength: 2048 },
};

/** Content types accepted for a batch (NDJSON / JSON Lines). */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

export const SITE_FILE_TYPES = [
  'text/*',
  'application/json',
  'application/xml',
  'application/rsl+xml',
  'application/octet-stream',
];

const SITE_FILE_DOC: Record<SiteFileKind, string> = {
  'robots.txt': 'robots.txt (User-agent groups, Content-Signal, Content-Usage, License lines)',
  'tdmrep.json': 'the TDMRep file (/.well-known/tdmrep.json)',
  'ai.txt': 'ai.txt',
  rsl: 'an RSL licence document (its URL in `url`)',
};

function sitePut(kind: SiteFileKind): OperationSpec {
  const query: ParamSpec[] = [
    {
      name: 'status',
      description:
        'HTTP status the crawler got for the file (robots.txt: 4xx = no rules, 5xx = everything disallowed).',
      schema: { type: 'string', pattern: '^[1-5][0-9][0-9]$', default: '200' },
    },
    {
      name: 'fetchedAt',
      description: 'When it was fetched (ISO 8601; default now).',
      schema: { type: 'string', format: 'date-time' },
    },
  ];
  if (kind === 'rsl')
    query.unshift({
      name: 'url',
      required: true,
      description: 'Absolute URL of the RSL document.',
      schema: { type: 'string', format: 'iri', pattern: '^[hH][tT][tT][pP][sS]?://', maxLength: 8192 },
    });
  return {
    id: `putSite${kind === 'robots.txt' ? 'Robots' : kind === 'tdmrep.json' ? 'Tdmrep' : kind === 'ai.txt' ? 'AiTxt' : 'Rsl'}`,
    method: 'put',
    path: `/v1/sites/{origin}/${kind}`,
    summary: `Upload ${SITE_FILE_DOC[kind]} for a site`,
    description:
      'Stored as a new snapshot when its body or status changed, otherwise the latest snapshot is marked as seen ' +
      "again. Later checks of the origin's pages use the snapshot in force.",
    roles: ['crawler', 'admin'],
    pathParams: [originParam],
    query,
    body: { kind: 'raw', types: SITE_FILE_TYPES, description: 'The file exactly as fetched (may be empty).' },
    responses: {
      '201': { description: 'A new snapshot', schema: 'SnapshotAck' },
      '200': { description: 'Unchanged: the latest snapshot was seen again', schema: 'SnapshotAck' },
    },
    meta: { siteKind: kind },
  };
}

export const OPERATIONS: readonly OperationSpec[] = [
  {
    id: 'check',
    checksPages: true,
    method: 'post',
    path: '/v1/check',
    summary: 'Check one page and store the verdict',
    roles: ['crawler', 'admin'],
    query: [storeParam],
    body: { kind: 'json', schema: 'CheckRequest' },
    responses: { '200': { description: 'The verdict and where it was stored', schema: 'CheckResponse' } },
  },
  {
    id: 'checkBatch',
    checksPages: true,
    method: 'post',
    path: '/v1/check/batch',
    summary: 'Check many pages: NDJSON in, NDJSON out, streamed',
    description:
      'Each input line is a CheckRequest. Output lines come in input order as they are done; a bad line gets an ' +
      'error line and the rest go on. The response is streamed with back-pressure: a slow reader slows the reading ' +
      'of the request. A last line `{done: true, ...}` says the batch completed.',
    roles: ['crawler', 'admin'],
    query: [storeParam],
    body: { kind: 'ndjson', schema: 'CheckRequest' },
    responses: {
      '200': { description: 'One line per input line', schema: 'BatchLine', contentType: 'application/x-ndjson' },
    },
  },
  ...SITE_FILE_KINDS.map(sitePut),
  {
    id: 'getSite',
    checksPages: true,
    method: 'get',
    path: '/v1/sites/{origin}',
    summary: "A site's files, their history, and its site-level signals over time",
    roles: ['reviewer', 'auditor', 'admin'],
    pathParams: [originParam],
    query: [
      {
        name: 'agent',
        description: 'Evaluate agent-specific rules for this crawler token.',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' },
      },
      { name: 'profile', description: 'Policy profile.', schema: { type: 'string', minLength: 1, maxLength: 100 } },
      {
        name: 'limit',
        description: 'Most snapshots of history to return (1-500, default 200).',
        schema: { type: 'integer', minimum: 1, maximum: 500 },
      },
    ],
    responses: { '200': { description: 'Files, signals, timeline', schema: 'SiteReport' } },
  },
  {
    id: 'getVerdicts',
    canBeNotFound: true,
    method: 'get',
    path: '/v1/verdicts',
    summary: 'Latest verdict and history for a URL',
    roles: ['reviewer', 'auditor', 'admin'],
    query: [
      {
        name: 'url',
        required: true,
        description: 'The page URL exactly as checked.',
        schema: { type: 'string', minLength: 1, maxLength: 8192 },
      },
      {
        name: 'profile',
        description: 'Only verdicts under this profile.',
        schema: { type: 'string', minLength: 1, maxLength: 100 },
      },
      {
        name: 'limit',
        description: 'Most history entries (1-500, default 50).',
        schema: { type: 'integer', minimum: 1, maximum: 500 },
      },
    ],
    responses: { '200': { description: 'Latest (with evidence) and history', schema: 'VerdictsForUrl' } },
  },
  {
    id: 'getVerdict',
    method: 'get',
    path: '/v1/verdicts/{id}',
    summary: 'One stored verdict with its evidence and fetch',
    roles: ['reviewer', 'auditor', 'admin'],
    pathParams: [{ name: 'id', required: true, description: 'Verdict id.', schema: { type: 'integer', minimum: 1 } }],
    responses: { '200': { description: 'The verdict', schema: 'StoredVerdict' } },
  },
  {
    id: 'createKey',
    method: 'post',
    path: '/v1/keys',
    summary: 'Create an API key (the secret is in the response, once)',
    roles: ['admin'],
    body: { kind: 'json', schema: 'KeyCreate' },
    responses: { '201': { description: 'The new key', schema: 'NewApiKey' } },
  },
  {
    id: 'listKeys',
    method: 'get',
    path: '/v1/keys',
    summary: 'List API keys (never the secrets)',
    roles: ['admin'],
    query: [
      {
        name: 'includeRevoked',
        description: '`true` to list revoked keys too.',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    ],
    responses: { '200': { description: 'Keys', schema: 'ApiKeyList' } },
  },
  {
    id: 'revokeKey',
    method: 'delete',
    path: '/v1/keys/{id}',
    summary: 'Revoke an API key',
    roles: ['admin'],
    pathParams: [{ name: 'id', required: true, description: 'Key id.', schema: { type: 'integer', minimum: 1 } }],
    responses: { '200': { description: 'The revoked key', schema: 'ApiKey' } },
  },
  {
    id: 'health',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and database check',
    roles: 'public',
    responses: {
      '200': { description: 'Healthy', schema: 'Health' },
      '503': { description: 'Database unreachable', schema: 'Health' },
    },
  },
  {
    id: 'metrics',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    roles: 'public',
    responses: { '200': { description: 'Prometheus text format', contentType: 'text/plain' } },
  },
  {
    id: 'openapi',
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    roles: 'public',
    responses: { '200': { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  },
  // The review workspace: queue, conclusions, publishers, exports, audit log.
  ...REVIEW_OPERATIONS,
];
