import { Engine } from '../../src/engine/engine';
import type { SiteInput } from '../../src/model/siteInput';

/** Page and site evidence through the same combination (docs/precedence.md, "Page and site together"). */
const engine = new Engine();
const blockAllMajors = [
  'GPTBot',
  'CCBot',
  'Google-Extended',
  'ClaudeBot',
  'Applebot-Extended',
  'Bytespider',
  'meta-externalagent',
]
  .map((a) => `User-agent: ${a}\nDisallow: /`)
  .join('\n\n');
const check = (html: string, site: SiteInput, headers: [string, string][] = [], profile?: string) =>
  engine.check({ url: 'https://ex.com/a/b', body: html, headers, kind: 'html' }, { site, profile });

describe('page + site combination', () => {
  test('a page-level CC BY licence does not cancel a site-level robots.txt reservation', () => {
    const v = check(
      '<html><head><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head><body><p>x</p></body></html>',
      { robotsTxt: { body: blockAllMajors } },
    );
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.uses.redistribution).toBe('conditional');
    const c = v.conflicts.find((x) => x.use === 'ai-train')!;
    expect(c.code).toBe('license_vs_reservation');
    expect(c.values.map((x) => x.protocol)).toEqual(expect.arrayContaining(['robots-txt', 'creative-commons']));
    expect(v.exclude.training).toBe(true);
  });

  test('a page-level aipref allow does not cancel a site-level denial of another protocol (cross_protocol)', () => {
    const v = check('<p>x</p>', { robotsTxt: { body: blockAllMajors } }, [['Content-Usage', 'train-ai=y']]);
    expect(v.uses['ai-train']).toBe('denied');
    const c = v.conflicts.find((x) => x.use === 'ai-train')!;
    expect(c).toMatchObject({ code: 'cross_protocol', resolved: 'denied' });
    const siteIds = v.evidence.filter((e) => e.source === 'site').map((e) => e.id);
    expect(v.decidedBy['ai-train']!.some((id) => siteIds.includes(id))).toBe(true);
  });

  test('inside one protocol the most restrictive wins: robots.txt Content-Signal no vs a permissive header', () => {
    const v = check('<p>x</p>', { robotsTxt: { body: 'User-agent: *\nContent-Signal: ai-train=no\nAllow: /\n' } }, [
      ['Content-Signal', 'ai-train=yes, search=yes, ai-input=yes'],
    ]);
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.uses['ai-input']).toBe('allowed');
    expect(v.conflicts.some((c) => c.use === 'ai-train' && c.code === 'cross_protocol')).toBe(false);
  });

  test('within TDMRep the page meta supersedes tdmrep.json, but another protocol\u2019s site denial still wins', () => {
    const v = check('<html><head><meta name="tdm-reservation" content="0"></head><body><p>x</p></body></html>', {
      tdmrepJson: { body: '[{"location":"/","tdm-reservation":1}]' },
      robotsTxt: { body: blockAllMajors },
    });
    expect(v.uses.tdm).toBe('allowed');
    expect(v.uses['ai-train']).toBe('denied');
    const file = v.evidence.find((e) => e.signal === 'tdmrep-file')!;
    expect(file.superseded).toBe(true);
    expect(v.conflicts.map((c) => c.code)).toEqual(expect.arrayContaining(['tdmrep_carrier_disagreement']));
  });

  test('robots.txt reservations are machine-readable: the eu-statutory profile excludes the page', () => {
    const v = check('<p>x</p>', { robotsTxt: { body: blockAllMajors } }, [], 'eu-statutory');
    expect(v.machineReadableReservation).toBe(true);
    expect(v.exclude.training).toBe(true);
  });

  test('site evidence objects are not shared between verdicts (the combiner marks evidence per verdict)', () => {
    const site: SiteInput = { tdmrepJson: { body: '[{"location":"/","tdm-reservation":1}]' } };
    const a = check('<html><head><meta name="tdm-reservation" content="0"></head><body></body></html>', site);
    const b = check('<p>x</p>', site);
    expect(a.evidence.find((e) => e.signal === 'tdmrep-file')?.superseded).toBe(true);
    expect(b.evidence.find((e) => e.signal === 'tdmrep-file')?.superseded).toBeFalsy();
    expect(b.uses.tdm).toBe('denied');
  });
});

describe('site RSL documents also resolve the page own licence links', () => {
  const doc =
    '<rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license><prohibits type="usage">ai-all</prohibits></license></content></rsl>';
  const html =
    '<html><head><link rel="license" type="application/rsl+xml" href="/license.xml"></head><body><p>x</p></body></html>';

  test('keyed by URL: <link rel=license type=application/rsl+xml> is evaluated, not left unresolved', () => {
    const v = check(html, { rsl: { 'https://ex.com/license.xml': doc } });
    const link = v.evidence.find((e) => e.signal === 'rsl-link')!;
    expect(link.effects).toMatchObject({ 'ai-train': 'denied', 'ai-input': 'denied' });
    expect(v.flags.map((f) => f.code)).not.toContain('rsl_remote_unresolved');
    expect(v.evidence.some((e) => e.signal === 'rsl-license')).toBe(false);
  });

  test('supplied without a URL (CLI --rsl FILE): matched by file name, flagged, not applied twice', () => {
    const v = check(html, { rsl: { 'license.xml': doc } });
    expect(v.evidence.find((e) => e.signal === 'rsl-link')!.effects['ai-train']).toBe('denied');
    expect(v.flags.map((f) => f.code)).toContain('rsl_assumed_association');
    expect(v.evidence.some((e) => e.signal === 'rsl-license')).toBe(false);
  });

  test('a document supplied without any association still applies, flagged rsl_unassociated', () => {
    const v = check('<p>x</p>', { rsl: { 'terms.xml': doc } });
    expect(v.uses['ai-train']).toBe('denied');
    expect(v.flags.map((f) => f.code)).toContain('rsl_unassociated');
  });
});
