import { CONDITION_KINDS } from '../../model/conditions.js';
import { PROTOCOLS, SIGNALS } from '../../model/evidence.js';
import { PERMISSIONS, USES } from '../../model/uses.js';
import { ROLES } from '../../store/schema.js';
import { REVIEW_SCHEMAS } from './reviewOperations.js';
import type { JsonSchema } from './spec.js';

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the API's bodies. Request schemas are what the service
 * validates against (src/service/validate.ts); response schemas document the output and the tests check
 * real responses against them. Enums come from the model, so a new use or signal shows up here by itself.
 */
export type { JsonSchema } from './spec.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const httpUrl: JsonSchema = { type: 'string', format: 'iri', pattern: '^[hH][tT][tT][pP][sS]?://', maxLength: 8192 };
const status: JsonSchema = { type: 'integer', minimum: 100, maximum: 599 };
const useMap = (value: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(USES.map((u) => [u, value])),
  additionalProperties: false,
});

const CheckRequest: JsonSchema = {
  type: 'object',
  description:
    'One crawled page. Give exactly one of `html` or `text`. Site files in `site` are stored as snapshots of the ' +
    "page's origin (unless `store=false`) and used for this check; files not given come from the origin's latest " +
    'stored snapshots (PUT /v1/sites/...).',
  required: ['url'],
  additionalProperties: false,
  properties: {
    id: {
      description: 'Caller correlation id, echoed in the response (useful in batches).',
      oneOf: [{ type: 'string', maxLength: 200 }, { type: 'integer' }],
    },
    url: { ...httpUrl, description: 'Absolute http(s) URL the page was fetched from.' },
    headers: {
      description:
        'HTTP response headers: an object (repeated fields as arrays) or, to keep order and repeats, an array of ' +
        '[name, value] pairs.',
      oneOf: [
        {
          type: 'object',
          maxProperties: 1000,
          additionalProperties: {
            oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 1000 }],
          },
        },
        {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'array',
            prefixItems: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'string' }],
            minItems: 2,
            maxItems: 2,
          },
        },
      ],
    },
    html: { type: 'string', description: 'The response body as HTML.' },
    text: { type: 'string', description: 'The response body as plain text.' },
    fetchedAt: { type: 'string', format: 'date-time', description: 'When the crawler fetched the page.' },
    status: { ...status, description: 'HTTP status of the fetch.' },
    profile: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'Policy profile (default: the default profile).',
    },
    agent: {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]{1,100}$',
      description: 'Crawler product token to evaluate agent-specific rules for (e.g. GPTBot).',
    },
    site: ref('SiteFiles'),
  },
  anyOf: [{ required: ['html'] }, { required: ['text'] }],
  not: { type: 'object', required: ['html', 'text'] },
};

const SiteFiles: JsonSchema = {
  type: 'object',
  description: "Site-level files of the page's origin as the crawler fetched them.",
  additionalProperties: false,
  properties: {
    robotsTxt: { type: 'string', description: 'Body of /robots.txt.' },
    robotsStatus: { ...status, description: 'HTTP status of /robots.txt (4xx: no rules; 5xx: all disallowed).' },
    tdmrepJson: { type: 'string', description: 'Body of /.well-known/tdmrep.json.' },
    tdmrepStatus: status,
    aiTxt: { type: 'string', description: 'Body of /ai.txt.' },
    aiTxtStatus: status,
    rsl: {
      type: 'object',
      description: 'RSL licence documents by absolute URL.',
      maxProperties: 50,
      propertyNames: httpUrl,
      additionalProperties: { type: 'string' },
    },
    fetchedAt: { type: 'string', format: 'date-time', description: 'When these files were fetched.' },
  },
};

const Evidence: JsonSchema = {
  type: 'object',
  required: ['id', 'signal', 'protocol', 'source', 'location', 'excerpt', 'effects', 'confidence'],
  properties: {
    id: {
      type: 'string',
      pattern: '^ev_[0-9a-f]{16}$',
      description: 'Stable id: same statement, same place → same id.',
    },
    signal: { enum: [...SIGNALS] },
    protocol: { enum: [...PROTOCOLS] },
    source: { enum: ['page', 'site'] },
    location: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: ['header', 'element', 'text', 'file'] } },
    },
    excerpt: { type: 'string' },
    effects: useMap({ enum: [...PERMISSIONS] }),
    conditions: { type: 'array', items: ref('Condition') },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    machineReadable: { type: 'boolean' },
    reservation: { type: 'boolean' },
    ruleId: { type: 'string' },
    rulesVersion: { type: 'string' },
  },
};

