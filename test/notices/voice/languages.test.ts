import { Engine } from '../../../src/engine/engine';
import { clauseResources } from '../helpers';

/**
 * Every lexicon's voice lists, one pair per language: the publisher's own reservation counts, the same words
 * said about rightsholders in general (generic actor + modal, the law) do not.
 */
const engine = new Engine({ resources: clauseResources() });
const reservation = (text: string, lang: string) =>
  engine.check({ body: `<html lang="${lang}"><body><footer>${text}</footer></body></html>`, kind: 'html' }).reservation;

const PAIRS: [lang: string, notice: string, discourse: string][] = [
  [
    'en',
    'Text and data mining of this website is prohibited.',
    'Rightsholders can prohibit text and data mining under the directive.',
  ],
  [
    'de',
    'Das Text- und Data-Mining unserer Inhalte ist untersagt.',
    'Rechteinhaber können das Text- und Data-Mining nach der Richtlinie untersagen.',
  ],
  [
    'fr',
    'La fouille de textes et de données de ce site est interdite.',
    'Les titulaires de droits peuvent interdire la fouille de textes et de données.',
  ],
  [
    'es',
    'Queda prohibida la minería de textos y datos de este sitio web.',
    'Los titulares pueden prohibir la minería de textos y datos, según la directiva.',
  ],
  [
    'it',
    "È vietata l'estrazione di testo e di dati da questo sito.",
    "I titolari possono vietare l'estrazione di testo e di dati ai sensi della direttiva.",
  ],
  [
    'pt',
    'É proibida a mineração de textos e dados deste site.',
    'Os titulares podem proibir a mineração de textos e dados, segundo a diretiva.',
  ],
  [
    'nl',
    'Tekst- en datamining van deze website is verboden.',
    'Rechthebbenden kunnen tekst- en datamining verbieden via een opt-out.',
  ],
  [
    'pl',
    'Eksploracja tekstów i danych z tego serwisu jest zabroniona.',
    'Uprawnieni mogą zakazać eksploracji tekstów i danych na podstawie ustawy.',
  ],
  [
    'sv',
    'Text- och datautvinning av denna webbplats är förbjuden.',
    'Rättighetshavare kan förbjuda text- och datautvinning enligt lagen.',
  ],
  [
    'da',
    'Tekst- og datamining af denne hjemmeside er forbudt.',
    'Rettighedshavere kan forbyde tekst- og datamining efter loven.',
  ],
  [
    'cs',
    'Vytěžování textů a dat z tohoto webu je zakázáno.',
    'Nositelé práv mohou vytěžování textů a dat zakázat podle zákona.',
  ],
  [
    'ro',
    'Extragerea de text și date de pe acest site este interzisă.',
    'Titularii pot interzice extragerea de text și date în temeiul legii.',
  ],
];

describe.each(PAIRS)('%s', (lang, notice, discourse) => {
  test('the publisher’s reservation counts', () => expect(reservation(notice, lang)).toBe(true));
  test('the same words about rightsholders in general do not', () => expect(reservation(discourse, lang)).toBe(false));
});
