import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/rules/root';
import { classify } from '../helpers';

const corpus = (f: string) => readFileSync(join(projectRoot(), 'test', 'corpus', f), 'utf8');

describe('the Wirtualna Polska notice without its template', () => {
  test.each([
    ['pl', 'notices/pl-wp.txt'],
    ['en', 'notices/en-wp.txt'],
  ])('%s: consent for AI/TDM and reuse, search engines carved out', (lang, file) => {
    const r = classify(corpus(file), lang);
    expect(r.findings.templates).toEqual([]);
    expect(r.effects).toMatchObject({
      'ai-train': 'conditional',
      'ai-input': 'conditional',
      tdm: 'conditional',
      search: 'allowed',
      redistribution: 'conditional',
      commercial: 'conditional',
    });
    expect(r.reservation).toBe(true);
    const n = r.findings.notices[0]!;
    expect(n.conditions.map((c) => c.kind)).toContain('consent');
    expect(n.exceptions.join(' ')).toMatch(/wyszukiwar|search engines/);
    // Every clause keeps its offsets and the cues that fired.
    for (const c of n.clauses) expect(corpus(file).slice(c.start, c.end)).toBe(c.text);
    expect(n.clauses[0]!.cues.length).toBeGreaterThan(3);
  });
});

describe('reference vectors 80, 82, 83 (statute-based reservations)', () => {
  test.each([
    ['de', '© 2026 Example GmbH. Alle Rechte vorbehalten. Text und Data Mining vorbehalten (§ 44b Abs. 3 UrhG).'],
    ['en', '© 2027 X. All rights reserved, including text and data mining (Art. 4(3) of Directive (EU) 2019/790).'],
    [
      'pl',
      'Wszelkie prawa zastrzeżone, również w zakresie eksploracji tekstów i danych (art. 26³ ustawy o prawie autorskim i prawach pokrewnych).',
    ],
  ])('%s', (lang, text) => {
    const r = classify(text, lang);
    expect(r.effects.tdm).toBe('denied');
    expect(r.effects.redistribution).toBe('conditional');
    expect(r.effects['ai-train']).toBeUndefined();
    expect(r.reservation).toBe(true);
  });
});

describe('plain copyright is not a reservation', () => {
  test('"© 2024 Foo. All rights reserved." alone: redistribution conditional (consent), nothing else', () => {
    const r = classify('© 2024 Foo. All rights reserved.', 'en');
    expect(r.effects).toEqual({ redistribution: 'conditional' });
    expect(r.reservation).toBe(false);
    expect(r.findings.notices[0]!.kind).toBe('copyright-only');
  });
  test('"Minden jog fenntartva" under an English page is still read (copyright cues of every language)', () => {
    expect(classify('© 2025 Fix-Go.hu - Minden jog fenntartva', 'en').effects).toEqual({
      redistribution: 'conditional',
    });
  });
});

describe('modality and negation in twelve languages', () => {
  test.each([
    ['en', 'Using the content of this website to train AI models is not permitted.'],
    ['de', 'Die Nutzung der Inhalte dieser Website für das Training von KI-Modellen ist nicht gestattet.'],
    ['fr', "L'utilisation des contenus de ce site pour l'entraînement de modèles d'IA n'est pas autorisée."],
    ['es', 'No está permitido utilizar los contenidos de este sitio para entrenar modelos de IA.'],
    ['it', "Non è consentito utilizzare i contenuti di questo sito per l'addestramento di modelli di IA."],
    ['nl', 'Het is niet toegestaan de inhoud van deze website te gebruiken voor het trainen van AI-modellen.'],
    ['pt', 'Não é permitido utilizar os conteúdos deste site para treinar modelos de IA.'],
    ['pl', 'Wykorzystywanie treści serwisu do trenowania modeli AI nie jest dozwolone.'],
    ['cs', 'Použití obsahu tohoto webu pro trénování modelů AI není povoleno.'],
    ['sv', 'Det är inte tillåtet att använda innehållet för träning av AI-modeller.'],
    ['da', 'Det er ikke tilladt at bruge indholdet til træning af AI-modeller.'],
    ['ro', 'Nu este permisă utilizarea conținutului pentru antrenarea modelelor AI.'],
  ])('%s: a negated permission is a prohibition', (lang, text) => {
    const r = classify(text, lang);
    expect([lang, r.effects['ai-train']]).toEqual([lang, 'denied']);
  });

  test.each([
    ['en', 'Reproduction of our articles requires the prior written consent of the publisher.'],
    ['de', 'Die Vervielfältigung unserer Artikel bedarf der vorherigen schriftlichen Zustimmung des Verlags.'],
    ['fr', "Toute reproduction des articles est interdite sans l'autorisation écrite de l'éditeur."],
    ['pl', 'Kopiowanie artykułów wymaga uprzedniej pisemnej zgody wydawcy.'],
  ])('%s: a consent requirement makes the use conditional', (lang, text) => {
    const r = classify(text, lang);
    expect(r.effects.redistribution).toBe('conditional');
    expect(r.findings.notices[0]!.conditions.map((c) => c.kind)).toContain('consent');
  });

  test('"kein Verbot": a negated prohibition is a permission', () => {
    expect(classify('Es gilt kein Verbot kommerzieller Nutzung.', 'de').effects.commercial).toBe('allowed');
  });
});

