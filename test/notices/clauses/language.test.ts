import { chooseLexicons, identifyLanguage, pageLanguage, primaryLanguage } from '../../../src/notices/language';
import { resources } from '../helpers';

const cues = () => resources().cues;

describe('language identification', () => {
  test.each([
    ['en', 'All rights reserved. Text and data mining of the content of this website is prohibited without consent.'],
    ['de', 'Alle Rechte vorbehalten. Die Nutzung der Inhalte für Text- und Data-Mining ist ohne Zustimmung untersagt.'],
    ['pl', 'Wszelkie prawa zastrzeżone. Eksploracja tekstów i danych z treści serwisu jest zabroniona bez zgody.'],
    ['fr', 'Tous droits réservés. La fouille de textes et de données des contenus de ce site est interdite.'],
    ['cs', 'Všechna práva vyhrazena. Vytěžování textů a dat z obsahu tohoto webu je bez souhlasu zakázáno.'],
    ['sv', 'Alla rättigheter förbehållna. Text- och datautvinning av innehållet på webbplatsen är inte tillåten.'],
  ])('%s', (lang, text) => {
    expect(identifyLanguage(text, cues())).toMatchObject({ lang, confident: true });
  });

  test('Danish and Finnish, which franc-min does not know, are told apart by their letters and endings', () => {
    expect(
      identifyLanguage(
        'Alle rettigheder forbeholdes. Tekst- og datamining samt brug af indholdet til træning af kunstig intelligens er ikke tilladt uden skriftlig tilladelse fra udgiveren.',
        cues(),
      ).lang,
    ).toBe('da');
    expect(
      identifyLanguage(
        'Kaikki oikeudet pidätetään. Sivuston sisällön kopioiminen ja käyttäminen tekoälyn kouluttamiseen on kielletty ilman kirjallista lupaa sivuston omistajalta.',
        cues(),
      ).lang,
    ).toBe('fi');
  });

  test('too short to tell: not confident', () => {
    expect(identifyLanguage('© 2024 Foo', cues()).confident).toBe(false);
  });

  test('<html lang> first, English always added, every lexicon when unsure', () => {
    const declared = chooseLexicons(cues(), 'x', 'pl-PL');
    expect(declared.lexicons.map((l) => l.lang)).toEqual(['pl', 'en', '*']);
    expect(declared.fallback).toBe(false);
    const unsure = chooseLexicons(cues(), '© 2024', null);
    expect(unsure.fallback).toBe(true);
    expect(unsure.lexicons.length).toBe(cues().byLang.size);
    // A French notice on a page that declares English: both lexicons.
    const mixed = chooseLexicons(
      cues(),
      'Tous droits réservés. La fouille de textes et de données est interdite sur ce site.',
      'en',
    );
    expect(mixed.lexicons.map((l) => l.lang)).toEqual(['en', 'fr', '*']);
  });

  test('primaryLanguage normalises tags', () => {
    expect(primaryLanguage('de-AT')).toBe('de');
    expect(primaryLanguage('  EN_gb ')).toBe('en');
    expect(primaryLanguage('12')).toBeNull();
    expect(primaryLanguage(null)).toBeNull();
  });

  test('pageLanguage: <html lang>, else identified from the visible text', () => {
    expect(pageLanguage({ lang: 'it', text: 'All rights reserved.' }, cues())).toBe('it');
    expect(
      pageLanguage(
        {
          lang: null,
          text: 'Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen und die Kürzungen bei den Bibliotheken kritisiert.',
        },
        cues(),
      ),
    ).toBe('de');
  });
});
