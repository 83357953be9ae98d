import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type TestService, testService } from './helpers';

/** Issue 12: a body whose Content-Encoding does not hold is a 4xx naming the problem, never a 500. */
let svc: TestService;
let server: Server;
beforeAll(async () => {
  svc = await testService();
  server = svc.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(async () => {
  server.close();
  await svc.cleanup();
});

interface Reply {
  status: number;
  text: string;
  body: { error?: { code: string } } & Record<string, unknown>;
}

/** Raw bytes over real HTTP (supertest would serialise a Buffer sent as JSON). */
function post(method: string, path: string, key: string, headers: Record<string, string>, body: Buffer | string) {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        method,
        path,
        headers: { Authorization: `Bearer ${key}`, 'Content-Length': String(data.length), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          let parsed: Reply['body'] = {};
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
const JSON_TYPE = { 'Content-Type': 'application/json' };
const NDJSON_TYPE = { 'Content-Type': 'application/x-ndjson' };

const notGzip = Buffer.from('{"url":"https://example.com/a","html":"<p>x</p>"}');

describe('Content-Encoding', () => {
  test.each(['gzip', 'deflate', 'br'])('POST /v1/check with a body that is not %s: 400 bad_encoding', async (enc) => {
    const r = await post('POST', '/v1/check', svc.keys.crawler, { ...JSON_TYPE, 'Content-Encoding': enc }, notGzip);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('bad_encoding');
  });

  test('an unknown Content-Encoding: 415', async () => {
    const r = await post(
      'POST',
      '/v1/check',
      svc.keys.crawler,
      { ...JSON_TYPE, 'Content-Encoding': 'zstd-bogus' },
      notGzip,
    );
    expect(r.status).toBe(415);
  });

  test('PUT robots.txt with a corrupt deflate body: 400', async () => {
    const r = await post(
      'PUT',
      '/v1/sites/example.com/robots.txt',
      svc.keys.admin,
      { 'Content-Type': 'text/plain', 'Content-Encoding': 'deflate' },
      'User-agent: *\nDisallow: /\n',
    );
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('bad_encoding');
  });

  test('POST /v1/keys with a corrupt gzip body: 400', async () => {
    const r = await post(
      'POST',
      '/v1/keys',
      svc.keys.admin,
      { ...JSON_TYPE, 'Content-Encoding': 'gzip' },
      '{"role":"crawler","label":"x"}',
    );
    expect(r.status).toBe(400);
  });

  test('a gzip body that holds is read (JSON and NDJSON)', async () => {
    const ok = await post(
      'POST',
      '/v1/check?store=false',
      svc.keys.crawler,
      { ...JSON_TYPE, 'Content-Encoding': 'gzip' },
      gzipSync(
        JSON.stringify({ url: 'https://example.com/a', html: '<footer>Text and data mining is prohibited.</footer>' }),
      ),
    );
    expect(ok.status).toBe(200);
    const lines = `${JSON.stringify({ id: 'a', url: 'https://example.com/a', html: '<p>x</p>' })}\n${JSON.stringify({ id: 'b', url: 'https://example.com/b', html: '<p>y</p>' })}\n`;
    const batch = await post(
      'POST',
      '/v1/check/batch?store=false',
      svc.keys.crawler,
      { ...NDJSON_TYPE, 'Content-Encoding': 'gzip' },
      gzipSync(lines),
    );
    expect(batch.status).toBe(200);
    const out = batch.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((l) => l.id)).toEqual(['a', 'b']);
    expect(out.every((l) => !l.error)).toBe(true);
  });

  test('NDJSON batch with a corrupt gzip body: 400 before any line, or an error line', async () => {
    const r = await post(
      'POST',
      '/v1/check/batch?store=false',
      svc.keys.crawler,
      { ...NDJSON_TYPE, 'Content-Encoding': 'gzip' },
      '{"id":"a","url":"https://example.com/a","html":"<p>x</p>"}\n',
    );
    expect(r.status).toBeLessThan(500);
    if (r.status === 200) expect(r.text).toMatch(/bad_encoding/);
  });
});
