import type { IncomingHttpHeaders, Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { answerClientErrors } from '../../src/service/clientError';
import type { ServiceConfig } from '../../src/service/config';
import { openApiDocument } from '../../src/service/openapi/document';
import { createKey } from '../../src/store/repos/keys';
import { ROLES, type Role } from '../../src/store/schema';
import { engine, expectSchema, PLAIN_HTML, RESERVED_HTML, type TestService, testService } from './helpers';

/**
 * Property-based fuzzing of the whole HTTP API, over real HTTP against the real app (SQLite store, check
 * worker thread). The operations come from the OpenAPI document itself (its `paths`), so a new operation is
 * fuzzed without touching this file, and the last test fails if an operation of the served document was not
 * exercised. For every request, whatever it holds:
 *  - no 500, and no 5xx at all except 503 `overloaded` (or a 503 from /healthz);
 *  - every error is JSON matching the `Error` schema, with a specific code (never `internal`) that fits the
 *    status (401 unauthorized/invalid_key, 404 not_found...); every documented success body matches its schema;
 *  - batch output lines match `BatchLine` and none is an `internal` / `store_error` line (a batch's 500);
 *  - the process keeps serving: /healthz answers 200 and a page check still works at the end.
 * Reproduce a failure with the seed fast-check prints: FUZZ_SEED=<seed> npx jest test/service/fuzz.test.ts
 * (FUZZ_SUMMARY=1 prints per-operation request counts and statuses).
 */

// ---------------------------------------------------------------------------------------------------------
// Budget: ~60-90 s on 2 cores. Runs per operation and per property.
const RUNS = { valid: 100, hostile: 200, batchValid: 40, batchHostile: 100 };
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const fcOptions = <T>(numRuns: number): fc.Parameters<T> => ({
  numRuns,
  ...(SEED !== undefined ? { seed: SEED } : {}),
  // Shrinking re-sends requests; bound it so a failure still reports within the test timeout.
  interruptAfterTimeLimit: 45_000,
  markInterruptAsFailure: false,
});
const OP_TIMEOUT = 90_000;

/** Small limits, so the "too large" paths are reached with small bodies (the checks stay fast). */
const CONFIG: Partial<ServiceConfig> = {
  checkWorkers: 1,
  maxBodyBytes: 256 * 1024,
  maxSiteFileBytes: 64 * 1024,
  maxBatchLineBytes: 128 * 1024,
};

// ---------------------------------------------------------------------------------------------------------
// The document, as operations to drive.
type Schema = Record<string, unknown>;

interface DocParam {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

interface DocOp {
  key: string;
  id: string;
  method: string;
  path: string;
  roles: Role[] | 'public';
  params: DocParam[];
  body?: { types: string[]; schema?: Schema; kind: 'json' | 'ndjson' | 'raw' };
  responses: Record<string, Schema>;
}

const DOC = openApiDocument() as unknown as {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

function opsOf(doc: typeof DOC): DocOp[] {
  const out: DocOp[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, o] of Object.entries(methods)) {
      const roles = o['x-roles'] as Role[];
      const security = o.security as unknown[] | undefined;
      const op: DocOp = {
        key: `${method.toUpperCase()} ${path}`,
        id: o.operationId as string,
        method: method.toUpperCase(),
        path,
        roles: security && security.length === 0 ? 'public' : roles,
        params: ((o.parameters as Schema[] | undefined) ?? []).map((p) => ({
          name: p.name as string,
          in: p.in as 'path' | 'query',
          required: Boolean(p.required),
          schema: p.schema as Schema,
        })),
        responses: o.responses as Record<string, Schema>,
      };
      const rb = o.requestBody as { content: Record<string, { schema?: Schema }> } | undefined;
      if (rb) {
        const types = Object.keys(rb.content);
        const schema = rb.content[types[0]!]!.schema;
        const kind =
          types.length === 1 && types[0] === 'application/json'
            ? 'json'
            : types.some((t) => t.includes('ndjson'))
              ? 'ndjson'
              : 'raw';
        op.body = { types, kind, ...(schema?.$ref ? { schema } : {}) };
      }
      out.push(op);
    }
  return out;
}

const OPS = opsOf(DOC);

function resolve(s: Schema): Schema {
  let cur = s;
  while (typeof cur.$ref === 'string') {
    const name = cur.$ref.replace('#/components/schemas/', '');
    const next = DOC.components.schemas[name];
    if (!next) throw new Error(`unresolvable ${cur.$ref}`);
    cur = next;
  }
  return cur;
}

const schemaName = (s: Schema | undefined): string | undefined =>
  typeof s?.$ref === 'string' ? s.$ref.replace('#/components/schemas/', '') : undefined;

// ---------------------------------------------------------------------------------------------------------
// Raw HTTP: bytes exactly as generated (invalid UTF-8, NUL, odd escapes in the path, wrong encodings).
let svc: TestService;
let server: Server;
let port: number;

interface Req {
  method: string;
  /** Request target exactly as sent; a latin1 string, so raw bytes >= 0x80 go on the wire unchanged. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send without Content-Length (chunked). */
  chunked?: boolean;
  note: string;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json?: unknown;
  /** The connection failed without a response. */
  error?: string;
}

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
/** encodeURIComponent that survives lone surrogates (they cannot be percent-encoded: U+FFFD instead). */
const enc = (s: string) =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

function send(req: Req, timeoutMs = 30_000): Promise<Reply> {
  return new Promise<Reply>((resolveReply) => {
    let done = false;
    const finish = (r: Reply) => {
      if (!done) {
        done = true;
        resolveReply(r);
      }
    };
    const headers: Record<string, string> = { Connection: 'close', ...req.headers };
    if (req.body && !req.chunked) headers['Content-Length'] = String(req.body.length);
    // Explicit: Node does not chunk a GET/DELETE body by default (it would send it unframed).
    if (req.body && req.chunked) headers['Transfer-Encoding'] = 'chunked';
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) =>
          finish({ status: res.statusCode ?? 0, headers: res.headers, text: '', error: e.message }),
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {}
          finish({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
    } catch (e) {
      // The client refused to send it (a generator bug, not a server finding).
      throw new Error(`cannot send ${req.method} ${req.path}: ${(e as Error).message}`);
    }
    r.setTimeout(timeoutMs, () => {
      r.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    r.on('error', (e) => finish({ status: 0, headers: {}, text: '', error: e.message }));
    if (req.body) r.end(req.body);
    else r.end();
  });
}

// ---------------------------------------------------------------------------------------------------------
// What every reply must satisfy.
interface Seen {
  requests: number;
  statuses: Map<number, number>;
}
const seen = new Map<string, Seen>();
let totalRequests = 0;
const undocumented = new Map<string, Set<number>>();

/** The error code each status must carry (400 carries any specific `invalid_*`-style code, never internal). */
const CODES: Record<number, string[]> = {
  401: ['unauthorized', 'invalid_key'],
  403: ['forbidden'],
  404: ['not_found'],
  405: ['method_not_allowed'],
  413: ['too_large'],
  415: ['unsupported_media_type'],
  429: ['rate_limited'],
  503: ['overloaded'],
};

function describeReq(req: Req, reply?: Reply): string {
  const body = req.body
    ? req.body.length > 300
      ? `${JSON.stringify(req.body.subarray(0, 300).toString('latin1'))}… (${req.body.length} bytes)`
      : JSON.stringify(req.body.toString('latin1'))
    : '(none)';
  const path = req.path.length > 300 ? `${req.path.slice(0, 300)}… (${req.path.length} chars)` : req.path;
  const headers = { ...req.headers };
  if (headers.Authorization) headers.Authorization = `${headers.Authorization.slice(0, 14)}…`;
  return (
    `[${req.note}] ${req.method} ${path}\n  headers: ${JSON.stringify(headers)}\n  body: ${body}` +
    (reply ? `\n  → ${reply.status}${reply.error ? ` (${reply.error})` : ''} ${reply.text.slice(0, 600)}` : '')
  );
}

function fail(req: Req, reply: Reply, why: string): never {
  throw new Error(`${why}\n${describeReq(req, reply)}`);
}

function checkError(op: DocOp | null, req: Req, reply: Reply): void {
  const type = String(reply.headers['content-type'] ?? '');
  if (!/^application\/json\b/.test(type)) fail(req, reply, `error response is not JSON (Content-Type "${type}")`);
  if (reply.json === undefined) fail(req, reply, 'error response body does not parse as JSON');
  try {
    expectSchema(reply.json, 'Error');
  } catch (e) {
    fail(req, reply, (e as Error).message);
  }
  const code = (reply.json as { error: { code: string } }).error.code;
  if (code === 'internal' || !/^[a-z][a-z0-9_]*$/.test(code)) fail(req, reply, `error code "${code}" names no problem`);
  const expected = CODES[reply.status];
  if (expected && !expected.includes(code))
    fail(req, reply, `status ${reply.status} with code "${code}" (expected ${expected.join(' or ')})`);
  if (reply.status === 400 && (code === 'invalid_query' || code === 'invalid_path')) {
    const field = (reply.json as { error: { field?: unknown } }).error.field;
    if (typeof field !== 'string') fail(req, reply, `${code} without the offending field`);
  }
  if (op && !op.responses[String(reply.status)]) {
    const set = undocumented.get(op.key) ?? new Set<number>();
    set.add(reply.status);
    undocumented.set(op.key, set);
  }
}

function checkBatchBody(req: Req, reply: Reply): void {
  const lines = reply.text.split('\n');
  if (lines[lines.length - 1] !== '') fail(req, reply, 'batch output does not end with a newline');
  lines.pop();
  if (lines.length === 0) fail(req, reply, 'batch output is empty (no done line)');
  lines.forEach((l, i) => {
    let v: { error?: { code?: string }; done?: boolean };
    try {
      v = JSON.parse(l);
    } catch {
      fail(req, reply, `batch output line ${i + 1} is not JSON: ${l.slice(0, 200)}`);
    }
    try {
      expectSchema(v, 'BatchLine');
    } catch (e) {
      fail(req, reply, `batch output line ${i + 1}: ${(e as Error).message}`);
    }
    const code = v.error?.code;
    if (code === 'internal' || code === 'store_error') fail(req, reply, `batch line ${i + 1} is a server error`);
    if (i < lines.length - 1 && v.done) fail(req, reply, 'done line before the end');
    if (i === lines.length - 1 && !v.done && !['input_error', 'bad_encoding'].includes(code ?? ''))
      fail(req, reply, `batch output ends without a done line: ${l.slice(0, 200)}`);
  });
}

function checkSuccess(op: DocOp, req: Req, reply: Reply): void {
  const doc = op.responses[String(reply.status)] as { content?: Record<string, { schema?: Schema }> } | undefined;
  if (!doc) fail(req, reply, `success status ${reply.status} is not documented for ${op.key}`);
  const [type, media] = Object.entries(doc.content ?? {})[0] ?? [];
  const actualType = String(reply.headers['content-type'] ?? '');
  if (op.body?.kind === 'ndjson' || type === 'application/x-ndjson') {
    if (!/ndjson|jsonl/.test(actualType) && op.body?.kind === 'ndjson')
      fail(req, reply, `batch answered with Content-Type "${actualType}"`);
    if (op.body?.kind === 'ndjson') checkBatchBody(req, reply);
    return;
  }
  const name = schemaName(media?.schema);
  if (type === 'application/json' && name) {
    if (reply.json === undefined) fail(req, reply, 'success body is not JSON');
    try {
      expectSchema(reply.json, name);
    } catch (e) {
      fail(req, reply, (e as Error).message);
    }
  }
}

/** Sends a request for `op` (null: not an operation, e.g. a wrong method) and checks the invariants. */
async function call(op: DocOp | null, req: Req): Promise<Reply> {
  const reply = await send(req);
  totalRequests++;
  if (op) {
    const s = seen.get(op.key) ?? { requests: 0, statuses: new Map<number, number>() };
    s.requests++;
    s.statuses.set(reply.status, (s.statuses.get(reply.status) ?? 0) + 1);
    seen.set(op.key, s);
  }
  if (reply.status === 0) fail(req, reply, 'no response: the connection failed');
  if (reply.status >= 500) {
    const code = (reply.json as { error?: { code?: string } } | undefined)?.error?.code;
    const allowed = reply.status === 503 && (op?.path === '/healthz' || code === 'overloaded');
    if (!allowed) fail(req, reply, `server error ${reply.status}`);
    if (op?.path === '/healthz') return reply;
  }
  if (reply.status >= 400) checkError(op, req, reply);
  else if (reply.status >= 200 && reply.status < 300 && op) checkSuccess(op, req, reply);
  else fail(req, reply, `unexpected status ${reply.status}`);
  if (reply.error) fail(req, reply, `the response broke off: ${reply.error}`);
  return reply;
}

// ---------------------------------------------------------------------------------------------------------
// Seeds: things valid requests can refer to (stored pages, sites, conclusions, keys to revoke).
const seeds = {
  urls: [] as string[],
  origins: [] as string[],
  verdictIds: [] as number[],
  itemIds: [] as number[],
  conclusionIds: [] as string[],
  publishers: ['Example Media'] as string[],
  revocableKeyIds: [] as number[],
  protectedKeyIds: new Set<number>(),
  domains: ['example.com', 'news.example.com', 'blog.example.org'],
  /** Real `next` cursors (review queue per sort order, conclusions). */
  cursors: [] as string[],
};

const PROFILES = [...engine.resources.profiles.keys()];

async function seed(): Promise<void> {
  const admin = { Authorization: `Bearer ${svc.keys.admin}`, 'Content-Type': 'application/json' };
  const pages: [string, string][] = [
    ['https://news.example.com/story', RESERVED_HTML],
    ['https://news.example.com/other', PLAIN_HTML],
    ['https://blog.example.org/post?id=1', RESERVED_HTML.replace('noai', 'noimageai')],
    ['http://example.com:8080/a', PLAIN_HTML],
  ];
  for (const [url, html] of pages) {
    const r = await send({
      method: 'POST',
      path: '/v1/check',
      headers: admin,
      body: Buffer.from(
        JSON.stringify({ url, html, site: { robotsTxt: 'User-agent: GPTBot\nDisallow: /\n', robotsStatus: 200 } }),
      ),
      note: 'seed',
    });
    if (r.status !== 200) throw new Error(`seed check failed: ${r.status} ${r.text}`);
    const stored = (r.json as { stored: { verdictId: number } }).stored;
    seeds.urls.push(url);
    seeds.verdictIds.push(stored.verdictId);
    seeds.origins.push(new URL(url).origin);
  }
  const items = await send({
    method: 'GET',
    path: '/v1/review/items?scope=all&limit=50',
    headers: admin,
    note: 'seed',
  });
  seeds.itemIds = (items.json as { items: { id: number }[] }).items.map((i) => i.id);
  if (seeds.itemIds.length === 0) throw new Error(`seed: no review items: ${items.text}`);
  for (const url of seeds.urls.slice(0, 3)) {
    const c = await send({
      method: 'POST',
      path: '/v1/conclusions',
      headers: admin,
      body: Buffer.from(
        JSON.stringify({
          action: 'confirm',
          reason: 'VERIFIED_WITH_PUBLISHER',
          comment: 'seed',
          scope: { kind: 'page', url },
        }),
      ),
      note: 'seed',
    });
    if (c.status !== 201) throw new Error(`seed conclusion failed: ${c.status} ${c.text}`);
    seeds.conclusionIds.push((c.json as { conclusion: { id: string } }).conclusion.id);
  }
  for (const path of [
    ...['priority', 'newest', 'oldest', 'confidence', 'domain'].map(
      (s) => `/v1/review/items?scope=all&limit=1&sort=${s}`,
    ),
    '/v1/conclusions?limit=1',
  ]) {
    const page = await send({ method: 'GET', path, headers: admin, note: 'seed' });
    const next = (page.json as { next?: string | null }).next;
    if (next) seeds.cursors.push(next);
  }
  const p = await send({
    method: 'PUT',
    path: `/v1/publishers/${encodeURIComponent(seeds.publishers[0]!)}`,
    headers: admin,
    body: Buffer.from(JSON.stringify({ domains: ['example.com', 'example.org'] })),
    note: 'seed',
  });
  if (p.status !== 200) throw new Error(`seed publisher failed: ${p.status} ${p.text}`);
  // Keys the fuzz may revoke; the suite's own keys are never revoked (see protectKeys).
  const listed = await send({ method: 'GET', path: '/v1/keys', headers: admin, note: 'seed' });
  for (const k of (listed.json as { keys: { id: number }[] }).keys) seeds.protectedKeyIds.add(k.id);
  for (let i = 0; i < 40; i++) {
    const k = await createKey(svc.store, { role: ROLES[i % ROLES.length]!, label: `fuzz-${i}`, actor: 'fuzz' });
    seeds.revocableKeyIds.push(k.id);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generators.
const MAX_STR = 40;

/** Text as pages and fields hold it: ASCII, any Unicode, and the odd control character. */
const anyText = (maxLength = MAX_STR) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\udfff\ud800',
      '\u202e',
      '\ufeff',
      '..',
      '../../x',
      '%00',
    ),
  );

const realUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'https://news.example.com/story',
    'https://EXAMPLE.com:443/%7Efoo/../a?b=c#d',
    'http://[::1]:8080/x',
    'https://例え.テスト/パス',
    'https://xn--r8jz45g.xn--zckzah/',
    'http://127.0.0.1/',
    'HTTPS://example.com/a b',
  ),
);

const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const dayString = fc.oneof(
  isoDate.map((s) => s.slice(0, 10)),
  isoDate,
  fc.constantFrom('2026-02-28', '2024-02-29', '2026-12-31T23:59:59+02:00'),
);

/** An arbitrary for a JSON Schema of the kinds the document uses (enough to build valid bodies). */
function fromSchema(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(input);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const type = s.type;
  if (Array.isArray(s.oneOf) && !type) return fc.oneof(...(s.oneOf as Schema[]).map((b) => fromSchema(b, depth + 1)));
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => fromSchema({ ...s, type: t }, depth)));
  switch (type) {
    case 'string':
      return stringFor(s);
    case 'integer': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1_000_000;
      const max = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
      return fc.integer({ min, max });
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return arrayFor(s, depth);
    case 'object':
      return objectFor(s, depth);
    default:
      return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(s: Schema): fc.Arbitrary<string> {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 200) : MAX_STR;
  const fits = (v: string) => v.length >= min && v.length <= (typeof s.maxLength === 'number' ? s.maxLength : 1e9);
  if (s.format === 'iri') return realUrl.filter(fits);
  if (s.format === 'date-time') return isoDate;
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern);
    if (s.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return fc.oneof(dayString, fc.stringMatching(re)).filter(fits);
    return fc.stringMatching(re).filter(fits);
  }
  return anyText(Math.max(max, min)).filter(fits);
}

