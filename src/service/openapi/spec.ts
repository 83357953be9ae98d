import type { Role, SiteFileKind } from '../../store/schema.js';

/** The shapes of the API-as-data tables (operations.ts, reviewOperations.ts, schemas.ts). */
export type JsonSchema = { [key: string]: unknown };

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface ParamSpec {
  name: string;
  required?: boolean;
  description: string;
  schema: JsonSchema;
}

export type BodySpec =
  | { kind: 'json'; schema: string }
  | { kind: 'ndjson'; schema: string }
  | { kind: 'raw'; types: string[]; description: string };

export interface ResponseSpec {
  description: string;
  schema?: string;
  contentType?: string;
}

export interface OperationSpec {
  id: string;
  method: HttpMethod;
  /** OpenAPI path template (`/v1/sites/{origin}`). */
  path: string;
  summary: string;
  description?: string;
  /** Roles allowed; `public` = no key needed. */
  roles: readonly Role[] | 'public';
  pathParams?: ParamSpec[];
  query?: ParamSpec[];
  body?: BodySpec;
  responses: Record<string, ResponseSpec>;
  /** Runs page checks on the worker pool: may answer 422 `check_failed` and 503 `overloaded`. */
  checksPages?: boolean;
  /** May answer 404 although its path has no parameter (a lookup by query). */
  canBeNotFound?: boolean;
  /** Extra data handed to the handler (e.g. which site file kind a PUT stores). */
  meta?: { siteKind?: SiteFileKind };
}
