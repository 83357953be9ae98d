import { ConfigError, DEFAULT_CONFIG, parseBytes, resolveConfig } from '../../src/service/config.js';
import { ndjsonLines } from '../../src/service/ndjson.js';
import { RateLimiter } from '../../src/service/rateLimit.js';
import { textExcerpt } from '../../src/store/excerpt.js';
import { parseOrigin } from '../../src/store/origin.js';
import { engine } from './helpers.js';

async function collect(chunks: (string | Buffer)[], max = 100) {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  const out = [];
  for await (const item of ndjsonLines(source(), max)) out.push(item);
  return out;
}

describe('ndjsonLines', () => {
  it('splits across chunk boundaries, keeps multi-byte characters split between chunks, numbers every line', async () => {
    const bytes = Buffer.from('{"a":"ż"}\n\n{"b":2}\n{"c":3}');
    const cut = bytes.indexOf(0xc5) + 1; // inside the two-byte "ż"
    const items = await collect([bytes.subarray(0, cut), bytes.subarray(cut, cut + 6), bytes.subarray(cut + 6)]);
    expect(items.map((i) => [i.line, 'text' in i ? i.text : 'TOO LONG'])).toEqual([
      [1, '{"a":"ż"}'],
      [3, '{"b":2}'],
      [4, '{"c":3}'],
    ]);
  });

  it('turns an over-long line into one item and goes on after its newline', async () => {
    const items = await collect(['{"ok":1}\n', 'x'.repeat(80), 'y'.repeat(80), '\n{"ok":2}\n', 'z'.repeat(150)], 100);
    expect(items.map((i) => [i.line, i.tooLong ? 'TOO LONG' : (i as { text: string }).text])).toEqual([
      [1, '{"ok":1}'],
      [2, 'TOO LONG'],
      [3, '{"ok":2}'],
      [4, 'TOO LONG'],
    ]);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    let now = 0;
    const rl = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => rl.take(1).allowed)).toEqual([true, true, true, false]);
    expect(rl.take(1).retryAfter).toBe(1);
    expect(rl.take(2).allowed).toBe(true);
    now += 500; // one token back
    expect(rl.take(1).allowed).toBe(true);
    expect(rl.take(1).allowed).toBe(false);
    now += 10_000;
    expect(rl.take(1).remaining).toBe(2);
  });

  it('is off at 0 requests/s', () => {
    const rl = new RateLimiter(0, 1);
    expect(Array.from({ length: 100 }, () => rl.take(1).allowed).every(Boolean)).toBe(true);
  });
});

describe('resolveConfig', () => {
  it('defaults to port 8080 and var/clearance.db', () => {
    const c = resolveConfig({ flags: {}, env: {} });
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.port).toBe(8080);
    expect(c.dbPath).toBe('var/clearance.db');
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      PORT: '9000',
      CLEARANCE_DB: '/tmp/a.db',
      CLEARANCE_MAX_BODY: '2mb',
      LOG_LEVEL: 'warn',
      CLEARANCE_STORE_BODIES: 'true',
    };
    const fromEnv = resolveConfig({ flags: {}, env });
    expect(fromEnv).toMatchObject({
      port: 9000,
      dbPath: '/tmp/a.db',
      maxBodyBytes: 2 * 1024 ** 2,
      logLevel: 'warn',
      storeBodies: true,
    });
    const fromFlags = resolveConfig({
      flags: { port: '9100', db: '/tmp/b.db', 'max-body': '512kb', 'rate-limit': '5' },
      env,
    });
    expect(fromFlags).toMatchObject({
      port: 9100,
      dbPath: '/tmp/b.db',
      maxBodyBytes: 512 * 1024,
      rateLimit: { perSecond: 5, burst: 10 },
    });
  });

  it.each([
    [{ port: 'http' }, /--port/],
    [{ port: '70000' }, /--port/],
    [{ 'max-body': 'ten megs' }, /--max-body/],
    [{ 'log-level': 'loud' }, /--log-level/],
    [{ 'rate-limit': '-1' }, /--rate-limit/],
    [{ 'db-sync': 'sometimes' }, /--db-sync/],
  ])('refuses %p with a message naming the setting', (flags, message) => {
    expect(() => resolveConfig({ flags, env: {} })).toThrow(ConfigError);
    expect(() => resolveConfig({ flags, env: {} })).toThrow(message);
  });

  it('refuses DATABASE_URL rather than silently ignoring it', () => {
    expect(() => resolveConfig({ flags: {}, env: { DATABASE_URL: 'postgres://x' } })).toThrow(/DATABASE_URL/);
  });

  it('parses sizes', () => {
    expect(parseBytes('1048576', 'x')).toBe(1048576);
    expect(parseBytes('1.5kb', 'x')).toBe(1536);
    expect(parseBytes('10MB', 'x')).toBe(10 * 1024 ** 2);
  });
});

describe('parseOrigin', () => {
  it.each([
    ['https://Example.COM', 'https://example.com'],
    ['https://example.com/', 'https://example.com'],
    ['example.com', 'https://example.com'],
    ['http://example.com:8080', 'http://example.com:8080'],
    ['https://example.com:443', 'https://example.com'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('%s → %s', (input, origin) => {
    expect(parseOrigin(input)).toBe(origin);
  });
  it.each([
    'https://example.com/path',
    'ftp://example.com',
    'https://u:p@example.com',
    'https://example.com/?q',
    '',
    'http://',
  ])('refuses %p', (input) => {
    expect(parseOrigin(input)).toBeNull();
  });
});

describe('textExcerpt', () => {
  const NOTICE =
    'Downloading, reproduction, storage, or any other use of content available on this website, including the use of machine learning or artificial intelligence programs, requires prior and explicit consent of the publisher.';
  const html = `<html lang="en"><body><main><p>Lead paragraph of the <b>story</b> &amp; more.</p></main><footer><p class="legal">${NOTICE}</p></footer></body></html>`;

  it('keeps the lead and each text evidence with its visible surroundings (offsets mapped from the document)', () => {
    const { verdict, page } = engine.analyze({ url: 'https://a.example/', body: html, kind: 'html' });
    const text = verdict.evidence.filter((e) => e.location.kind === 'text');
    expect(text.length).toBeGreaterThan(0);
    const excerpt = textExcerpt(page, verdict.evidence, 10_000)!;
    expect(excerpt.lead).toContain('Lead paragraph of the story & more.');
    expect(excerpt.contexts).toHaveLength(text.length);
    for (const c of excerpt.contexts) {
      expect(NOTICE).toContain(c.match.trim());
      expect(c.match.length).toBeGreaterThan(10);
      expect(`${c.before}${c.match}${c.after}`).not.toMatch(/[<>]/);
      expect(page.text.slice(c.start, c.start + c.match.length)).toBe(c.match);
    }
  });

  it('respects the character budget', () => {
    const { verdict, page } = engine.analyze({ url: 'https://a.example/', body: html, kind: 'html' });
    const excerpt = textExcerpt(page, verdict.evidence, 20)!;
    expect(excerpt.lead).toHaveLength(20);
    expect(excerpt.contexts).toEqual([]);
  });
});
