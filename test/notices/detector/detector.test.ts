import { Engine } from '../../../src/engine/engine';
import type { Evidence } from '../../../src/model/evidence';
import { detectNoticesInText } from '../../../src/notices';
import { clauseResources, resources } from '../helpers';

const engine = () => new Engine({ resources: resources() });
const clausesOnly = () => new Engine({ resources: clauseResources() });

function html(body: string, opts: { lang?: string; title?: string; head?: string } = {}): string {
  return `<!DOCTYPE html><html${opts.lang ? ` lang="${opts.lang}"` : ''}><head><meta charset="utf-8"><title>${opts.title ?? 'Page'}</title>${opts.head ?? ''}</head><body>${body}</body></html>`;
}

const ARTICLE =
  '<main><article><h1>Budget passed</h1><p>The council approved the budget on Tuesday after a long debate.</p></article></main>';
const NOTICE =
  'Reproduction or use of the content of this website for training artificial intelligence is prohibited without our prior written consent.';

function noticeEvidence(v: { evidence: Evidence[] }): Evidence[] {
  return v.evidence.filter((e) => e.signal === 'notice-text');
}

describe('notice-text evidence', () => {
  test('a footer notice: fields, offsets into the decoded document, exact excerpt', () => {
    const page = html(`${ARTICLE}<footer><p class="legal">${NOTICE}</p></footer>`, { lang: 'en' });
    const v = clausesOnly().check({ body: page, kind: 'html' });
    const [e] = noticeEvidence(v);
    expect(e).toBeDefined();
    expect(e).toMatchObject({
      signal: 'notice-text',
      protocol: 'notice',
      source: 'page',
      machineReadable: false,
      reservation: true,
      stage: 'clause',
      location: { kind: 'text', region: 'footer' },
    });
    expect(e!.effects['ai-train']).toBe('conditional');
    expect(e!.conditions?.map((c) => c.kind)).toContain('consent');
    expect(e!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(e!.confidence).toBeLessThan(1);
    const loc = e!.location as { start: number; end: number };
    expect(page.slice(loc.start, loc.end)).toBe(NOTICE);
    expect(e!.excerpt).toBe(NOTICE);
    expect((e!.details!.cues as string[]).some((c) => c.startsWith('en.modality.prohibit'))).toBe(true);
    const clause = (e!.details!.clauses as { start: number; end: number }[])[0]!;
    expect(page.slice(clause.start, clause.end)).toBe(NOTICE);
    expect(e!.rulesVersion).toBe(resources().rulesVersion);
    expect(v.reservation).toBe(true);
    expect(v.machineReadableReservation).toBe(false);
    expect(v.exclude.training).toBe(true);
  });

  test('a known notice is reported by its template with the rule id and stage', () => {
    const wp =
      'Downloading, reproduction, storage, or any other use of content available on this website—regardless of its nature and form of expression (in particular, but not limited to verbal, verbal-musical, musical, audiovisual, audio, textual, graphic, and the data and information contained therein, databases and the data contained therein) and its form (e.g., literary, journalistic, scientific, cartographic, computer programs, visual arts, photographic)—requires prior and explicit consent from Wirtualna Polska Media Spółka Akcyjna, headquartered in Warsaw, the owner of this website, regardless of the method of exploration and the technique used (manual or automated, including the use of machine learning or artificial intelligence programs). The above restriction does not apply solely to facilitate their search by internet search engines and uses within contractual relations or permitted use as specified by applicable law.';
    const v = engine().check({ body: html(`${ARTICLE}<footer><p>${wp}</p></footer>`, { lang: 'en' }), kind: 'html' });
    const e = noticeEvidence(v).find((x) => x.ruleId);
    expect(e?.stage).toMatch(/^template:/);
    expect(e?.ruleId).toBe('wp-reservation-en');
    expect(v.uses).toMatchObject({ search: 'allowed', 'ai-train': 'conditional', tdm: 'conditional' });
  });

  test('entities in the source: offsets point at the source characters, the excerpt is the decoded text', () => {
    const page = html(`<footer><p>Text &amp; data mining of this site is prohibited.</p></footer>`);
    const [e] = noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }));
    const loc = e!.location as { start: number; end: number };
    expect(page.slice(loc.start, loc.end)).toBe('Text &amp; data mining of this site is prohibited.');
    expect(e!.excerpt).toBe('Text & data mining of this site is prohibited.');
    expect(e!.effects.tdm).toBe('denied');
  });
});

