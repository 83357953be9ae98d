import { Engine } from '../../src/engine/engine';

/** dc.rights metas read "all rights reserved" from the lexicons' `copyright:` lists, in every language. */
const engine = new Engine();
const meta = (text: string) =>
  engine.check({
    url: 'https://a.example/',
    body: `<html><head><meta name="dc.rights" content="${text}"></head><body></body></html>`,
    kind: 'html',
  });

describe('dc-rights', () => {
  test.each([
    'All rights reserved',
    'Tous droits réservés',
    'Alle Rechte vorbehalten',
    'Sämtliche Rechte vorbehalten',
    'Wszelkie prawa zastrzeżone',
    'Wszystkie prawa zastrzeżone',
    'Todos los derechos reservados',
    'Tutti i diritti riservati',
    'Alle rechten voorbehouden',
    'Todos os direitos reservados',
    'Všechna práva vyhrazena',
    'Alla rättigheter förbehållna',
    'Alle rettigheder forbeholdes',
    'Toate drepturile rezervate',
    'Minden jog fenntartva',
    'Kaikki oikeudet pidätetään',
  ])('"%s" → redistribution conditional on consent', (text) => {
    const v = meta(`© 2026 Example. ${text}.`);
    const e = v.evidence.find((x) => x.signal === 'dc-rights');
    expect(e?.effects).toEqual({ redistribution: 'conditional' });
    expect(e?.conditions).toEqual([{ kind: 'consent', text: 'all rights reserved' }]);
  });

  test('a rights meta without such words is kept as evidence with no effect', () => {
    const e = meta('Licensed to Example Ltd.').evidence.find((x) => x.signal === 'dc-rights');
    expect(e?.effects).toEqual({});
    expect(e?.conditions).toBeUndefined();
  });
});