describe('exceptions', () => {
  test('a search-engine carve-out in the next sentence beats the restriction', () => {
    const r = classify(
      'Automated access to this site by robots or scrapers is prohibited. This does not apply to search engines such as Google or Bing.',
      'en',
    );
    expect(r.effects).toMatchObject({ tdm: 'denied', search: 'allowed' });
    expect(r.findings.notices[0]!.exceptions[0]).toMatch(/search engines/);
  });
  test.each([
    [
      'de',
      'Jede automatisierte Auswertung (Text- und Data-Mining) ist untersagt; ausgenommen ist die Indexierung durch Suchmaschinen.',
    ],
    ['fr', "Toute extraction automatisée est interdite, sauf pour l'indexation par les moteurs de recherche."],
    ['pl', 'Zabrania się eksploracji tekstów i danych. Zakaz nie dotyczy wyszukiwarek internetowych.'],
  ])('%s: "ausgenommen", "sauf", "nie dotyczy"', (lang, text) => {
    expect(classify(text, lang).effects).toMatchObject({ tdm: 'denied', search: 'allowed' });
  });
  test('"except with our written consent" is a way to obtain permission, not a carve-out', () => {
    const r = classify(
      'You may not use data mining, robots or screen scraping on this site, except with our express written consent.',
      'en',
    );
    expect(r.effects.tdm).toBe('conditional');
  });
  test('"except for personal, non-commercial use" is kept as an exception and changes no use', () => {
    const r = classify(
      'No part of this website may be reproduced without the prior written permission of the publisher, except for personal, non-commercial use.',
      'en',
    );
    expect(r.effects).toEqual({ redistribution: 'conditional' });
    expect(r.findings.notices[0]!.exceptions[0]).toMatch(/personal, non-commercial use/);
  });
  test('"does not extend to" leaves the named uses out of a permission', () => {
    const r = classify(
      'Search engines may index this site. This permission does not extend to text and data mining or AI training.',
      'en',
    );
    expect(r.effects.search).toBe('allowed');
    expect(r.effects.tdm).toBeUndefined();
    expect(r.effects['ai-train']).toBeUndefined();
  });
  test('a consent path that names no use turns the notice conditional ("Ausnahmen bedürfen der Genehmigung")', () => {
    const r = classify(
      'Der Betreiber untersagt die Nutzung sämtlicher Inhalte für folgende Zwecke:\n- Training von KI-Modellen\n- Text- und Data-Mining\n\nAusnahmen bedürfen der schriftlichen Genehmigung des Betreibers.',
      'de',
    );
    expect(r.effects).toMatchObject({ 'ai-train': 'conditional', tdm: 'conditional' });
  });
  test('a reservation with a licensing offer elsewhere in the text is conditional', () => {
    const r = classify(
      'We expressly reserve text and data mining of all works on this website.\n\nLicensing enquiries: please contact licensing@example.com.',
      'en',
    );
    expect(r.effects.tdm).toBe('conditional');
  });
});