describe('where a notice counts', () => {
  test('the same words in an article body do not flag the page', () => {
    const page = html(`<main><article><h1>Publishers and AI</h1><p>${NOTICE}</p></article></main>`, { lang: 'en' });
    const v = clausesOnly().check({ body: page, kind: 'html' });
    expect(noticeEvidence(v)).toEqual([]);
    expect(v.reservation).toBe(false);
  });

  test('a quoted notice (blockquote) inside an article does not flag the page', () => {
    const page = html(
      `<main><article><p>The portal shows:</p><blockquote><p>${NOTICE}</p></blockquote></article></main>`,
    );
    expect(noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }))).toEqual([]);
  });

  test('a footer-like container without <footer> counts', () => {
    const page = html(`<div id="content"><p>Recipe.</p></div><div class="site-info copyright"><p>${NOTICE}</p></div>`);
    const [e] = noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }));
    expect(e?.location).toMatchObject({ region: 'body:footer-like' });
  });

  test('loose body text after the main content counts like a footer', () => {
    const page = html(`${ARTICLE}<div class="bottom"><p>Text and data mining is prohibited.</p></div>`);
    const [e] = noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }));
    expect(e?.details?.placement).toBe('notice');
    expect(e?.effects.tdm).toBe('denied');
  });

  test('on a legal page (title names the terms) the main text counts', () => {
    const page = html(`<main><h1>Terms of use</h1><p>${NOTICE}</p></main>`, { title: 'Terms of Use | Example' });
    const [e] = noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }));
    expect(e?.details?.placement).toBe('legal');
  });

  test('a legal section (heading "Copyright") inside main counts, the rest of main does not', () => {
    const page = html(
      `<main><h1>About</h1><p>${NOTICE}</p><h2>Copyright</h2><p>Text and data mining of this blog is prohibited.</p></main>`,
    );
    const evidence = noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.excerpt).toBe('Text and data mining of this blog is prohibited.');
  });

  test('a headline that merely mentions the topic does not make the page legal', () => {
    const page = html(`<main><h1>How publishers opt out of AI training</h1><p>${NOTICE}</p></main>`, {
      title: 'How publishers opt out of AI training',
    });
    expect(noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }))).toEqual([]);
  });

  test('loose body text counts only in the publisher voice, never as reported speech', () => {
    const own = html('<p>Text and data mining of this website is prohibited.</p>');
    expect(noticeEvidence(clausesOnly().check({ body: own, kind: 'html' }))).toHaveLength(1);
    const reported = html('<p>Text and data mining is prohibited, the association said.</p>');
    expect(noticeEvidence(clausesOnly().check({ body: reported, kind: 'html' }))).toEqual([]);
  });
});

describe('hard negatives stay clean on whole pages', () => {
  test('cookie banner in a footer-like box', () => {
    const page = html(
      `${ARTICLE}<div class="cookie-consent footer-banner"><p>We use cookies and process your personal data for analytics and advertising. You can withdraw your consent at any time.</p></div>`,
    );
    const v = clausesOnly().check({ body: page, kind: 'html' });
    expect(noticeEvidence(v)).toEqual([]);
  });
  test('job ad for an ML engineer plus a copyright footer: redistribution only', () => {
    const page = html(
      '<main><h1>Machine Learning Engineer</h1><p>You will train large language models and crawl public datasets.</p></main><footer><p>© 2025 Acme. All rights reserved.</p></footer>',
    );
    const v = clausesOnly().check({ body: page, kind: 'html' });
    expect(v.uses).toMatchObject({ 'ai-train': 'unknown', tdm: 'unknown', redistribution: 'conditional' });
    expect(v.reservation).toBe(false);
  });
  test('"© 2024 Foo. All rights reserved." alone', () => {
    const v = clausesOnly().check({ body: '© 2024 Foo. All rights reserved.', kind: 'text' });
    expect(v.uses).toMatchObject({ redistribution: 'conditional', 'ai-train': 'unknown', tdm: 'unknown' });
    expect(v.reservation).toBe(false);
  });
  test('permissive statement and CC0 come out allowed', () => {
    const v = clausesOnly().check({
      body: html('<footer><p>Scraping and AI training welcome. All notes are released under CC0 1.0.</p></footer>'),
      kind: 'html',
    });
    expect(v.uses).toMatchObject({
      'ai-train': 'allowed',
      tdm: 'allowed',
      redistribution: 'allowed',
      commercial: 'allowed',
    });
    expect(v.exclude.training).toBe(false);
  });
});

