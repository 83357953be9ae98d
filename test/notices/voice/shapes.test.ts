import { Engine } from '../../../src/engine/engine';
import { detectNoticesInText } from '../../../src/notices';
import { clauseResources } from '../helpers';

/**
 * The shapes of issue 10 (examples invented in the same shapes as the misses and false flags it lists),
 * through the whole engine with the clause classifier alone (no template can know these publishers).
 */
const engine = () => new Engine({ resources: clauseResources() });
const check = (body: string, lang?: string) =>
  engine().check({
    body: lang ? `<html lang="${lang}"><body><footer>${body}</footer></body></html>` : body,
    kind: lang ? 'html' : 'text',
  });

describe('reservations nobody wrote a template for', () => {
  test('a publisher speaking for itself in a robots.txt comment block', () => {
    const robots = [
      '# ----------------------------------------',
      '# Northwind Daily does not allow its journalism to be used for LLMs without a licence.',
      '# Unlicensed use of our articles to train AI models is not permitted; any such use',
      '# needs our written approval.',
      '# ----------------------------------------',
      'User-agent: *',
      'Allow: /',
    ].join('\n');
    const found = detectNoticesInText(robots, {
      source: 'site',
      file: 'robots.txt',
      commentsOnly: true,
      resources: clauseResources(),
    });
    const uses = Object.assign({}, ...found.map((e) => e.effects));
    expect(uses['ai-train']).toBe('conditional');
    expect(found.some((e) => e.reservation)).toBe(true);
    // Comment markers are not part of the condition text, and the excerpt shows the file as written.
    for (const e of found) for (const c of e.conditions ?? []) expect(c.text).not.toMatch(/#/);
    expect(found.some((e) => e.excerpt.includes('#'))).toBe(true);
  });

  test('terms list items whose lead is far away or cut off', () => {
    const v = check(
      [
        '(11) impersonate any person;',
        "(12) harvest the Service's text by automated means for training datasets;",
        '(c) deploy crawlers or other extraction software to copy or resell our data.',
      ].join('\n'),
    );
    expect(v.uses.tdm).toBe('denied');
    expect(v.uses['ai-train']).not.toBe('unknown');
    expect(v.reservation).toBe(true);
  });

  test('a bulleted list that closes with its condition', () => {
    const v = check(
      'Reusing any of these —\n• our videos\n• our photos\n• anything taken from our apps to build or train AI systems —\nneeds our permission first.',
    );
    expect(v.uses['ai-train']).toBe('conditional');
  });

  test('enumerated purposes after one prohibition each set their own use', () => {
    const v = check(
      'Automated collection of our content is not allowed without written permission. This includes: (a) data mining; (b) building corpora for machine learning or language models; (c) sharing stored copies with third parties; (d) any commercial resale.',
    );
    expect(v.uses).toMatchObject({
      tdm: 'conditional',
      'ai-train': 'conditional',
      redistribution: 'conditional',
      commercial: 'conditional',
    });
  });

  test.each([
    ['PT.', 'PT. Contoh Media'],
    ['S.A.', 'Ejemplo Medios S.A.'],
    ['Sp. z o.o.', 'Przykład Media Sp. z o.o.'],
    ['Inc.', 'Example Media, Inc.'],
    ['GmbH & Co. KG', 'Beispiel Medien GmbH & Co. KG'],
  ])('a company abbreviation (%s) does not end the sentence early', (_abbr, name) => {
    const v = check(
      `© 2026 ${name}. Text and data mining of this website requires the prior written consent of ${name}.`,
    );
    expect(v.uses.tdm).toBe('conditional');
  });

  test.each([
    'Der Rechteinhaber behält sich die Vervielfältigung für Text und Data Mining nach § 44b UrhG ausdrücklich vor.',
    'Wir behalten uns die Nutzung unserer Inhalte für Text und Data Mining im Sinne von § 44b UrhG ausdrücklich vor.',
  ])('German statutory wording: %s', (text) => {
    const v = check(text, 'de');
    expect(v.uses.tdm).toBe('denied');
    expect(v.uses['ai-train']).toBe('denied');
  });
});

describe('holdout6 shapes (invented in the same shapes as the texts that were missed or flagged)', () => {
  test('a licence that "does not include any right to" an enumerated list restricts each item', () => {
    const v = check(
      'We grant you a limited licence to use the Service. This licence does not include any right to: (a) resale or commercial use of the Service; (b) copying of listings; or (c) use of data mining, robots or similar data extraction tools.',
    );
    expect(v.uses.tdm).toBe('denied');
    expect(v.uses.commercial).toBe('denied');
  });

  test('"agree NOT to:" leads a list (Dutch)', () => {
    const v = check(
      '7.2 Acceptabel gebruik\n\nGebruikers stemmen ermee in om NIET:\n\n- De dienst te scrapen\n- Accountgegevens te delen',
    );
    expect(v.uses.tdm).toBe('denied');
  });

  test('a nested lead without a modality of its own passes on the restriction of its list', () => {
    const v = check(
      [
        'You are expressly prohibited from:',
        '* Copying or distributing the Work.',
        '* Using the Work for any purpose, including but not limited to:',
        '    * Incorporating the Work into another product.',
        '    * Using the Work for training artificial intelligence models.',
      ].join('\n'),
    );
    expect(v.uses['ai-train']).toBe('denied');
  });

  test('Polish terms name the publisher by defined terms ("Operator", "Serwis"): a gloss "(tzw. …)" does not make it an explanation', () => {
    const v = check(
      '9.3. Bez uprzedniej pisemnej zgody Operatora zabronione jest automatyczne pobieranie treści Serwisu za pomocą skryptów, botów lub crawlerów (tzw. web scraping).',
    );
    expect(v.uses.tdm).toBe('conditional');
  });

  test.each([
    ['how-to (Danish): the reservation is what is explained', 'Du kan se, hvordan du tager forbehold for TDM her.'],
    [
      'a statute (Danish): whoever has lawful access',
      'Den, som har lovlig adgang til et værk, må foretage udtræk med henblik på tekst- og datamining, på betingelse af at rettighedshaveren ikke har forbeholdt sig dette.',
    ],
    [
      'news (Spanish): someone’s new terms',
      'Los nuevos términos de Mastodon prohíben la extracción de datos para entrenar modelos de inteligencia artificial.',
    ],
    [
      'law explainer (Italian): the possibility of rightsholders',
      'Una questione riguarda la possibilità, da parte dei titolari di diritti, di riservare l’uso delle opere per l’addestramento dell’intelligenza artificiale.',
    ],
    [
      'news (Italian): the paper "specifies that" its terms forbid scraping',
      'Per questo, il giornale specifica che nessun sistema automatizzato per lo scraping potrà essere utilizzato sulle sue pagine senza autorizzazione.',
    ],
    [
      'a vendor promise about users’ data (Spanish)',
      'Rodeo no utiliza los datos de producción del usuario para entrenar modelos de inteligencia artificial sin su consentimiento.',
    ],
  ])('%s: no reservation', (_name, text) => {
    expect(check(text).reservation).toBe(false);
  });
});

describe('text about reservations is not a reservation', () => {
  test.each([
    [
      'law explainer',
      'Under § 44b UrhG, text and data mining of lawfully accessible works is permitted. Rightsholders can opt out, but the reservation must be made in machine-readable form. If the rightsholder has not reserved these rights, AI developers may mine the content.',
    ],
    [
      'news about opt-outs',
      'Several national newspapers have blocked GPTBot this year, the association said on Monday. The publishers argue that training AI models on their archives without a licence is prohibited.',
    ],
    [
      'how-to for the reader’s own site',
      'How to block AI crawlers: you can add a Disallow rule for GPTBot to your robots.txt. If you want to prohibit AI training, you should also add a TDM reservation.',
    ],
    ['a question', 'Can publishers prohibit the use of their articles for AI training?'],
    ['a quoted notice', 'The footer reads “Text and data mining is prohibited”, which critics call unenforceable.'],
    ['a header name', 'The scraper honours the X-TDM-Opt-Out header and tdm-reservation="1" meta tags.'],
    [
      'a vendor promise about the reader’s data',
      'We will never use your prompts to train our models without your consent.',
    ],
  ])('%s', (_name, text) => {
    const v = check(text);
    expect(v.reservation).toBe(false);
  });

  test('a set-aside finding goes to review with its reason, rather than being dropped', () => {
    const v = check(
      'Publishers can prohibit text and data mining of their sites under Art. 4(3) of the DSM Directive.',
    );
    expect(v.reservation).toBe(false);
    const f = v.flags.find((x) => x.code === 'notice_uncertain');
    expect(f?.detail).toMatch(/confidence/);
  });

  test('a news story whose paragraphs are one sentence each: its headline and restatements are part of it', () => {
    const v = check(
      [
        'Northwind Herald Bans Scraping Of Its Archive For AI Training',
        'The Northwind Herald has changed its terms of service to forbid scraping for AI training, reports said.',
        'In the update, the Herald prohibits the use of robots or scrapers to collect its articles.',
        'Firms also may not use Herald content to train a machine learning system.',
        'The paper told reporters the change was overdue, critics argued it came too late.',
        'The story first appeared in a trade magazine, which said other newspapers are expected to follow.',
      ].join('\n\n'),
    );
    expect(v.reservation).toBe(false);
  });

  test('a heading that names a reservation states none; the section under it still can', () => {
    expect(
      check('Text- und Data-Mining-Vorbehalt\n\nSeit 2021 regelt das Gesetz das Text- und Data-Mining.').reservation,
    ).toBe(false);
    // The section's own restriction names no use; the heading gives it the use it names.
    const own = check('Text and data mining reservation\n\nWe expressly reserve this use of our content.');
    expect(own.uses.tdm).toBe('denied');
    const consent = check('Nutzung für Text- und Data-Mining\n\nDiese Nutzung ist ohne unsere Zustimmung untersagt.');
    expect(consent.uses.tdm).toBe('conditional');
    expect(check('NO AI TRAINING COMMITMENT\n\nWe never use customer files to train models.').reservation).toBe(false);
  });

  test('a publisher footer after a news article still counts', () => {
    const v = check(
      'Several newspapers have blocked AI crawlers, the association said. Rightsholders can opt out under the directive, lawyers explained.\n\n© 2026 Example News. All rights reserved. Text and data mining of this website is prohibited.',
    );
    expect(v.uses.tdm).toBe('denied');
  });
});
