import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCueLexicons, MODALITIES } from '../../../src/notices/clauses/lexicon';
import { projectRoot } from '../../../src/rules/root';
import { RuleFileError } from '../../../src/rules/validate';

const dir = join(projectRoot(), 'rules', 'cues');
const REQUIRED = ['en', 'pl', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'cs', 'sv', 'da', 'ro'];

describe('cue lexicons (rules/cues)', () => {
  const lex = loadCueLexicons(dir);

  test('the twelve required languages (and more) load and validate', () => {
    for (const lang of REQUIRED) expect(lex.byLang.has(lang)).toBe(true);
  });

  test.each(REQUIRED)('%s names every concept of a rights clause', (lang) => {
    const l = lex.byLang.get(lang)!;
    const keys = new Set(l.cues.map((c) => `${c.category}:${c.key}`));
    for (const concept of ['tdm', 'scrape', 'ai-train', 'ai-use', 'index', 'reproduce', 'distribute', 'commercial'])
      expect([lang, concept, keys.has(`use:${concept}`)]).toEqual([lang, concept, true]);
    for (const m of MODALITIES) expect([lang, m, keys.has(`modality:${m}`)]).toEqual([lang, m, true]);
    for (const list of ['negation', 'exception', 'copyright', 'statutes', 'user_data', 'promise', 'legal_headings'])
      expect([lang, list, l.cues.some((c) => c.category === list)]).toEqual([lang, list, true]);
  });

  test('every lexicon recognises its own "all rights reserved"', () => {
    const samples: Record<string, string> = {
      en: 'all rights reserved',
      pl: 'wszelkie prawa zastrzeżone',
      de: 'alle rechte vorbehalten',
      fr: 'tous droits réservés',
      es: 'todos los derechos reservados',
      it: 'tutti i diritti riservati',
      nl: 'alle rechten voorbehouden',
      pt: 'todos os direitos reservados',
      cs: 'všechna práva vyhrazena',
      sv: 'alla rättigheter förbehållna',
      da: 'alle rettigheder forbeholdes',
      ro: 'toate drepturile rezervate',
    };
    for (const [lang, text] of Object.entries(samples)) {
      const cues = lex.byLang.get(lang)!.cues.filter((c) => c.category === 'copyright');
      const folded = text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ł/g, 'l');
      expect([lang, cues.some((c) => new RegExp(c.regex.source, 'u').test(folded))]).toEqual([lang, true]);
    }
  });

  test('cue ids name language, category and phrase', () => {
    const cue = lex.byLang.get('de')!.cues.find((c) => c.category === 'copyright')!;
    expect(cue.id).toMatch(/^de\.copyright\.copyright: /);
  });
});

describe('a broken lexicon gives an error naming the file and the field', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'cues-'));
    cpSync(dir, tmp, { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function breakFile(file: string, from: string | RegExp, to: string) {
    const p = join(tmp, file);
    writeFileSync(p, readFileSync(p, 'utf8').replace(from, to));
  }
  function error(): RuleFileError {
    try {
      loadCueLexicons(tmp);
    } catch (e) {
      if (e instanceof RuleFileError) return e;
      throw e;
    }
    throw new Error('expected a RuleFileError');
  }

  test('an invalid phrase', () => {
    breakFile('de.yaml', '"kopier*"', '"kopier(*"');
    const e = error();
    expect(e.file).toBe(join(tmp, 'de.yaml'));
    expect(e.field).toBe('uses.reproduce[1]');
    expect(e.message).toMatch(/de\.yaml: uses\.reproduce\[1\]: unclosed "\("/);
  });
  test('an unknown concept', () => {
    breakFile('fr.yaml', /\n {2}tdm:/, '\n  tdm-mining:');
    expect(error().field).toBe('uses.tdm-mining');
  });
  test('an unknown modality', () => {
    breakFile('pl.yaml', '  only:', '  maybe:');
    expect(error().message).toMatch(/pl\.yaml: modality\.maybe: must be one of prohibit/);
  });
  test('a language that does not match the file name', () => {
    breakFile('it.yaml', 'language: it', 'language: es');
    expect(error().message).toMatch(/it\.yaml: language: "es" does not match the file name/);
  });
  test('a duplicate phrase', () => {
    breakFile('en.yaml', 'negation: ["not", ', 'negation: ["not", "not", ');
    expect(error().field).toBe('negation[1]');
  });
  test('a missing required section', () => {
    breakFile('nl.yaml', /\ncopyright: [^\n]*/, '');
    expect(error().message).toMatch(/nl\.yaml: copyright: every lexicon needs at least one phrase/);
  });
  test('an unknown section', () => {
    breakFile('sv.yaml', 'language: sv', 'language: sv\nsynonyms: []');
    expect(error().field).toBe('synonyms');
  });
  test('a broken concept table', () => {
    breakFile('concepts.yaml', 'uses: [tdm]', 'uses: [mining]');
    expect(error().message).toMatch(/concepts\.yaml: concepts\.tdm\.uses\[0\]: must be one of/);
  });
  test('a missing concept table', () => {
    rmSync(join(tmp, 'concepts.yaml'));
    expect(error().message).toMatch(/concepts\.yaml: \(file\): missing/);
  });
});
