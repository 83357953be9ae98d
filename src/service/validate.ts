import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ApiError } from './errors.js';
import type { OpenApiDocument } from './openapi/document.js';
import type { OperationSpec, ParamSpec } from './openapi/operations.js';

/**
 * Request validation against the OpenAPI document: bodies against its component schemas, query and path
 * parameters against the operation's parameter schemas. Failures become 400 `invalid_*` errors whose
 * `field` and message name the offending field.
 */
const DOC_ID = 'openapi.json';

export type Where = 'body' | 'query' | 'path';

export interface Validators {
  body(schemaName: string): ValidateFunction;
  params(op: OperationSpec, where: 'query' | 'path'): ValidateFunction | null;
}

/**
 * Formats beyond ajv-formats: `iri` = an absolute URL as WHATWG URL parses it — the same parser the
 * engine uses, so what validates here is what the engine accepts (non-ASCII paths and hosts included).
 */
export function addClearanceFormats(ajv: Ajv2020): Ajv2020 {
  addFormats(ajv);
  ajv.addFormat('iri', {
    type: 'string',
    validate: (s: string) => {
      try {
        new URL(s);
        return true;
      } catch {
        return false;
      }
    },
  });
  return ajv;
}

export function createValidators(doc: OpenApiDocument): Validators {
  // strict: false — the document carries OpenAPI keywords (paths, x-roles...) that are not JSON Schema.
  // strictNumbers: `strict: false` turns it off, and then Infinity (`1e400` in a JSON body) is an `integer`.
  const ajv = addClearanceFormats(new Ajv2020({ allErrors: false, strict: false, strictNumbers: true, verbose: true }));
  ajv.addSchema(doc, DOC_ID);
  // Query and path values are strings on the wire: coerce `limit=5` to 5 before checking `integer`.
  const coercing = addClearanceFormats(
    new Ajv2020({ allErrors: false, strict: false, verbose: true, coerceTypes: true }),
  );
  const bodies = new Map<string, ValidateFunction>();
  const params = new Map<string, ValidateFunction | null>();
  return {
    body(schemaName) {
      let v = bodies.get(schemaName);
      if (!v) {
        v = ajv.getSchema(`${DOC_ID}#/components/schemas/${schemaName}`);
        if (!v) throw new Error(`OpenAPI document has no schema ${schemaName}`);
        bodies.set(schemaName, v);
      }
      return v;
    },
    params(op, where) {
      const key = `${op.id}:${where}`;
      if (params.has(key)) return params.get(key)!;
      const list: ParamSpec[] = (where === 'query' ? op.query : op.pathParams) ?? [];
      const v =
        where === 'path' && list.length === 0
          ? null
          : coercing.compile({
              type: 'object',
              properties: Object.fromEntries(list.map((p) => [p.name, p.schema])),
              required: list.filter((p) => where === 'path' || p.required).map((p) => p.name),
              // Unknown query parameters are refused: a typo like `?stor=false` must not turn a dry run into a write.
              additionalProperties: false,
            });
      params.set(key, v);
      return v;
    },
  };
}

function pointerToField(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

function join(field: string, child: string): string {
  return field === '' ? child : `${field}.${child}`;
}

/** The field and a sentence for the first (most specific) validation error. */
export function describeErrors(errors: readonly ErrorObject[], where: Where): { field: string; message: string } {
  const label = (f: string) => (f === '' ? where : where === 'body' ? f : `${where} parameter ${f}`);
  // anyOf of `required` alternatives (html | text): say which fields are acceptable.
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  if (anyOf) {
    const alternatives = errors
      .filter((e) => e.keyword === 'required' && e.schemaPath.startsWith(`${anyOf.schemaPath}/`))
      .map((e) => (e.params as { missingProperty: string }).missingProperty);
    if (alternatives.length > 0) {
      const field = pointerToField(anyOf.instancePath);
      return {
        field: join(field, alternatives[0]!),
        message: `${label(field)} needs one of: ${alternatives.join(', ')}`,
      };
    }
  }
  // oneOf (e.g. headers as object | array of pairs): the branch errors are noise; name the allowed forms.
  const oneOf = errors.find((x) => x.keyword === 'oneOf');
  const e = oneOf ?? errors.find((x) => !['anyOf', 'not', 'if', 'allOf'].includes(x.keyword)) ?? errors[0]!;
  const field = pointerToField(e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { field: join(field, missing), message: `${label(join(field, missing))} is required` };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      // `?=x` or `{"": 1}`: a parameter or key without a name.
      if (extra === '') return { field: join(field, extra), message: `${where} has a parameter with an empty name` };
      return { field: join(field, extra), message: `${label(join(field, extra))} is not a known field` };
    }
    case 'not': {
      const req = (e.schema as { required?: string[] } | undefined)?.required;
      if (req)
        return {
          field: join(field, req[req.length - 1]!),
          message: `${label(field)}: give only one of ${req.join(', ')}`,
        };
      return { field, message: `${label(field)} is not allowed here` };
    }
    case 'oneOf':
    case 'anyOf': {
      const desc = (e.parentSchema as { description?: string } | undefined)?.description;
      return { field, message: `${label(field)} has none of the allowed forms${desc ? `: ${desc}` : ''}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return { field, message: `${label(field)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` };
    }
    default:
      return { field, message: `${label(field)} ${e.message ?? 'is invalid'}` };
  }
}

/** Throws a 400 naming the field when `value` does not validate. */
export function assertValid(validate: ValidateFunction, value: unknown, where: Where): void {
  if (validate(value)) {
    // Coercion turns `limit=1e400` into Infinity, which ajv then lets past `integer` and every bound.
    if (where !== 'body' && value && typeof value === 'object')
      for (const [k, v] of Object.entries(value))
        if (typeof v === 'number' && !Number.isFinite(v))
          throw new ApiError(400, `invalid_${where}`, `${where} parameter ${k} must be a finite number`, k);
    return;
  }
  const { field, message } = describeErrors(validate.errors ?? [], where);
  throw new ApiError(400, `invalid_${where}`, message, field);
}
