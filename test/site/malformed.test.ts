import { Engine } from '../../src/engine/engine';
import type { SiteInput } from '../../src/model/siteInput';
import { ROBOTS_MAX_BYTES } from '../../src/protocols/shared/fileText';

/** Bad site files: a clear flag, no crash, no lost page evidence. Runs bounded work; no timing assertions. */
const engine = new Engine();
const page = '<html><head><meta name="tdm-reservation" content="1"></head><body><p>x</p></body></html>';
const check = (site: SiteInput, agent?: string, url = 'https://ex.com/a/b') =>
  engine.check({ url, body: page, kind: 'html' }, { site, agent });
const codes = (v: ReturnType<typeof check>) => v.flags.map((f) => f.code);

describe('malformed site files', () => {
  test('binary robots.txt → flag, treated as empty, page evidence kept', () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const v = check({ robotsTxt: { body: bytes } }, 'GPTBot');
    expect(codes(v)).toContain('robots_binary');
    expect(v.agent?.mayFetch).toBe(true);
    expect(v.uses.tdm).toBe('denied'); // the page's own meta is still there
    expect(v.evidence.filter((e) => e.source === 'site' && Object.keys(e.effects).length > 0)).toHaveLength(0);
  });

  test('robots.txt as a string with NUL characters is binary too', () => {
    expect(codes(check({ robotsTxt: { body: 'User-agent: *\u0000Disallow: /' } }))).toContain('robots_binary');
  });

  test('5 MB robots.txt: only the first 500 KiB is read, flagged; rules past the limit do not count', () => {
    const filler = `User-agent: *\n${'Disallow: /some/long/path/segment/that/repeats\n'.repeat(120_000)}`;
    const body = `${filler}\nUser-agent: GPTBot\nDisallow: /\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(5_000_000);
    const v = check({ robotsTxt: { body } }, 'GPTBot');
    const f = v.flags.find((x) => x.code === 'robots_truncated')!;
    expect(f.detail).toMatch(/only the first \d+ bytes/);
    expect(Number(/first (\d+) bytes/.exec(f.detail!)![1])).toBeLessThanOrEqual(ROBOTS_MAX_BYTES);
    // GPTBot's group lies past the limit: GPTBot falls back to "*", which does not cover /a/b.
    expect(v.agent?.mayFetch).toBe(true);
    expect(
      check({ robotsTxt: { body } }, 'GPTBot', 'https://ex.com/some/long/path/segment/that/repeats/x').agent?.mayFetch,
    ).toBe(false);
  });

  test('a robots.txt of 10,000 groups completes with correct decisions', () => {
    const groups = Array.from(
      { length: 10_000 },
      (_, i) =>
        `User-agent: bot${String.fromCharCode(97 + (i % 26))}${i.toString(36).replace(/\d/g, (d) => String.fromCharCode(97 + Number(d)))}\nDisallow: /private-${i}/\n`,
    );
    const body = `${groups.join('\n')}\nUser-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n`;
    const v = check({ robotsTxt: { body } }, 'GPTBot');
    expect(v.agent?.mayFetch).toBe(false);
    const w = check({ robotsTxt: { body } });
    const training = w.evidence.find((e) => e.details?.aspect === 'ai-training')!;
    expect(training.effects).toEqual({ 'ai-train': 'conditional' });
    expect(training.details!.unlistedAgents as { count: number }).toMatchObject({ count: 10_000 });
  });

  test('robots.txt that is not UTF-8 → flag, still parsed', () => {
    const latin1 = Buffer.from('# Copyright © Société\nUser-agent: GPTBot\nDisallow: /\n', 'latin1');
    const v = check({ robotsTxt: { body: new Uint8Array(latin1) } }, 'GPTBot');
    expect(codes(v)).toContain('robots_not_utf8');
    expect(v.agent?.mayFetch).toBe(false);
  });

  test('CR-only and CRLF line endings, a very long line, garbage lines', () => {
    for (const nl of ['\r', '\r\n']) {
      const v = check({ robotsTxt: { body: ['User-agent: GPTBot', 'Disallow: /'].join(nl) } }, 'GPTBot');
      expect(v.agent?.mayFetch).toBe(false);
    }
    const v = check({
      robotsTxt: { body: `no colon here\n::::\n${'x'.repeat(200_000)}\nUser-agent: *\nDisallow: /a/\n` },
    });
    expect(v.uses.tdm).toBe('denied');
  });

  test('broken RSL XML → rsl_invalid with the parser message, no effects', () => {
    const v = check({
      robotsTxt: { body: 'License: https://ex.com/license.xml\n' },
      rsl: { 'https://ex.com/license.xml': '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license>' },
    });
    const f = v.flags.find((x) => x.code === 'rsl_invalid')!;
    expect(f.detail).toMatch(/well-formed|parse/i);
    const e = v.evidence.find((x) => x.signal === 'rsl-license')!;
    expect(e.effects).toEqual({});
  });

  test('RSL License that is not a URL, and a licence that was not supplied', () => {
    const v = check({ robotsTxt: { body: 'License: license.xml\nLicense: https://ex.com/l.xml\n' } });
    expect(codes(v)).toEqual(expect.arrayContaining(['rsl_invalid', 'rsl_remote_unresolved']));
  });

  test('binary tdmrep.json and ai.txt → flags, nothing else', () => {
    const bin = new Uint8Array([0, 1, 2, 3, 0, 255, 254]);
    const v = check({ tdmrepJson: { body: bin }, aiTxt: { body: bin } });
    expect(codes(v)).toEqual(expect.arrayContaining(['tdmrep_binary', 'tdm_file_invalid', 'ai_txt_binary']));
  });

  test('ai.txt in another format (Markdown for LLMs) is ignored and flagged', () => {
    const v = check({ aiTxt: { body: '# Example Corp\n\n> We make widgets.\n\n- [Docs](https://ex.com/docs)\n' } });
    expect(codes(v)).toContain('ai_txt_not_spawning');
    expect(v.evidence.some((e) => e.signal === 'ai-txt')).toBe(false);
  });

  test('site files for another origin do not apply', () => {
    const v = check({ origin: 'https://other.example', robotsTxt: { body: 'User-agent: *\nDisallow: /\n' } });
    expect(codes(v)).toContain('site_origin_mismatch');
    expect(v.evidence.some((e) => e.source === 'site')).toBe(false);
    expect(codes(check({ origin: 'not a url', robotsTxt: { body: '' } }))).toContain('site_origin_invalid');
  });

  test('a full User-Agent header instead of a product token is flagged with the tokens it contains', () => {
    const v = check(
      { robotsTxt: { body: 'User-agent: GPTBot\nDisallow: /\n' } },
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    );
    const f = v.flags.find((x) => x.code === 'agent_not_a_product_token')!;
    expect(f.detail).toContain('it contains GPTBot');
    expect(codes(check({ robotsTxt: { body: '' } }, 'ChatGPT Agent'))).not.toContain('agent_not_a_product_token');
  });

  test('no page URL: evaluated for the site root, flagged', () => {
    const v = engine.check(
      { body: page, kind: 'html' },
      { site: { robotsTxt: { body: 'User-agent: *\nDisallow: /\n' } } },
    );
    expect(codes(v)).toContain('site_path_unknown');
    expect(v.uses.tdm).toBe('denied');
  });
});