function arrayFor(s: Schema, depth: number): fc.Arbitrary<unknown[]> {
  if (Array.isArray(s.prefixItems))
    return fc.tuple(...(s.prefixItems as Schema[]).map((p) => fromSchema(p, depth + 1)));
  const items = (s.items as Schema | undefined) ?? {};
  const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
  const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 4, 4));
  return fc.array(fromSchema(items, depth + 1), { minLength, maxLength });
}

function objectFor(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((s.required as string[] | undefined) ?? []);
  const anyOf = (s.anyOf as Schema[] | undefined)?.map((a) => (a.required as string[] | undefined) ?? []);
  const notRequired = ((s.not as Schema | undefined)?.required as string[] | undefined) ?? [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = fromSchema(v, depth + 1);
  const known = fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
  const extra =
    s.additionalProperties && typeof s.additionalProperties === 'object'
      ? fc.dictionary(
          s.propertyNames ? (fromSchema(s.propertyNames as Schema, depth + 1) as fc.Arbitrary<string>) : anyText(20),
          fromSchema(s.additionalProperties as Schema, depth + 1),
          { maxKeys: 3 },
        )
      : fc.constant({});
  const alt = anyOf?.length ? fc.constantFrom(...anyOf) : fc.constant<string[]>([]);
  return fc.tuple(known, extra, alt).chain(([k, x, need]) => {
    const missing = need.filter((n) => !(n in k) && props[n]);
    const fill = fc.tuple(...missing.map((n) => fromSchema(props[n]!, depth + 1)));
    return fill.map((vals) => {
      const out: Record<string, unknown> = { ...x, ...k };
      missing.forEach((n, i) => {
        out[n] = vals[i];
      });
      // `not: {required: [a, b]}`: never all of them.
      if (notRequired.length && notRequired.every((n) => n in out)) {
        const drop = notRequired.find((n) => !need.includes(n)) ?? notRequired[notRequired.length - 1]!;
        delete out[drop];
      }
      return out;
    });
  });
}

// Semantic valid bodies (on top of the schema-built ones): bodies that reach the engine, the store and
// the review layer with data that matters.
const ROBOTS = fc.oneof(
  fc.constantFrom(
    'User-agent: *\nDisallow: /private\n',
    'User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n',
    'User-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n',
    'User-Agent: *\nContent-Usage: train-ai=n\n',
    'License: https://example.com/license.xml\n',
    '',
    '\ufeffUser-agent: *\r\nDisallow:\r\n',
  ),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('User-agent: *', 'User-agent: GPTBot', 'Disallow: /', 'Allow: /a', 'Crawl-delay: 10'),
        fc.constantFrom('Content-Signal: ai-train=no', 'Content-Usage: ai=n', '# comment', ''),
        anyText(30),
      ),
      { maxLength: 8 },
    )
    .map((l) => l.join('\n')),
);
const TDMREP = fc.oneof(
  fc.constantFrom(
    '[{"location":"/","tdm-reservation":1,"tdm-policy":"https://example.com/policy.json"}]',
    '[{"location":"/news/*","tdm-reservation":0}]',
    '{"not":"an array"}',
    '[',
    '',
  ),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);
