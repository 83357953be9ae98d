import { Engine, rescoreWith } from '../../src/engine/engine';
import type { Conclusion } from '../../src/model/conclusion';
import { applyConclusions, overlayConclusion } from '../../src/review/overlay';
import { applicableConclusions, hostMatches, scopeMatches } from '../../src/review/scope';

const engine = new Engine();
const rescore = rescoreWith(engine);
const page = '<html><head><meta name="tdm-reservation" content="1"></head><body><p>x</p></body></html>';
const base = (over: Partial<Conclusion>): Conclusion => ({
  id: 'c1',
  action: 'confirm',
  reason: 'VERIFIED_WITH_PUBLISHER',
  comment: 'checked',
  scope: { kind: 'domain', domain: 'ex.com' },
  createdBy: 'alice',
  createdAt: '2026-11-01T00:00:00Z',
  ...over,
});

describe('scopes', () => {
  test('domain covers subdomains, not the other way round', () => {
    expect(hostMatches('www.ex.com', 'ex.com')).toBe(true);
    expect(hostMatches('ex.com', 'www.ex.com')).toBe(false);
    expect(hostMatches('notex.com', 'ex.com')).toBe(false);
  });

  test('page, path, domain, publisher', () => {
    const u = 'https://www.ex.com/news/a#frag';
    expect(scopeMatches({ kind: 'page', url: 'https://www.ex.com/news/a' }, u)).toBe(true);
    expect(scopeMatches({ kind: 'path', origin: 'https://www.ex.com', prefix: '/news/' }, u)).toBe(true);
    expect(scopeMatches({ kind: 'path', origin: 'https://www.ex.com', prefix: '/blog/' }, u)).toBe(false);
    expect(scopeMatches({ kind: 'publisher', publisher: 'Ex Group', domains: ['ex.org', 'ex.com'] }, u)).toBe(true);
  });

  test('most specific first, newest first within a scope; expired and revoked never apply', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const all: Conclusion[] = [
      base({ id: 'dom-old', createdAt: '2026-01-01T00:00:00Z' }),
      base({ id: 'dom-new', createdAt: '2026-06-01T00:00:00Z' }),
      base({ id: 'page', scope: { kind: 'page', url: 'https://ex.com/a' } }),
      base({ id: 'expired', scope: { kind: 'page', url: 'https://ex.com/a' }, expiresAt: '2026-11-01T00:00:00Z' }),
      base({ id: 'revoked', scope: { kind: 'page', url: 'https://ex.com/a' }, revokedAt: '2026-11-02T00:00:00Z' }),
      base({ id: 'pub', scope: { kind: 'publisher', publisher: 'P', domains: ['ex.com'] } }),
    ];
    expect(applicableConclusions(all, 'https://ex.com/a', now).map((c) => c.id)).toEqual([
      'page',
      'dom-new',
      'dom-old',
      'pub',
    ]);
    expect(applicableConclusions(all, 'https://ex.com/b', now).map((c) => c.id)).toEqual(['dom-new', 'dom-old', 'pub']);
  });
});

describe('overlay', () => {
  const detected = engine.check({ url: 'https://ex.com/a', body: page });

  test('confirm keeps uses and marks the verdict concluded', () => {
    const v = overlayConclusion(detected, base({}), rescore);
    expect(v.uses).toEqual(detected.uses);
    expect(v.concluded?.by).toBe('alice');
    expect(v.evidence.every((e) => e.concluded?.action === 'confirm')).toBe(true);
    expect(detected.concluded).toBeUndefined();
    expect(detected.evidence[0]!.concluded).toBeUndefined();
  });

  test('false-positive on the machine signal removes its effect; evidence stays, marked', () => {
    const id = detected.evidence[0]!.id;
    const v = overlayConclusion(
      detected,
      base({ action: 'false-positive', reason: 'DETECTION_ERROR', evidenceIds: [id] }),
      rescore,
    );
    expect(v.uses.tdm).toBe('unknown');
    expect(v.exclude.training).toBe(false);
    expect(v.evidence).toHaveLength(detected.evidence.length);
    expect(v.evidence[0]!.concluded?.action).toBe('false-positive');
  });

  test('override sets uses and recomputes exclusion', () => {
    const v = overlayConclusion(
      detected,
      base({ action: 'override', reason: 'POLICY_DECISION', permissions: { tdm: 'allowed', 'ai-train': 'allowed' } }),
      rescore,
    );
    expect(v.uses.tdm).toBe('allowed');
    expect(v.exclude.training).toBe(false);
  });

  test('licence acquired allows every restricted use, also under eu-statutory', () => {
    const eu = engine.check({ url: 'https://ex.com/a', body: page }, { profile: 'eu-statutory' });
    const v = overlayConclusion(
      eu,
      base({ action: 'licence-acquired', reason: 'LICENSE_ACQUIRED', licenceRef: 'CTR-2026-17' }),
      rescore,
    );
    expect(v.uses.tdm).toBe('allowed');
    expect(v.uses['ai-train']).toBe('allowed');
    expect(v.exclude.training).toBe(false);
    expect(v.concluded?.licenceRef).toBe('CTR-2026-17');
  });

  test('applyConclusions picks the narrowest and leaves unmatched pages alone', () => {
    const cs = [
      base({ id: 'domain-confirm' }),
      base({
        id: 'page-override',
        action: 'override',
        scope: { kind: 'page', url: 'https://ex.com/a' },
        permissions: { tdm: 'allowed' },
      }),
    ];
    expect(applyConclusions(detected, cs, rescore).concluded?.conclusionId).toBe('page-override');
    const other = engine.check({ url: 'https://other.org/x', body: page });
    expect(applyConclusions(other, cs, rescore)).toBe(other);
  });
});
