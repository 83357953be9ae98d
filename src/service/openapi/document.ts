import { packageVersion } from '../../rules/root.js';
import { NDJSON_TYPES, OPERATIONS, type OperationSpec, type ParamSpec } from './operations.js';
import { type JsonSchema, SCHEMAS } from './schemas.js';

export type OpenApiDocument = JsonSchema & { paths: Record<string, Record<string, JsonSchema>> };

const errorResponse = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The error statuses an operation can answer with, from what it takes. */
function errorResponses(op: OperationSpec): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  // Every operation refuses unknown query parameters, so every operation can answer 400.
  out['400'] = errorResponse('Invalid request: `error.field` names the offending field');
  if (op.roles !== 'public') {
    out['401'] = errorResponse('No, unknown or revoked API key');
    out['403'] = errorResponse("The key's role may not call this operation");
    out['429'] = errorResponse('Rate limit of this key exceeded (see Retry-After)');
  }
  if (op.path.includes('{') || op.canBeNotFound) out['404'] = errorResponse('Not found');
  if (op.checksPages) {
    out['422'] = errorResponse('Checking this page exhausted its worker (`check_failed`); the service goes on');
    out['503'] = errorResponse('Every check worker is busy and the queue is full (`overloaded`; see Retry-After)');
  }
  if (op.body) {
    out['413'] = errorResponse('Body (or a batch line, or a site file) larger than the configured limit');
    out['415'] = errorResponse('Unsupported Content-Type');
  }
  out['500'] = errorResponse('Internal error (details only in the server log, under the request id)');
  return out;
}

function param(p: ParamSpec, where: 'query' | 'path'): JsonSchema {
  return {
    name: p.name,
    in: where,
    required: where === 'path' ? true : (p.required ?? false),
    description: p.description,
    schema: p.schema,
  };
}

function operation(op: OperationSpec): JsonSchema {
  const o: JsonSchema = {
    operationId: op.id,
    summary: op.summary,
    'x-roles': op.roles === 'public' ? [] : [...op.roles],
  };
  if (op.description) o.description = op.description;
  const params = [
    ...(op.pathParams ?? []).map((p) => param(p, 'path')),
    ...(op.query ?? []).map((p) => param(p, 'query')),
  ];
  if (params.length) o.parameters = params;
  if (op.body) {
    if (op.body.kind === 'json')
      o.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body.schema}` } } },
      };
    else if (op.body.kind === 'ndjson') {
      const schema = op.body.schema;
      o.requestBody = {
        required: true,
        description: `Newline-delimited JSON: one ${op.body.schema} per line.`,
        content: Object.fromEntries(
          NDJSON_TYPES.map((t) => [t, { schema: { $ref: `#/components/schemas/${schema}` } }]),
        ),
      };
    } else
      o.requestBody = {
        required: false,
        description: op.body.description,
        content: Object.fromEntries(op.body.types.map((t) => [t, { schema: { type: 'string' } }])),
      };
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const type = r.contentType ?? 'application/json';
    responses[status] = {
      description: r.description,
      content: { [type]: { schema: r.schema ? { $ref: `#/components/schemas/${r.schema}` } : { type: 'string' } } },
    };
  }
  o.responses = { ...responses, ...errorResponses(op) };
  if (op.roles === 'public') o.security = [];
  return o;
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document served at /openapi.json and used to validate requests. */
export function openApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const paths: OpenApiDocument['paths'] = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation(op);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'clearance',
      version: packageVersion(),
      description:
        'Copyright and AI-use rights checker. Post crawled pages, get a verdict per use with its evidence; ' +
        'everything decided is stored. Authenticate with `Authorization: Bearer <key>` (`clearance keys create`). ' +
        'Each operation lists the roles allowed in `x-roles`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: clr_…' } },
      schemas: SCHEMAS,
    },
  };
  return cached;
}