const AITXT = fc.oneof(fc.constantFrom('User-Agent: *\nDisallow: *.jpg\nAllow: /\n', ''), anyText(60));
const RSL = fc.oneof(
  fc.constantFrom(
    '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><prohibits type="usage">ai-train</prohibits></license></content></rsl>',
    '<rsl><content url="/">',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><rsl>&b;</rsl>',
  ),
  anyText(60),
);
const HTML = fc.oneof(
  fc.constantFrom(RESERVED_HTML, PLAIN_HTML, '', '<p>Text and data mining is prohibited.</p>', '<html><body>©</body>'),
  fc.constantFrom(
    '<meta name="robots" content="noai, noimageai"><p>x</p>',
    '<meta name="tdm-reservation" content="1"><meta name="tdm-policy" content="https://example.com/p">',
    `<div>${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}</div>`,
    '<script>All rights reserved</script><!-- All rights reserved --><p>Alle Rechte vorbehalten.</p>',
  ),
  anyText(200),
);
const HEADER_PAIRS = fc.oneof(
  fc.constantFrom<[string, string][]>(
    [['X-Robots-Tag', 'noai']],
    [
      ['Link', '<https://creativecommons.org/licenses/by-nc/4.0/>; rel="license"'],
      ['tdm-reservation', '1'],
    ],
    [['Content-Type', 'text/html; charset=iso-8859-1']],
  ),
  fc.array(fc.tuple(fc.constantFrom('X-Robots-Tag', 'Link', 'Content-Type', 'tdm-reservation', 'x'), anyText(40)), {
    maxLength: 4,
  }),
);

