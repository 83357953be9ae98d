import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { bearer, expectSchema, PLAIN_HTML, RESERVED_HTML, type TestService, testService } from './helpers.js';

function ndjson(lines: unknown[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
}

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function countRows(svc: TestService, table: 'fetches' | 'verdicts'): Promise<number> {
  const r = await svc.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('POST /v1/check/batch', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await testService({ maxBatchLineBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await svc.cleanup();
  });

  const batch = (body: string, query = '') =>
    request(svc.app)
      .post(`/v1/check/batch${query}`)
      .set(bearer(svc.keys.crawler))
      .set('Content-Type', 'application/x-ndjson')
      .send(body);

  it('answers line by line in order; malformed lines in the middle get error lines and the rest go on', async () => {
    const input = ndjson([
      { id: 'a', url: 'https://news.example/1', html: RESERVED_HTML },
      '{"url": "https://news.example/2", "html": ', // broken JSON
      { id: 'c', url: 'https://news.example/3', html: PLAIN_HTML },
      { id: 'd', url: 'https://news.example/4' }, // valid JSON, invalid request
      '',
      { id: 'e', url: 'https://news.example/5', text: 'x'.repeat(70 * 1024) }, // over the line limit
      { id: 'f', url: 'https://news.example/6', text: 'Some text.', profile: 'nope' }, // engine refusal
      { id: 'g', url: 'https://news.example/7', text: 'All rights reserved.' },
    ]);
    const res = await batch(input);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = parseLines(res.text);
    for (const l of lines) expectSchema(l, 'BatchLine');
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 6, 7, 8, undefined]);
    expect(lines[0]).toMatchObject({ id: 'a', url: 'https://news.example/1', stored: { created: true } });
    expect((lines[0]!.uses as Record<string, string>)['ai-train']).toBe('denied');
    expect(lines[1]).toMatchObject({ error: { code: 'invalid_json' } });
    expect(lines[2]).toMatchObject({ id: 'c', url: 'https://news.example/3' });
    expect(lines[3]).toMatchObject({ id: 'd', error: { code: 'invalid_body', field: 'html' } });
    expect(lines[4]).toMatchObject({ error: { code: 'too_large' } });
    expect(lines[5]).toMatchObject({ id: 'f', error: { code: 'unknown_profile', field: 'profile' } });
    expect(lines[6]).toMatchObject({ id: 'g', url: 'https://news.example/7' });
    expect(lines[7]).toEqual({ done: true, lines: 7, ok: 3, errors: 4 });
    expect(await countRows(svc, 'verdicts')).toBe(3);
  });

  it('stores group after group while later lines are checked: every answer in order, each page stored once', async () => {
    // 57 lines (several groups of 10), every seventh broken, so groups end mid-flight and out of step.
    const items = Array.from({ length: 57 }, (_, i) =>
      i % 7 === 3
        ? `{"url": "https://news.example/${i}", `
        : { id: i, url: `https://news.example/${i}`, html: RESERVED_HTML },
    );
    const lines = parseLines((await batch(ndjson(items))).text);
    expect(lines.map((l) => l.line)).toEqual([...Array.from({ length: 57 }, (_, i) => i + 1), undefined]);
    const good = lines.slice(0, 57).filter((l) => !l.error);
    expect(good.map((l) => l.id)).toEqual(items.flatMap((it, i) => (typeof it === 'string' ? [] : [i])));
    expect(new Set(good.map((l) => (l.stored as { verdictId: number }).verdictId)).size).toBe(good.length);
    expect(lines[57]).toEqual({ done: true, lines: 57, ok: good.length, errors: 57 - good.length });
    expect(await countRows(svc, 'verdicts')).toBe(good.length);
  });

  it('is idempotent: the same batch twice stores nothing new', async () => {
    const input = ndjson([1, 2, 3].map((i) => ({ url: `https://news.example/${i}`, html: RESERVED_HTML })));
    const first = parseLines((await batch(input)).text);
    const second = parseLines((await batch(input)).text);
    expect(second.slice(0, 3).map((l) => (l.stored as { created: boolean }).created)).toEqual([false, false, false]);
    expect(second.slice(0, 3).map((l) => (l.stored as { verdictId: number }).verdictId)).toEqual(
      first.slice(0, 3).map((l) => (l.stored as { verdictId: number }).verdictId),
    );
    expect(await countRows(svc, 'verdicts')).toBe(3);
  });

  it('?store=false stores nothing', async () => {
    const res = await batch(ndjson([{ url: 'https://news.example/1', html: RESERVED_HTML }]), '?store=false');
    expect(parseLines(res.text)[0]).toMatchObject({ stored: null });
    expect(await countRows(svc, 'fetches')).toBe(0);
  });

  it('accepts a last line without newline, CRLF line ends and multi-byte text', async () => {
    const res = await batch(
      `${JSON.stringify({ url: 'https://news.example/ü', text: 'Zażółć gęślą jaźń' })}\r\n${JSON.stringify({ url: 'https://news.example/2', text: 'x' })}`,
    );
    const lines = parseLines(res.text);
    expect(lines.map((l) => l.line)).toEqual([1, 2, undefined]);
    expect(lines[0]!.url).toBe('https://news.example/%C3%BC');
  });

  it('refuses another content type (415) and an empty body (400)', async () => {
    const wrong = await request(svc.app)
      .post('/v1/check/batch')
      .set(bearer(svc.keys.crawler))
      .set('Content-Type', 'application/json')
      .send('{"url":"https://a.example/","text":"x"}');
    expect(wrong.status).toBe(415);
    const empty = await request(svc.app)
      .post('/v1/check/batch')
      .set(bearer(svc.keys.crawler))
      .set('Content-Type', 'application/x-ndjson')
      .send('');
    expect(empty.status).toBe(400);
  });
});