const Condition: JsonSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: [...CONDITION_KINDS] }, text: { type: 'string' } },
};

const Verdict: JsonSchema = {
  type: 'object',
  required: ['url', 'uses', 'reservation', 'exclude', 'evidence', 'conflicts', 'flags', 'profile', 'rulesVersion'],
  properties: {
    url: { type: ['string', 'null'] },
    uses: { ...useMap({ enum: [...PERMISSIONS] }), required: [...USES] },
    conditions: useMap({ type: 'array', items: ref('Condition') }),
    decidedBy: useMap({ type: 'array', items: { type: 'string' } }),
    reservation: { type: 'boolean' },
    machineReadableReservation: { type: 'boolean' },
    exclude: {
      type: 'object',
      required: ['training', 'redistribution'],
      properties: { training: { type: 'boolean' }, redistribution: { type: 'boolean' } },
    },
    evidence: { type: 'array', items: ref('Evidence') },
    conflicts: { type: 'array', items: { type: 'object' } },
    flags: { type: 'array', items: { type: 'object', required: ['code'] } },
    language: { type: ['string', 'null'] },
    profile: { type: 'string' },
    rulesVersion: { type: 'string' },
    concluded: ref('ConcludedInfo'),
  },
};

const StoredRef: JsonSchema = {
  type: ['object', 'null'],
  description: 'Where the verdict was stored; null for a dry run (`store=false`).',
  required: ['verdictId', 'fetchId', 'created'],
  properties: {
    verdictId: { type: 'integer' },
    fetchId: { type: 'integer' },
    created: { type: 'boolean', description: 'False when an identical check was already stored (idempotent).' },
  },
};

const CheckResponse: JsonSchema = {
  allOf: [ref('Verdict')],
  type: 'object',
  required: ['stored'],
  properties: { stored: ref('StoredRef'), id: { type: ['string', 'integer'] } },
};

const BatchLine: JsonSchema = {
  description:
    'One output line per input line, in order: a CheckResponse plus `line`, or `{line, error}`. The last line is ' +
    '`{done: true, lines, ok, errors}`.',
  oneOf: [
    { allOf: [ref('CheckResponse')], required: ['line'], properties: { line: { type: 'integer' } } },
    {
      type: 'object',
      required: ['line', 'error'],
      properties: { line: { type: 'integer' }, id: {}, error: ref('ErrorDetail') },
    },
    {
      type: 'object',
      required: ['done', 'lines', 'ok', 'errors'],
      properties: {
        done: { const: true },
        lines: { type: 'integer' },
        ok: { type: 'integer' },
        errors: { type: 'integer' },
      },
    },
  ],
};

const ErrorDetail: JsonSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The offending field, as a dotted path (`site.robotsStatus`).' },
    requestId: { type: 'string' },
  },
};

const Error_: JsonSchema = { type: 'object', required: ['error'], properties: { error: ref('ErrorDetail') } };

const Snapshot: JsonSchema = {
  type: 'object',
  required: ['id', 'kind', 'url', 'status', 'sha256', 'size', 'fetchedAt'],
  properties: {
    id: { type: 'integer' },
    kind: { enum: ['robots.txt', 'tdmrep.json', 'ai.txt', 'rsl'] },
    url: { type: 'string' },
    status: { type: 'integer' },
    sha256: { type: 'string' },
    size: { type: 'integer' },
    fetchedAt: { type: 'string' },
    lastSeenAt: { type: 'string' },
    seenCount: { type: 'integer' },
    source: { type: 'string' },
    body: { type: 'string', description: 'Only on the snapshot in force.' },
  },
};

const SnapshotAck: JsonSchema = {
  type: 'object',
  required: ['origin', 'snapshot', 'created'],
  properties: { origin: { type: 'string' }, snapshot: ref('Snapshot'), created: { type: 'boolean' } },
};