const semanticCheck = fc
  .record(
    {
      id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
      url: fc.oneof(fc.constantFrom(...['https://news.example.com/story', 'https://news.example.com/new']), realUrl),
      body: fc.oneof(
        HTML.map((html) => ({ html })),
        anyText(200).map((text) => ({ text })),
      ),
      headers: fc.oneof(
        HEADER_PAIRS,
        HEADER_PAIRS.map((pairs) => Object.fromEntries(pairs)),
      ),
      fetchedAt: isoDate,
      status: fc.integer({ min: 100, max: 599 }),
      profile: fc.constantFrom(...PROFILES),
      agent: fc.constantFrom('GPTBot', 'CCBot', 'Google-Extended', 'x.y-z_1'),
      site: fc.record(
        {
          robotsTxt: ROBOTS,
          robotsStatus: fc.constantFrom(200, 404, 500, 503),
          tdmrepJson: TDMREP,
          tdmrepStatus: fc.constantFrom(200, 404),
          aiTxt: AITXT,
          rsl: fc.dictionary(fc.constantFrom('https://news.example.com/license.xml', 'http://example.com/rsl'), RSL, {
            maxKeys: 2,
          }),
          fetchedAt: isoDate,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['url', 'body'] },
  )
  .map(({ body, ...rest }) => ({ ...rest, ...body }));

/** Bodies per request schema: schema-built plus semantic ones (these refer to seeded data). */
function validBody(name: string | undefined, bodySchema: Schema): fc.Arbitrary<unknown> {
  const generic = fromSchema(bodySchema);
  const seededUrl = fc.constantFrom(...(seeds.urls.length ? seeds.urls : ['https://news.example.com/story']));
  switch (name) {
    case 'CheckRequest':
      return fc.oneof({ arbitrary: semanticCheck, weight: 3 }, { arbitrary: generic, weight: 1 });
    case 'ConclusionRequest': {
      const scope = fc.oneof(
        seededUrl.map((url) => ({ kind: 'page', url })),
        fc.constantFrom(...seeds.domains).map((domain) => ({ kind: 'domain', domain })),
        fc.constant({ kind: 'path', origin: 'https://news.example.com', prefix: '/' }),
        fc.constant({ kind: 'publisher', publisher: 'Example Media', domains: ['example.com'] }),
      );
      const semantic = fc
        .record({
          action: fc.constantFrom('confirm', 'override', 'false-positive', 'licence-acquired'),
          reason: fc.constantFrom('VERIFIED_WITH_PUBLISHER', 'OTHER', 'LICENSE_ACQUIRED'),
          comment: fc.string({ minLength: 1, maxLength: 50 }).filter((c) => c.trim() !== ''),
          scope,
          expiresAt: fc.option(fc.constantFrom('2099-01-31', '2099-12-31T00:00:00Z', '2001-01-01'), { nil: undefined }),
        })
        .map((c) => {
          const out: Record<string, unknown> = { ...c };
          if (c.expiresAt === undefined) delete out.expiresAt;
          if (c.action === 'override') out.permissions = { 'ai-train': 'allowed' };
          if (c.action === 'licence-acquired') out.licenceRef = 'contract 42';
          return out;
        });
      return fc.oneof({ arbitrary: semantic, weight: 3 }, { arbitrary: generic, weight: 1 });
    }
    case 'BulkConclusionRequest': {
      const semantic = fc.record({
        filter: fc.constantFrom({}, { scope: 'all' }, { domain: 'example.com', scope: 'all' }, { publisher: 'nobody' }),
        itemIds: fc.subarray(seeds.itemIds.length ? seeds.itemIds : [1], { minLength: 1 }),
        conclusion: fc.constantFrom(
          { action: 'confirm', reason: 'OTHER', comment: 'bulk' },
          { action: 'override', reason: 'OTHER', comment: 'bulk', permissions: { 'ai-train': 'allowed' } },
        ),
      });
      return fc.oneof({ arbitrary: semantic, weight: 3 }, { arbitrary: generic, weight: 1 });
    }
    case 'PublisherRequest':
      return fc.oneof(
        fc.record({ domains: fc.subarray(seeds.domains, { minLength: 1 }) }),
        fc.record({ domains: fc.array(fc.domain(), { minLength: 1, maxLength: 3 }) }),
        generic,
      );
    case 'KeyCreate':
      return fc.oneof(
        fc.record({
          role: fc.constantFrom(...ROLES),
          label: fc.string({ minLength: 1, maxLength: 30 }).filter((l) => /\S/.test(l)),
        }),
        generic,
      );
    default:
      return generic;
  }
}

// Hostile material.
const DEEP = 10_000;
const deepArrays = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObjects = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const BAD_UTF8: Buffer[] = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc0, 0xaf]), // overlong '/'
  Buffer.from([0xed, 0xa0, 0x80]), // UTF-8 encoded surrogate
  Buffer.from([0xe0, 0xa4]), // truncated sequence
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0x00]),
];
const HOSTILE_SCALARS: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '\u0000',
  'x'.repeat(5000),
  [],
  {},
  [1, 'a'],
  { $ref: '#' },
  { __proto__: { polluted: true } },
];

interface RawBody {
  name: string;
  body: Buffer;
}

/** Raw bodies that are broken whatever the operation. Built lazily (some are large). */
let hostileRaw: RawBody[] | undefined;
function hostileRawBodies(): RawBody[] {
  if (hostileRaw) return hostileRaw;
  const b = (name: string, body: string | Buffer): RawBody => ({
    name,
    body: typeof body === 'string' ? Buffer.from(body) : body,
  });
  const valid = '{"url":"https://news.example.com/story","html":"<p>x</p>"}';
  hostileRaw = [
    b('empty', ''),
    b('whitespace', ' \r\n\t '),
    b('null', 'null'),
    b('true', 'true'),
    b('number', '12'),
    b('string', '"a string"'),
    b('empty array', '[]'),
    b('empty object', '{}'),
    b('open brace', '{'),
    b('truncated', valid.slice(0, 30)),
    b('trailing garbage', `${valid}garbage`),
    b('two documents', `${valid}${valid}`),
    b('duplicate keys', '{"url":"https://a.example/","url":5,"html":"x"}'),
    b('proto key', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"url":"https://a.example/"}'),
    b('NaN literal', '{"status":NaN}'),
    b('huge exponent', '{"status":1e400,"id":1e400,"url":"https://a.example/","html":"x"}'),
    b('huge integer', `{"id":${'9'.repeat(400)},"url":"https://a.example/","html":"x"}`),
    b('long number', '1'.repeat(100_000)),
    b('deep arrays (10k)', deepArrays),
    b('deep objects (10k)', deepObjects),
    b('deep arrays in a field', `{"url":"https://a.example/","html":"x","headers":${deepArrays}}`),
    b('deep objects in a field', `{"url":"https://a.example/","html":"x","site":${deepObjects}}`),
    b('raw NUL in a string', '{"url":"https://a.example/\u0000","html":"\u0000"}'),
    b('escaped NULs', '{"url":"https://a.example/","html":"\\u0000\\u0000","text":null}'),
    b('lone surrogates', '{"url":"https://a.example/\\ud800","html":"\\udc00\\ud800"}'),
    b('BOM', `\ufeff${valid}`),
    b('UTF-16', Buffer.from(`\ufeff${valid}`, 'utf16le')),
    b('NDJSON in a JSON body', `${valid}\n${valid}\n`),
    b('form encoded', 'url=https%3A%2F%2Fa.example%2F&html=x'),
    b('random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256))),
    b('huge string field', `{"url":"https://a.example/","html":"${'a'.repeat(300 * 1024)}"}`),
    b('many keys', `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`),
    b('gzip bomb', gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))),
    ...BAD_UTF8.map((bytes, i) =>
      b(
        `invalid UTF-8 #${i}`,
        Buffer.concat([Buffer.from('{"url":"https://a.example/'), bytes, Buffer.from('","html":"x"}')]),
      ),
    ),
  ];
  return hostileRaw;
}

const CONTENT_TYPES_WRONG = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json; charset="utf-8"; foo',
  'application/x-ndjson',
  'image/png',
  ';;;',
  'application/',
  '*/*',
  '',
];

const ENCODINGS = fc.constantFrom(
  'none',
  'none',
  'none',
  'none',
  'gzip',
  'deflate',
  'br',
  'gzip-garbage',
  'deflate-garbage',
  'br-garbage',
  'bogus',
);

function encode(body: Buffer, how: string): { body: Buffer; header?: string } {
  switch (how) {
    case 'gzip':
      return { body: gzipSync(body), header: 'gzip' };
    case 'br':
      return { body: brotliCompressSync(body), header: 'br' };
    case 'deflate':
      return { body: deflateSync(body), header: 'deflate' };
    case 'gzip-garbage':
      return { body, header: 'gzip' };
    case 'deflate-garbage':
      return { body, header: 'deflate' };
    case 'br-garbage':
      return { body: Buffer.concat([Buffer.from([0xff, 0xff]), body]), header: 'br' };
    case 'bogus':
      return { body, header: 'zstd-bogus, gzip' };
    default:
      return { body };
  }
}