describe('batch streaming over real HTTP', () => {
  let svc: TestService;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    svc = await testService();
    server = svc.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await svc.cleanup();
  });

  function open(): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/check/batch',
      headers: { 'Content-Type': 'application/x-ndjson', ...bearer(svc.keys.crawler) },
    });
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
    });
    req.flushHeaders();
    return { req, response };
  }

  it('answers each line before the client sends the next one (interactive use, no full buffering)', async () => {
    const { req, response } = open();
    req.write(`${JSON.stringify({ id: 1, url: 'https://news.example/1', html: RESERVED_HTML })}\n`);
    const res = await response;
    res.setEncoding('utf8');
    const reader = res[Symbol.asyncIterator]();
    const first = JSON.parse(((await reader.next()).value as string).trim());
    expect(first).toMatchObject({ line: 1, id: 1 });
    // Only now send the second line: the first answer did not wait for the end of the input.
    req.write(`${JSON.stringify({ id: 2, url: 'https://news.example/2', html: PLAIN_HTML })}\n`);
    const second = JSON.parse(((await reader.next()).value as string).trim());
    expect(second).toMatchObject({ line: 2, id: 2 });
    req.end();
    let rest = '';
    for (let n = await reader.next(); !n.done; n = await reader.next()) rest += n.value as string;
    expect(JSON.parse(rest.trim())).toEqual({ done: true, lines: 2, ok: 2, errors: 0 });
  });

  it('applies back-pressure: a client that does not read stops the server from reading on', async () => {
    const N = 2000;
    // 8 KB URLs make each answer ~16 KB (~32 MB in all), far more than the socket buffers can hold.
    const pad = 'q='.padEnd(8000, 'x');
    const base = await countRows(svc, 'fetches');
    const { req, response } = open();
    let written = 0;
    let blocked = false;
    const writeMore = () => {
      while (written < N) {
        const ok = req.write(
          `${JSON.stringify({ url: `https://bp.example/${written}?${pad}`, text: 'All rights reserved.' })}\n`,
        );
        written++;
        if (!ok) {
          blocked = true;
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
    const res = await response;
    res.pause();
    // Wait until the server stops making progress while nobody reads its output.
    let before = -1;
    let processed = (await countRows(svc, 'fetches')) - base;
    for (let i = 0; i < 50 && processed !== before; i++) {
      await new Promise((r) => setTimeout(r, 200));
      before = processed;
      processed = (await countRows(svc, 'fetches')) - base;
    }
    expect(blocked).toBe(true);
    expect(processed).toBeLessThan(N);
    // Reading again lets everything through.
    res.setEncoding('utf8');
    let text = '';
    for await (const chunk of res) text += chunk as string;
    const lines = parseLines(text);
    expect(lines).toHaveLength(N + 1);
    expect(lines[N]).toEqual({ done: true, lines: N, ok: N, errors: 0 });
    expect((await countRows(svc, 'fetches')) - base).toBe(N);
  }, 120_000);
});