describe('structure: lists, headings, mixed clauses', () => {
  test('list items inherit the modality of their lead; an item may add its own consent', () => {
    const r = classify(
      'Está prohibido:\n• Utilizar técnicas de minería de datos\n• Usar el contenido para entrenar sistemas de inteligencia artificial sin autorización',
      'es',
    );
    // The text names a way to obtain permission ("sin autorización"): as the corpus labels read it, no
    // restriction of this notice is absolute.
    expect(r.effects).toMatchObject({ tdm: 'conditional', 'ai-train': 'conditional' });
    const denied = classify(
      'Está prohibido:\n• Utilizar técnicas de minería de datos\n• Usar robots para copiar el contenido',
      'es',
    );
    expect(denied.effects).toMatchObject({ tdm: 'denied' });
  });
  test('a heading with a modality leads the list under it', () => {
    const r = classify('6. What you may not do\n\n- Use this content to train or fine-tune AI models.', 'en');
    expect(r.effects['ai-train']).toBe('denied');
  });
  test('a heading that names uses gives them to the reservation in its section', () => {
    const r = classify(
      'Nutzung zum Training von KI-Modellen\n\nFür diese Seite behalten wir uns die Nutzung zum Text- und Data-Mining vor.',
      'de',
    );
    expect(r.effects).toMatchObject({ tdm: 'denied', 'ai-train': 'denied' });
  });
  test('in a mixed clause each use takes the nearest modality', () => {
    const r = classify('Indexing by search engines is permitted, but AI training is prohibited.', 'en');
    expect(r.effects).toMatchObject({ search: 'allowed', 'ai-train': 'denied' });
  });
  test('"… for personal, non-commercial use only"', () => {
    const r = classify('The content of this website is for personal, non-commercial use only.', 'en');
    expect(r.effects).toMatchObject({ commercial: 'denied', redistribution: 'denied' });
  });
  test('reproduction as the means of a TDM purpose is not a redistribution restriction', () => {
    const r = classify('Reproduction of our works for the purpose of training AI models is prohibited.', 'en');
    expect(r.effects).toEqual({ 'ai-train': 'denied' });
  });
  test('"… also for the purpose of TDM" extends the restriction instead of naming its means', () => {
    const r = classify(
      "È vietata la riproduzione, anche parziale, dei contenuti, anche ai fini di estrazione di testo e di dati ai sensi dell'art. 70-quater.",
      'it',
    );
    expect(r.effects).toMatchObject({ tdm: 'denied', redistribution: 'denied' });
  });
  test('a negation after a consent belongs to the verb ("ohne Zustimmung nicht … verwendet werden")', () => {
    const r = classify(
      'Die Inhalte dürfen ohne Zustimmung nicht für das Training von KI-Modellen verwendet werden.',
      'de',
    );
    expect(r.effects['ai-train']).toBe('conditional');
  });
  test('Norwegian bokmål is read with its own lexicon (issue 11; the Danish one carried its spellings before)', () => {
    const r = classify(
      'Alle rettigheter forbeholdt. Innholdet kan ikke brukes til trening av kunstig intelligens uten skriftlig tillatelse.',
    );
    expect(r.findings.language.language).toBe('no');
    expect(r.effects['ai-train']).toBe('conditional');
  });
  test('"any use for commercial purposes" is about commercial use only', () => {
    expect(classify('Any use of the content for commercial purposes is prohibited.', 'en').effects).toEqual({
      commercial: 'denied',
    });
  });
});

describe('hard negatives stay clean', () => {
  test.each([
    ['en', 'We never use customer content or prompts to train our AI models.'],
    ['de', 'Wir verwenden Ihre Inhalte nicht zum Training von KI-Modellen.'],
    ['fr', "Nous n'utilisons jamais vos contenus pour entraîner des modèles d'intelligence artificielle."],
    ['nl', 'We verkopen geen persoonsgegevens en gebruiken je inhoud niet voor het trainen van AI-modellen.'],
    ['en', 'We use cookies and process your personal data; you will not be subject to automated decisions.'],
    ['it', 'Questo sito utilizza cookie tecnici e, previo tuo consenso, cookie di profilazione.'],
    ['en', 'We are hiring a Machine Learning Engineer to train large language models and crawl public datasets.'],
    ['fr', 'Le Passager peut être sollicité afin de procéder à une fouille de ses Bagages.'],
    ['cs', 'Změna programu vyhrazena.'],
    ['de', 'Alle Preise inkl. MwSt. Änderungen und Irrtümer vorbehalten.'],
    ['en', 'The TDM exception applies unless rights holders have expressly reserved their rights.'],
    ['de', 'Nach § 44b UrhG ist ein maschinenlesbarer Nutzungsvorbehalt zu beachten.'],
    ['en', 'The publisher has a reservation against text and data mining in their terms.'],
  ])('%s: %s', (lang, text) => {
    const r = classify(text, lang);
    expect(r.reservation).toBe(false);
    expect(r.effects['ai-train'] ?? 'unknown').toBe('unknown');
    expect(r.effects.tdm ?? 'unknown').toBe('unknown');
  });
  test('scrambled words of a reservation are not a statement', () => {
    const r = classify(
      'website consent regardless nature prior content learning downloading explicit the of machine search restriction engines apply intelligence artificial the storage owner reproduction method does.',
      'en',
    );
    expect(r.effects).toEqual({});
  });
});

describe('permissions come out allowed', () => {
  test('"scraping and AI training welcome" and CC0', () => {
    const r = classify(
      'Scraping and AI training are welcome. All articles are dedicated to the public domain under CC0.',
      'en',
    );
    expect(r.effects).toMatchObject({
      'ai-train': 'allowed',
      tdm: 'allowed',
      redistribution: 'allowed',
      commercial: 'allowed',
    });
    expect(r.reservation).toBe(false);
  });
  test('a licence named in prose (CC BY-NC 4.0) gives its terms', () => {
    const r = classify('Textes publiés sous licence CC BY-NC 4.0.', 'fr');
    expect(r.effects).toMatchObject({ redistribution: 'conditional', commercial: 'denied' });
    expect(r.findings.notices[0]!.clauses[0]!.cues).toContain('licence: CC-BY-NC-4.0');
  });
  test('a conditional permission is a licence term, not a reservation', () => {
    const r = classify(
      'If you operate a search engine, we conditionally grant permission to crawl the site subject to the following rules.',
      'en',
    );
    expect(r.effects.search).toBe('conditional');
    expect(r.reservation).toBe(false);
  });
});