/** A valid value, then broken: wrong types, missing and extra fields, bad bytes and deep nesting inside. */
function mutate(valid: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> {
  return fc
    .tuple(
      valid,
      fc.constantFrom('wrongType', 'missing', 'extra', 'wrap', 'deep', 'badBytes', 'truncate', 'nulls'),
      fc.nat(),
      fc.oneof(fc.constantFrom(...HOSTILE_SCALARS), fc.jsonValue({ maxDepth: 2 })),
      fc.constantFrom(...BAD_UTF8),
    )
    .map(([v, how, n, scalar, bad]) => {
      const obj: Record<string, unknown> =
        v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : { v };
      const keys = Object.keys(obj);
      const key = keys.length ? keys[n % keys.length]! : 'x';
      const text = (o: unknown) => Buffer.from(JSON.stringify(o));
      switch (how) {
        case 'wrongType':
          obj[key] = scalar;
          return { name: `${key}: wrong type`, body: text(obj) };
        case 'missing':
          delete obj[key];
          return { name: `${key}: missing`, body: text(obj) };
        case 'extra':
          obj[['extra', '__proto__', 'constructor', 'toString', ''][n % 5]!] = scalar;
          return { name: 'extra field', body: text(obj) };
        case 'wrap':
          return { name: 'wrapped in an array', body: text([obj]) };
        case 'deep':
          obj[key] = '@@DEEP@@';
          return {
            name: `${key}: 10k deep`,
            body: Buffer.from(JSON.stringify(obj).replace('"@@DEEP@@"', n % 2 ? deepArrays : deepObjects)),
          };
        case 'badBytes': {
          obj[key] = '@@BAD@@';
          const [before, after] = JSON.stringify(obj).split('@@BAD@@');
          return {
            name: `${key}: invalid UTF-8`,
            body: Buffer.concat([Buffer.from(before!), bad, Buffer.from(after!)]),
          };
        }
        case 'truncate': {
          const full = text(obj);
          return { name: 'truncated', body: full.subarray(0, n % Math.max(1, full.length)) };
        }
        default:
          for (const k of keys) if (n % 2 === 0 || k === key) obj[k] = null;
          return { name: 'nulls', body: text(obj) };
      }
    });
}

const AUTH_BROKEN = [
  '',
  'Bearer',
  'Bearer ',
  'Basic dXNlcjpwYXNz',
  'Bearer a b',
  'Bearer clr_0000000000000000000000000000000000000000',
  'Bearer \u00ff\u00fe',
  `Bearer ${'x'.repeat(4000)}`,
  'Token abc',
];

type Auth = { kind: 'role'; role: Role } | { kind: 'none' } | { kind: 'broken'; header: string } | { kind: 'revoked' };

function authArb(op: DocOp, validOnly: boolean): fc.Arbitrary<Auth> {
  const allowed = op.roles === 'public' ? [...ROLES] : op.roles;
  const good = fc.constantFrom(...allowed).map((role): Auth => ({ kind: 'role', role }));
  if (validOnly) return good;
  return fc.oneof(
    { arbitrary: good, weight: 8 },
    { arbitrary: fc.constantFrom(...ROLES).map((role): Auth => ({ kind: 'role', role })), weight: 1 },
    { arbitrary: fc.constant<Auth>({ kind: 'none' }), weight: 1 },
    { arbitrary: fc.constant<Auth>({ kind: 'revoked' }), weight: 1 },
    { arbitrary: fc.constantFrom(...AUTH_BROKEN).map((header): Auth => ({ kind: 'broken', header })), weight: 1 },
  );
}

let revokedKey = '';
function authHeaders(a: Auth): Record<string, string> {
  switch (a.kind) {
    case 'role':
      return { Authorization: `Bearer ${svc.keys[a.role]}` };
    case 'revoked':
      return { Authorization: `Bearer ${revokedKey}` };
    case 'broken':
      return { Authorization: a.header };
    default:
      return {};
  }
}

// Path and query parameters.
const HOSTILE_SEGMENTS = [
  '%2F',
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%E0%A4%A',
  '%',
  '%zz',
  '%00',
  'a%00b',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '%201',
  '%2F%2F',
  '%3B',
  '%23',
  '%3F',
  ';',
  '@',
  '~',
  'https%3A%2F%2Fuser%3Apw%40example.com',
  'javascript%3Aalert(1)',
  'file%3A%2F%2F%2Fetc%2Fpasswd',
  'https%3A%2F%2Fexample.com%2Fpath',
  'example.com%3A99999',
  '%5B%3A%3A1%5D',
  'a'.repeat(3000),
  '%41'.repeat(1000),
  encodeURIComponent('例え.テスト'),
  encodeURIComponent('ü'),
  encodeURIComponent('日本語'),
  encodeURIComponent('\u202egnp.exe'),
];

function seedValuesFor(op: DocOp, p: DocParam): string[] | undefined {
  if (p.in === 'path') {
    if (p.name === 'origin')
      return [
        ...seeds.origins,
        'news.example.com',
        'blog.example.org',
        'example.com:8080',
        'HTTPS://News.Example.com/',
      ];
    if (p.name === 'id') {
      if (op.id === 'getVerdict') return seeds.verdictIds.map(String);
      if (op.id === 'getReviewItem') return seeds.itemIds.map(String);
      if (op.id === 'revokeKey') return seeds.revocableKeyIds.map(String);
      if (op.id.toLowerCase().includes('conclusion')) return seeds.conclusionIds;
    }
    if (p.name === 'name') return seeds.publishers;
  } else {
    if (p.name === 'url' && op.id === 'getVerdicts') return seeds.urls;
    if (p.name === 'profile') return PROFILES;
    if (p.name === 'agent') return ['GPTBot', 'CCBot'];
    if (p.name === 'domain') return seeds.domains;
    if (p.name === 'publisher') return seeds.publishers;
    if (p.name === 'store') return ['false', 'false', 'true'];
  }
  return undefined;
}

/** Cursors: real ones, and base64url of what a cursor decodes to, with the wrong shapes and values. */
const cursorArb = () =>
  fc.oneof(
    fc
      .array(fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.constant(null), fc.constant([])), {
        maxLength: 4,
      })
      .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    fc
      .constantFrom('[1e400,"x",1]', '[1e400,1]', '["a",-1e400,"b"]', '{"a":1}', 'null', '[', '')
      .map((t) => Buffer.from(t).toString('base64url')),
    fc.tuple(isoDate, anyText(20)).map(([a, b]) => Buffer.from(`${a}|${b}`).toString('base64url')),
    fc.constantFrom(...(seeds.cursors.length ? seeds.cursors : ['x'])),
  );

function validParam(op: DocOp, p: DocParam): fc.Arbitrary<string> {
  let fromDoc = fromSchema(p.schema).map((v) => String(v));
  if (p.in === 'query' && (p.name === 'cursor' || p.name === 'before')) fromDoc = fc.oneof(cursorArb(), fromDoc);
  const seeded = seedValuesFor(op, p);
  if (!seeded?.length) return fromDoc;
  // Path ids must refer to something that exists for a valid request to succeed.
  if (p.in === 'path') return fc.oneof({ arbitrary: fc.constantFrom(...seeded), weight: 4 }, fromDoc);
  return fc.oneof({ arbitrary: fc.constantFrom(...seeded), weight: 3 }, fromDoc);
}

/** A revokeKey path id that would revoke one of the suite's own keys is swapped for a revocable one. */
function protectKeys(op: DocOp, seg: string, n: number): string {
  if (op.id !== 'revokeKey') return seg;
  let decoded: string;
  try {
    decoded = decodeURIComponent(seg);
  } catch {
    return seg;
  }
  const num = Number(decoded);
  if (decoded.trim() !== '' && Number.isFinite(num) && seeds.protectedKeyIds.has(num))
    return String(seeds.revocableKeyIds[n % seeds.revocableKeyIds.length]);
  if (decoded.trim() === '' && seeds.protectedKeyIds.has(0)) return 'x';
  return seg;
}

const HOSTILE_QUERY_VALUES = [
  '',
  '-1',
  '0',
  '1e400',
  '99999999999999999999999',
  '1.5',
  '0x10',
  '%20',
  '%E0%A4%A',
  '%',
  '%00',
  '%FF%FE',
  'true',
  'null',
  'undefined',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-02-29T25:61:61Z',
  '9999-12-31T23:59:59.999-99:99',
  '2026-01-01T23:59:60Z',
  '%5B%5D',
  'a'.repeat(9000),
  encodeURIComponent('ü日本'),
  encodeURIComponent('https://news.example.com/story'),
];