describe('metadata texts', () => {
  test('reference vector 80: dc.rights with a § 44b reservation', () => {
    const page = html('<p>x</p>', {
      head: '<meta name="dc.rights" content="© 2026 Example GmbH. Alle Rechte vorbehalten. Text und Data Mining vorbehalten (§ 44b Abs. 3 UrhG).">',
    });
    const v = clausesOnly().check({ body: page, kind: 'html' });
    // ai-train is derived from the TDM reservation (issue 10; the reference vector predates it).
    expect(v.uses).toMatchObject({ tdm: 'denied', redistribution: 'conditional', 'ai-train': 'denied' });
    const e = noticeEvidence(v)[0]!;
    expect(e.derived).toEqual({ 'ai-train': 'tdm' });
    expect(e.location).toMatchObject({ kind: 'element', element: 'meta', attribute: 'name=dc.rights' });
    expect(v.reservation).toBe(true);
  });
  test('plain copyright in dc.rights is left to the dc-rights detector', () => {
    const page = html('<p>x</p>', { head: '<meta name="copyright" content="© 2026 Example. All rights reserved.">' });
    expect(noticeEvidence(clausesOnly().check({ body: page, kind: 'html' }))).toEqual([]);
  });
  test('JSON-LD copyrightNotice', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      copyrightNotice: 'Tous droits réservés. La fouille de textes et de données est interdite (art. L.122-5-3 CPI).',
    });
    const page = html('<p>x</p>', { head: `<script type="application/ld+json">${ld}</script>` });
    const v = clausesOnly().check({ body: page, kind: 'html' });
    expect(v.uses.tdm).toBe('denied');
    expect(noticeEvidence(v)[0]!.location).toMatchObject({ element: 'script', attribute: 'copyrightNotice' });
  });
});

describe('verdict.language', () => {
  test('<html lang> when present, identified from the text otherwise', () => {
    expect(engine().check({ body: html('<p>x</p>', { lang: 'pt-BR' }), kind: 'html' }).language).toBe('pt');
    const text =
      'Wszelkie prawa zastrzeżone. Kopiowanie i rozpowszechnianie treści serwisu bez pisemnej zgody wydawcy jest zabronione.';
    expect(engine().check({ body: text, kind: 'text' }).language).toBe('pl');
  });
});

describe('detectNoticesInText (site files such as robots.txt)', () => {
  const robots = [
    'User-agent: *',
    'Disallow: /private/',
    '',
    '# Notice: Collection of data on this site through automated means is',
    '# prohibited unless you have express written permission from Example.',
    'User-agent: GPTBot',
    'Disallow: /',
  ].join('\n');

  test('comment lines only, site evidence pointing at file and line', () => {
    const [e] = detectNoticesInText(robots, {
      source: 'site',
      file: 'robots.txt',
      commentsOnly: true,
      resources: clauseResources(),
    });
    expect(e).toMatchObject({
      signal: 'notice-text',
      source: 'site',
      location: { kind: 'file', file: 'robots.txt', line: 4 },
      effects: { tdm: 'conditional' },
      reservation: true,
    });
    expect(e!.details).toMatchObject({ lineEnd: 5 });
    const d = e!.details as { start: number; end: number };
    expect(robots.slice(d.start, d.end)).toMatch(/^Notice: Collection .* from Example\.$/s);
  });

  test('directives are not read as prose', () => {
    expect(
      detectNoticesInText('User-agent: *\nDisallow: /\n', {
        source: 'site',
        file: 'robots.txt',
        commentsOnly: true,
        resources: clauseResources(),
      }),
    ).toEqual([]);
  });
});