const SiteReport: JsonSchema = {
  type: 'object',
  required: ['origin', 'files', 'signals', 'uses', 'timeline'],
  properties: {
    origin: { type: 'string' },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'url', 'current', 'history'],
        properties: {
          kind: { type: 'string' },
          url: { type: 'string' },
          current: ref('Snapshot'),
          history: { type: 'array', items: ref('Snapshot') },
        },
      },
    },
    signals: { type: 'array', items: ref('Evidence'), description: 'Site-level evidence of the files in force.' },
    uses: useMap({ enum: [...PERMISSIONS] }),
    timeline: {
      type: 'array',
      description: 'Site-level permissions for the origin root over time, one entry per change, oldest first.',
      items: {
        type: 'object',
        required: ['from', 'uses', 'snapshotIds'],
        properties: {
          from: { type: 'string' },
          until: { type: ['string', 'null'] },
          uses: useMap({ enum: [...PERMISSIONS] }),
          snapshotIds: { type: 'array', items: { type: 'integer' } },
          evidenceIds: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    reservesAiTrainSince: {
      type: ['string', 'null'],
      description: 'Fetch time of the first file of the current, unbroken run in which ai-train is restricted.',
    },
  },
};

const VerdictSummary: JsonSchema = {
  type: 'object',
  required: ['id', 'fetchId', 'decidedAt', 'profile', 'rulesVersion', 'uses', 'exclude'],
  properties: {
    id: { type: 'integer' },
    fetchId: { type: 'integer' },
    decidedAt: { type: 'string' },
    fetchedAt: { type: 'string' },
    bodySha256: { type: 'string' },
    profile: { type: 'string' },
    agent: { type: ['string', 'null'] },
    rulesVersion: { type: 'string' },
    uses: useMap({ enum: [...PERMISSIONS] }),
    exclude: { type: 'object' },
    reservation: { type: 'boolean' },
    flagged: { type: 'boolean' },
    minConfidence: { type: ['number', 'null'] },
    evidenceCount: { type: 'integer' },
    siteSnapshotIds: { type: 'array', items: { type: 'integer' } },
  },
};

const StoredVerdict: JsonSchema = {
  allOf: [ref('VerdictSummary')],
  type: 'object',
  required: ['url', 'fetch', 'verdict'],
  properties: { url: { type: 'string' }, fetch: { type: 'object' }, verdict: ref('Verdict') },
};

const VerdictsForUrl: JsonSchema = {
  type: 'object',
  required: ['url', 'latest', 'history'],
  properties: {
    url: { type: 'string' },
    latest: ref('StoredVerdict'),
    history: { type: 'array', items: ref('VerdictSummary') },
  },
};

const KeyCreate: JsonSchema = {
  type: 'object',
  required: ['role', 'label'],
  additionalProperties: false,
  properties: {
    role: { enum: [...ROLES] },
    label: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
  },
};

const ApiKey: JsonSchema = {
  type: 'object',
  required: ['id', 'prefix', 'role', 'label', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    prefix: { type: 'string' },
    role: { enum: [...ROLES] },
    label: { type: 'string' },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
    revokedBy: { type: ['string', 'null'] },
  },
};

const NewApiKey: JsonSchema = {
  allOf: [ref('ApiKey')],
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', description: 'The secret. Shown once; only its hash is stored.' } },
};

const ApiKeyList: JsonSchema = {
  type: 'object',
  required: ['keys'],
  properties: { keys: { type: 'array', items: ref('ApiKey') } },
};

const Health: JsonSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { enum: ['ok', 'error'] }, version: { type: 'string' }, rulesVersion: { type: 'string' } },
};

export const SCHEMAS: Record<string, JsonSchema> = {
  CheckRequest,
  SiteFiles,
  Condition,
  Evidence,
  Verdict,
  StoredRef,
  CheckResponse,
  BatchLine,
  ErrorDetail,
  Error: Error_,
  Snapshot,
  SnapshotAck,
  SiteReport,
  VerdictSummary,
  StoredVerdict,
  VerdictsForUrl,
  KeyCreate,
  ApiKey,
  NewApiKey,
  ApiKeyList,
  Health,
  ...REVIEW_SCHEMAS,
};