function queryArb(op: DocOp, valid: boolean): fc.Arbitrary<string> {
  const qs = op.params.filter((p) => p.in === 'query');
  const pairs = fc.tuple(
    ...qs.map((p) =>
      (p.required || valid ? fc.option(validParam(op, p), { nil: undefined, freq: 2 }) : fc.constant(undefined)).map(
        (v) => (v === undefined && p.required ? null : v),
      ),
    ),
  );
  const validQuery = fc
    .tuple(pairs, ...qs.map((p) => (p.required ? validParam(op, p) : fc.constant(''))))
    .map(([values, ...requiredValues]) =>
      qs
        .map((p, i) => {
          const v = (values as (string | null | undefined)[])[i];
          const value = v === null ? requiredValues[i] : v;
          return value === undefined ? null : `${enc(p.name)}=${enc(value)}`;
        })
        .filter((x): x is string => x !== null)
        .join('&'),
    );
  if (valid) return validQuery;
  const names = [...qs.map((p) => p.name), 'x', 'stor', '__proto__', 'constructor', 'toString', '', 'limit[]', 'a[b]'];
  const piece = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...names),
        fc.oneof(
          fc.constantFrom(...HOSTILE_QUERY_VALUES),
          anyText(30).map(enc),
          ...(qs.length ? [fc.constantFrom(...qs).chain((p) => validParam(op, p).map(enc))] : []),
        ),
      )
      .map(([n, v]) => `${n.includes('[') ? n : enc(n)}=${v}`),
    fc.constantFrom('&', '=', '%', 'x', '%E0%A4%A=1', ...qs.map((p) => p.name), ...qs.map((p) => `${p.name}[]=1`)),
  );
  return fc.oneof(
    // a valid query with hostile additions (repeated keys among them)
    fc
      .tuple(validQuery, fc.array(piece, { maxLength: 4 }))
      .map(([v, extra]) => [v, ...extra].filter(Boolean).join('&')),
    fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('&')),
    // each parameter given twice (an array)
    validQuery.map((v) => (v ? `${v}&${v}` : v)),
  );
}

interface Built {
  req: Req;
}

function pathArb(op: DocOp, valid: boolean): fc.Arbitrary<string> {
  const params = op.params.filter((p) => p.in === 'path');
  return fc
    .tuple(
      ...params.map((p) => {
        const good = validParam(op, p).map(enc);
        return valid ? good : fc.oneof({ arbitrary: good, weight: 2 }, fc.constantFrom(...HOSTILE_SEGMENTS));
      }),
      fc.nat(),
    )
    .map((vals) => {
      const n = vals[vals.length - 1] as number;
      let path = op.path;
      params.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, protectKeys(op, vals[i] as string, n));
      });
      return path;
    });
}

function bodyArb(op: DocOp, valid: boolean): fc.Arbitrary<{ body?: Buffer; type?: string; encoding?: string }> {
  const b = op.body;
  const correctType = b
    ? fc.constantFrom(...b.types.map((t) => (t === 'text/*' ? 'text/plain; charset=utf-8' : t)))
    : null;
  if (!b || !correctType) {
    if (valid) return fc.constant({});
    // A body where none is expected.
    return fc.oneof(
      { arbitrary: fc.constant({}), weight: 4 },
      fc.constantFrom(...hostileRawBodies().slice(0, 12)).map((r) => ({ body: r.body, type: 'application/json' })),
    );
  }
  let goodBody: fc.Arbitrary<Buffer>;
  if (b.kind === 'json')
    goodBody = validBody(schemaName(b.schema), b.schema!).map((v) => Buffer.from(JSON.stringify(v)));
  else if (b.kind === 'ndjson') goodBody = batchBody(resolveBodySchema(b), true);
  else goodBody = siteFileBody(op);
  if (valid) return fc.tuple(goodBody, correctType).map(([body, type]) => ({ body, type }));

  let badBody: fc.Arbitrary<Buffer>;
  if (b.kind === 'json')
    badBody = fc.oneof(
      mutate(validBody(schemaName(b.schema), b.schema!)).map((r) => r.body),
      fc.constantFrom(...hostileRawBodies()).map((r) => r.body),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    );
  else if (b.kind === 'ndjson') badBody = batchBody(resolveBodySchema(b), false);
  else
    badBody = fc.oneof(
      fc.constantFrom(...hostileRawBodies()).map((r) => r.body),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.constantFrom(Buffer.alloc(70 * 1024, 'a'), Buffer.concat([Buffer.from('User-agent: *\n'), ...BAD_UTF8])),
    );
  const type = fc.oneof(
    { arbitrary: correctType, weight: 4 },
    fc.constantFrom(...CONTENT_TYPES_WRONG),
    fc.constant<string | undefined>(undefined),
  );
  return fc
    .tuple(fc.oneof({ arbitrary: goodBody, weight: 1 }, { arbitrary: badBody, weight: 3 }), type, ENCODINGS)
    .map(([raw, t, how]) => {
      const e = encode(raw, how);
      return { body: e.body, ...(t !== undefined ? { type: t } : {}), ...(e.header ? { encoding: e.header } : {}) };
    });
}

function resolveBodySchema(b: NonNullable<DocOp['body']>): Schema {
  return b.schema ?? { type: 'object' };
}

function siteFileBody(op: DocOp): fc.Arbitrary<Buffer> {
  const text = op.path.endsWith('robots.txt')
    ? ROBOTS
    : op.path.endsWith('tdmrep.json')
      ? TDMREP
      : op.path.endsWith('ai.txt')
        ? AITXT
        : op.path.endsWith('rsl')
          ? RSL
          : anyText(100);
  return text.map((t) => Buffer.from(t));
}

/** NDJSON: valid lines mixed with broken ones (and blank lines, CRLF, no final newline). */
function batchBody(lineSchema: Schema, valid: boolean): fc.Arbitrary<Buffer> {
  const good = validBody(schemaName(lineSchema), lineSchema).map((v) => Buffer.from(JSON.stringify(v)));
  const bad = fc.oneof(
    mutate(validBody(schemaName(lineSchema), lineSchema)).map((r) => r.body),
    fc
      .constantFrom(...hostileRawBodies().filter((r) => !r.name.includes('NDJSON') && !r.name.includes('gzip')))
      .map((r) => r.body),
    fc.constantFrom(Buffer.from(`{"url":"https://a.example/","html":"${'b'.repeat(130 * 1024)}"}`)),
    fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a.map((x) => (x === 10 ? 32 : x)))),
  );
  const line = valid
    ? fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: bad, weight: 1 }, fc.constant(Buffer.from('')))
    : fc.oneof(good, { arbitrary: bad, weight: 3 });
  return fc
    .tuple(fc.array(line, { minLength: valid ? 1 : 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, sep, trailing]) =>
      Buffer.concat([...lines.flatMap((l, i) => (i < lines.length - 1 || trailing ? [l, Buffer.from(sep)] : [l]))]),
    );
}

function requestArb(op: DocOp, valid: boolean): fc.Arbitrary<Built> {
  return fc
    .record({
      auth: authArb(op, valid),
      path: pathArb(op, valid),
      query: queryArb(op, valid),
      body: bodyArb(op, valid),
      chunked: fc.boolean(),
    })
    .map(({ auth, path, query, body, chunked }) => {
      let target = query ? `${path}?${query}` : path;
      // Keep under Node's 16 KB header limit with a 4 KB Authorization (a 431 from Node's parser is not the app's).
      if (target.length > 11_000) target = target.slice(0, 11_000);
      const headers: Record<string, string> = { ...authHeaders(auth) };
      if (body.type !== undefined) headers['Content-Type'] = body.type;
      if (body.encoding) headers['Content-Encoding'] = body.encoding;
      const req: Req = {
        method: op.method,
        path: target,
        headers,
        ...(body.body ? { body: body.body } : {}),
        chunked: chunked && body.body !== undefined,
        note: `${op.id} ${valid ? 'valid' : 'hostile'} auth=${auth.kind === 'role' ? auth.role : auth.kind}`,
      };
      const built: Built = { req };
      // Counterexamples print as the request, not as a byte array of a 100 KB body.
      Object.defineProperty(built, fc.toStringMethod, { value: () => describeReq(req) });
      return built;
    });
}

// ---------------------------------------------------------------------------------------------------------
const crashes: unknown[] = [];
const onCrash = (e: unknown) => crashes.push(e);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  svc = await testService(CONFIG);
  server = svc.app.listen(0, '127.0.0.1');
  // As `clearance serve` does (src/serve/startService.ts): parser-level refusals are JSON errors too.
  answerClientErrors(server);
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
  await seed();
  const revoked = await createKey(svc.store, { role: 'admin', label: 'fuzz-revoked', actor: 'fuzz' });
  const r = await send({
    method: 'DELETE',
    path: `/v1/keys/${revoked.id}`,
    headers: { Authorization: `Bearer ${svc.keys.admin}` },
    note: 'seed',
  });
  if (r.status !== 200) throw new Error(`seed revoke failed: ${r.status} ${r.text}`);
  revokedKey = revoked.key;
}, 60_000);

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  if (process.env.FUZZ_SUMMARY) {
    const lines = [...seen].map(
      ([k, s]) =>
        `${k.padEnd(44)} ${String(s.requests).padStart(4)}  ${[...s.statuses]
          .sort((a, b) => a[0] - b[0])
          .map(([st, n]) => `${st}×${n}`)
          .join(' ')}`,
    );
    const und = [...undocumented].map(([k, s]) => `${k}: ${[...s].join(', ')}`);
    process.stdout.write(
      `\nfuzz: ${totalRequests} requests, ${seen.size} operations\n${lines.join('\n')}\n` +
        `undocumented error statuses:\n${und.join('\n')}\n`,
    );
  }
  await new Promise((r) => server.close(r));
  await svc.cleanup();
});

test('the served /openapi.json is the document the suite iterates', async () => {
  const r = await send({ method: 'GET', path: '/openapi.json', headers: {}, note: 'doc' });
  expect(r.status).toBe(200);
  expect(r.json).toEqual(JSON.parse(JSON.stringify(DOC)));
  expect(OPS.length).toBeGreaterThan(20);
});

describe.each(OPS.map((op) => [op.key, op] as const))('%s', (_key, op) => {
  test(
    'valid inputs: no server error, documented answers',
    async () => {
      const runs = op.body?.kind === 'ndjson' ? RUNS.batchValid : RUNS.valid;
      await fc.assert(
        fc.asyncProperty(requestArb(op, true), async ({ req }) => {
          await call(op, req);
        }),
        fcOptions(runs),
      );
    },
    OP_TIMEOUT,
  );

  test(
    'hostile inputs: 4xx naming the problem, never a 500',
    async () => {
      const runs = op.body?.kind === 'ndjson' ? RUNS.batchHostile : RUNS.hostile;
      await fc.assert(
        fc.asyncProperty(requestArb(op, false), async ({ req }) => {
          await call(op, req);
        }),
        fcOptions(runs),
      );
    },
    OP_TIMEOUT,
  );

  test(
    'every role, no key, a broken key and a revoked key: the role gate of x-roles',
    async () => {
      const [valid] = fc.sample(requestArb(op, true), { numRuns: 1, seed: 42 });
      const base = valid!.req;
      const variants: [string, Record<string, string>, (status: number) => boolean][] = [
        ...ROLES.map((role): [string, Record<string, string>, (s: number) => boolean] => {
          const allowed = op.roles === 'public' || op.roles.includes(role);
          return [role, authHeaders({ kind: 'role', role }), (s) => (allowed ? s !== 401 && s !== 403 : s === 403)];
        }),
        ['none', {}, (s) => (op.roles === 'public' ? s !== 401 && s !== 403 : s === 401)],
        ['revoked', authHeaders({ kind: 'revoked' }), (s) => (op.roles === 'public' ? s !== 401 : s === 401)],
        ...AUTH_BROKEN.map((h): [string, Record<string, string>, (s: number) => boolean] => [
          `broken ${JSON.stringify(h.slice(0, 20))}`,
          { Authorization: h },
          (s) => (op.roles === 'public' ? s !== 401 && s !== 403 : s === 401),
        ]),
      ];
      for (const [name, auth, ok] of variants) {
        const headers = { ...base.headers };
        delete headers.Authorization;
        const req = { ...base, headers: { ...headers, ...auth }, note: `${op.id} auth=${name}` };
        // Revoking must not consume the valid request's key for the next variant.
        if (op.id === 'revokeKey') req.path = req.path.replace(/\/\d+$/, `/${seeds.revocableKeyIds.pop()}`);
        const reply = await call(op, req);
        if (!ok(reply.status)) fail(req, reply, `role gate: auth ${name} got ${reply.status}`);
      }
    },
    OP_TIMEOUT,
  );
});

describe('across operations', () => {
  const bodyOps = OPS.filter((op) => op.body);

  test(
    'every broken body, at every operation that takes one (allowed role, correct Content-Type)',
    async () => {
      for (const op of bodyOps) {
        const [valid] = fc.sample(requestArb(op, true), { numRuns: 1, seed: 7 });
        const type = op.body!.types.map((t) => (t === 'text/*' ? 'text/plain' : t))[0]!;
        for (const raw of hostileRawBodies())
          await call(op, {
            ...valid!.req,
            headers: { ...valid!.req.headers, 'Content-Type': type },
            body: raw.body,
            note: `${op.id} raw body: ${raw.name}`,
          });
        for (const type of CONTENT_TYPES_WRONG)
          await call(op, {
            ...valid!.req,
            headers: { ...valid!.req.headers, 'Content-Type': type },
            note: `${op.id} Content-Type ${JSON.stringify(type)}`,
          });
        for (const how of ['gzip-garbage', 'deflate-garbage', 'br-garbage', 'bogus', 'gzip', 'deflate', 'br'])
          await call(op, {
            ...valid!.req,
            ...((e) => ({ body: e.body, headers: { ...valid!.req.headers, 'Content-Encoding': e.header! } }))(
              encode(valid!.req.body ?? Buffer.from('{}'), how),
            ),
            note: `${op.id} Content-Encoding ${how}`,
          });
        // No body and no Content-Type at all.
        const headers = { ...valid!.req.headers };
        delete headers['Content-Type'];
        const { body: _body, ...noBody } = valid!.req;
        await call(op, { ...noBody, headers, note: `${op.id} no body` });
      }
    },
    OP_TIMEOUT,
  );

  test(
    'a 10,000-level deep array / object in place of every field of a valid JSON body (two levels down)',
    async () => {
      for (const op of bodyOps.filter((o) => o.body!.kind !== 'raw')) {
        const [valid] = fc.sample(requestArb(op, true), { numRuns: 1, seed: 3 });
        const base = valid!.req;
        const firstLine = base.body!.toString('utf8').split('\n')[0]!;
        const value = JSON.parse(firstLine) as Record<string, unknown>;
        const paths: string[][] = [];
        for (const [k, v] of Object.entries(value)) {
          paths.push([k]);
          if (v && typeof v === 'object' && !Array.isArray(v)) for (const k2 of Object.keys(v)) paths.push([k, k2]);
        }
        for (const path of paths)
          for (const deep of [deepArrays, deepObjects]) {
            const copy = structuredClone(value);
            let at: Record<string, unknown> = copy;
            for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
            at[path[path.length - 1]!] = '@@DEEP@@';
            const text = JSON.stringify(copy).replace('"@@DEEP@@"', deep);
            await call(op, {
              ...base,
              body: Buffer.from(op.body!.kind === 'ndjson' ? `${text}\n${firstLine}\n` : text),
              note: `${op.id} deep ${path.join('.')}`,
            });
          }
      }
    },
    OP_TIMEOUT,
  );

  test(
    'every odd path segment, in every path parameter',
    async () => {
      for (const op of OPS.filter((o) => o.params.some((p) => p.in === 'path'))) {
        const [valid] = fc.sample(requestArb(op, true), { numRuns: 1, seed: 11 });
        const param = op.params.find((p) => p.in === 'path')!;
        const [prefix, suffix] = op.path.split(`{${param.name}}`);
        const query = valid!.req.path.includes('?') ? valid!.req.path.slice(valid!.req.path.indexOf('?')) : '';
        for (const [i, seg] of HOSTILE_SEGMENTS.entries())
          await call(op, {
            ...valid!.req,
            path: `${prefix}${protectKeys(op, seg, i)}${suffix}${query}`,
            note: `${op.id} path segment`,
          });
      }
    },
    OP_TIMEOUT,
  );

  test(
    'a method the document does not list for a path: 405 naming the allowed ones',
    async () => {
      const byPath = new Map<string, DocOp[]>();
      for (const op of OPS) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
      const matches = (o: DocOp, concrete: string) =>
        new RegExp(`^${o.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete);
      for (const [path, ops] of byPath) {
        const concrete = path.replace(/\{[^}]+\}/g, '1');
        for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
          // Another template may take this path for that method (GET /v1/conclusions/{id} takes .../bulk).
          if (OPS.some((o) => o.method === method && matches(o, concrete))) continue;
          const req: Req = {
            method,
            path: concrete,
            headers: { Authorization: `Bearer ${svc.keys.admin}`, 'Content-Type': 'application/json' },
            body: Buffer.from('{}'),
            note: 'wrong method',
          };
          const reply = await call(null, req);
          if (reply.status !== 405) fail(req, reply, `expected 405, got ${reply.status}`);
          const allow = String(reply.headers.allow ?? '');
          for (const o of ops) if (!allow.includes(o.method)) fail(req, reply, `Allow "${allow}" misses ${o.method}`);
        }
      }
    },
    OP_TIMEOUT,
  );

  test('raw non-ASCII bytes in the request target: refused by the HTTP parser as a JSON 400, the service keeps serving', async () => {
    // Node's HTTP parser refuses these before the app sees them; answerClientErrors gives them the JSON
    // error body every other error has. Percent-encoded, the same bytes are fuzzed everywhere above.
    for (const raw of ['/v1/verdicts/ü', '/v1/sites/例え.テスト', '/healthz?x=ü', '/v1/verdicts/\u00ff\u00fe']) {
      const r = await send({ method: 'GET', path: latin1(raw), headers: {}, note: 'raw bytes' });
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expectSchema(r.json, 'Error');
      expect((r.json as { error: { code: string } }).error.code).toBe('bad_request');
    }
    const health = await send({ method: 'GET', path: '/healthz', headers: {}, note: 'after raw bytes' });
    expect(health.status).toBe(200);
  });

  test(
    'concurrent hostile and valid requests: still no server error',
    async () => {
      const arb = fc.constantFrom(...OPS).chain((op) => requestArb(op, false).map((b) => [op, b.req] as const));
      const batch = fc.sample(arb, { numRuns: 160, ...(SEED !== undefined ? { seed: SEED } : {}) });
      for (let i = 0; i < batch.length; i += 16)
        await Promise.all(batch.slice(i, i + 16).map(([op, req]) => call(op, req)));
    },
    OP_TIMEOUT,
  );
});

describe('regressions found by this fuzz', () => {
  test.each([
    '/v1/verdicts/%E0%A4%A',
    '/v1/sites/%E0%A4%A',
    '/v1/sites/%/robots.txt',
    '/v1/conclusions/%zz/revoke',
    '/v1/review/items/%C0',
  ])('an undecodable path parameter (%s) is a 400 invalid_path, not a 500', async (path) => {
    const op = OPS.find((o) => new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]!));
    const method = op?.method ?? 'GET';
    const req: Req = {
      method,
      path,
      headers: { Authorization: `Bearer ${svc.keys.admin}`, 'Content-Type': 'text/plain' },
      ...(method === 'GET' ? {} : { body: Buffer.from('{"comment":"x"}') }),
      note: 'regression',
    };
    if (method === 'POST') req.headers['Content-Type'] = 'application/json';
    const reply = await call(op ?? null, req);
    expect(reply.status).toBe(400);
    const param = /\{([^}]+)\}/.exec(op!.path)![1];
    expect((reply.json as { error: { code: string; field?: string } }).error).toMatchObject({
      code: 'invalid_path',
      field: param,
    });
  });
});

test('regression: a batch refused before its first line (unsupported Content-Encoding) answers JSON, not NDJSON', async () => {
  // The batch handler set `Content-Type: application/x-ndjson` before decoding the body; the 415 error body
  // then went out labelled as NDJSON.
  const op = OPS.find((o) => o.id === 'checkBatch')!;
  const reply = await call(op, {
    method: 'POST',
    path: '/v1/check/batch?store=false',
    headers: {
      Authorization: `Bearer ${svc.keys.crawler}`,
      'Content-Type': 'application/x-ndjson',
      'Content-Encoding': 'zstd-bogus',
    },
    body: Buffer.from('{"url":"https://a.example/","html":"x"}\n'),
    note: 'regression',
  });
  expect(reply.status).toBe(415);
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  expect((reply.json as { error: { code: string } }).error.code).toBe('unsupported_media_type');
});

describe('regressions: Infinity is not an integer', () => {
  // `1e400` parses to Infinity, which ajv took for an integer while strictNumbers was off: `id` was echoed
  // as null (the answer broke its CheckResponse schema), `after=1e400` and `/v1/review/items/1e400` passed.
  test.each([
    ['POST', '/v1/check?store=false', '{"id":1e400,"url":"https://a.example/","html":"x"}', 'invalid_body', 'id'],
    ['POST', '/v1/check/batch?store=false', '{"id":1e400,"url":"https://a.example/","html":"x"}\n', 'batch', 'id'],
    ['GET', '/v1/audit?after=1e400', undefined, 'invalid_query', 'after'],
    ['GET', '/v1/review/items/1e400', undefined, 'invalid_path', 'id'],
    [
      'POST',
      '/v1/conclusions/bulk',
      '{"itemIds":[1e400],"conclusion":{"action":"confirm","reason":"OTHER","comment":"x"}}',
      'invalid_body',
      'itemIds[0]',
    ],
  ])('%s %s', async (method, path, body, code, field) => {
    const op = OPS.find(
      (o) => o.method === method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]!),
    )!;
    const req: Req = {
      method,
      path,
      headers: {
        Authorization: `Bearer ${svc.keys.admin}`,
        'Content-Type': path.includes('batch') ? 'application/x-ndjson' : 'application/json',
      },
      ...(body ? { body: Buffer.from(body) } : {}),
      note: 'regression',
    };
    const reply = await call(op, req);
    if (code === 'batch') {
      expect(reply.status).toBe(200);
      const first = JSON.parse(reply.text.split('\n')[0]!) as { error?: { code: string; field?: string } };
      expect(first.error).toMatchObject({ code: 'invalid_body', field });
    } else {
      expect(reply.status).toBe(400);
      expect((reply.json as { error: unknown }).error).toMatchObject({ code, field });
    }
  });
});

test('afterwards: every operation of the document was exercised, and the service still answers', async () => {
  const missing = OPS.filter((op) => (seen.get(op.key)?.requests ?? 0) < 10).map((op) => op.key);
  expect(missing).toEqual([]);
  // Valid generators are real: each operation answered 2xx at least once.
  const never2xx = OPS.filter((op) => ![...(seen.get(op.key)?.statuses.keys() ?? [])].some((s) => s >= 200 && s < 300));
  expect(never2xx.map((op) => op.key)).toEqual([]);
  const health = await send({ method: 'GET', path: '/healthz', headers: {}, note: 'final' });
  expect(health.status).toBe(200);
  expect((health.json as { status: string }).status).toBe('ok');
  // The check worker still works.
  const check = await send({
    method: 'POST',
    path: '/v1/check?store=false',
    headers: { Authorization: `Bearer ${svc.keys.crawler}`, 'Content-Type': 'application/json' },
    body: Buffer.from(JSON.stringify({ url: 'https://news.example.com/final', html: RESERVED_HTML })),
    note: 'final',
  });
  expect(check.status).toBe(200);
  expect(crashes).toEqual([]);
});

describe('parameter names', () => {
  test('a query parameter without a name (?=x) is named as such, not as an unknown field ""', async () => {
    const reply = await send({ method: 'GET', path: '/healthz?=x', headers: {}, note: 'empty name' });
    expect(reply.status).toBe(400);
    expect((reply.json as { error: { message: string } }).error.message).toBe(
      'query has a parameter with an empty name',
    );
  });
});
