import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { matchTdmrep, parseTdmrepFile } from '../../src/protocols/tdmrep/file';

const dir = join(__dirname, '..', 'fixtures', 'tdmrep');
const engine = new Engine();
const labels = new Map<string, Record<string, string>>();
{
  const [head, ...rows] = readFileSync(join(__dirname, '..', 'fixtures', 'robots', 'corpus-labels.tsv'), 'utf8')
    .trim()
    .split('\n');
  const cols = head!.split('\t');
  for (const row of rows) {
    const cells = row.split('\t');
    const rec = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    if (rec.file!.startsWith('tdmrep/')) labels.set(rec.file!.slice('tdmrep/'.length), rec);
  }
}
/**
 * tdm of invalid files, decided by the notice detector on their free text. lesmacarons matches its label
 * (conditional: "sans autorisation préalable"); maikfigura's label is conditional ("without explicit written
 * permission"), which the notice detector now reads the same way.
 */
const NOTICE_TDM: Record<string, string> = {
  'lesmacaronshottekiet_fr.json': 'conditional',
  'maikfigura_de.json': 'conditional',
};
// ODRL policies are what a tdm-policy URL points at, not tdmrep.json files.
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('tdm-policy'));

describe('development corpus tdmrep.json files against their labels', () => {
  test.each(files)('%s', (file) => {
    const label = labels.get(file)!;
    const origin = file === 'vantavanta_lt.json' ? 'https://www.vantavanta.lt' : 'https://ex.com';
    const v = engine.check(
      { url: `${origin}/article/1`, body: '<p>x</p>', kind: 'html' },
      { site: { tdmrepJson: { body: readFileSync(join(dir, file)) } } },
    );
    if (label.notes!.includes('INVALID TDMRep')) {
      // A strict TDMRep agent treats an invalid file as unset; the intent stays visible as flags, and free
      // text in the file reaches the notice detector (not machine-readable), which may decide tdm.
      expect(v.flags.map((f) => f.code)).toContain('tdm_file_invalid');
      for (const e of v.evidence.filter((x) => x.signal === 'tdmrep-file')) expect(e.effects).toEqual({});
      const deciding = v.evidence.filter((e) => (v.decidedBy.tdm ?? []).includes(e.id));
      for (const e of deciding) expect(e).toMatchObject({ signal: 'notice-text', machineReadable: false });
      expect(v.machineReadableReservation).toBe(false);
      expect(v.uses.tdm).toBe(NOTICE_TDM[file] ?? 'unknown');
    } else expect(v.uses.tdm).toBe(label.tdm);
  });

  test('invalid files keep their evident intent as effect-less evidence and a flag', () => {
    const intents: Record<string, string> = {};
    for (const f of [
      'tuspe_com.json',
      'viniciusgraton_com_br.json',
      'maikfigura_de.json',
      'lesmacaronshottekiet_fr.json',
      'oxyhelpdanmark_dk.json',
    ]) {
      const parsed = parseTdmrepFile({ body: readFileSync(join(dir, f)) }, 'https://ex.com');
      expect(parsed.valid).toBe(false);
      intents[f] = parsed.intent?.reservation ?? 'none';
    }
    expect(intents).toEqual({
      'tuspe_com.json': '0',
      'viniciusgraton_com_br.json': '1',
      'maikfigura_de.json': '1',
      'lesmacaronshottekiet_fr.json': '1',
      'oxyhelpdanmark_dk.json': '1',
    });
    const maik = parseTdmrepFile({ body: readFileSync(join(dir, 'maikfigura_de.json')) }, 'https://ex.com');
    expect(maik.texts.join(' ')).toMatch(/not permitted without explicit written permission/);
  });

  test('location "*" matches every path (gianna-brachetti.com); absolute-URL location is reduced to its path', () => {
    const g = parseTdmrepFile({ body: readFileSync(join(dir, 'gianna-brachetti_com.json')) }, 'https://ex.com');
    expect(matchTdmrep(g, '/any/page')?.rule.reservation).toBe('1');
    const vv = parseTdmrepFile({ body: readFileSync(join(dir, 'vantavanta_lt.json')) }, 'https://www.vantavanta.lt');
    expect(vv.rules[0]!.pattern).toBe('/');
    expect(vv.flags.map((f) => f.code)).toContain('tdm_nonconformant');
    const other = parseTdmrepFile({ body: readFileSync(join(dir, 'vantavanta_lt.json')) }, 'https://ex.com');
    expect(other.rules).toHaveLength(0);
    expect(other.flags.map((f) => f.code)).toContain('tdm_location_other_origin');
  });
});

describe('tdmrep.json rule validation', () => {
  const parse = (body: string, status?: number) => parseTdmrepFile({ body, status }, 'https://ex.com');
  const codes = (body: string) => parse(body).flags.map((f) => f.code);

  test('string "1" is accepted and flagged; "true" and missing fields drop the rule', () => {
    const p = parse(
      '[{"location":"/a/","tdm-reservation":"1"},{"location":"/b/","tdm-reservation":true},{"tdm-reservation":1},{"location":"/c/"}]',
    );
    expect(p.rules.map((r) => [r.location, r.reservation])).toEqual([['/a/', '1']]);
    expect(p.flags.map((f) => f.code)).toEqual(['tdm_nonconformant', 'tdm_invalid', 'tdm_invalid', 'tdm_invalid']);
  });

  test('a non-string tdm-policy is ignored; reservation 0 ignores its policy', () => {
    const p = parse('[{"location":"/","tdm-reservation":1,"tdm-policy":42}]');
    expect(p.rules[0]!.policy).toBeUndefined();
    expect(p.flags.map((f) => f.code)).toContain('tdm_invalid');
    const v = engine.check(
      { url: 'https://ex.com/x', body: '<p>x</p>', kind: 'html' },
      { site: { tdmrepJson: { body: '[{"location":"/","tdm-reservation":0,"tdm-policy":"https://ex.com/p.json"}]' } } },
    );
    expect(v.uses.tdm).toBe('allowed');
    expect(v.evidence.find((e) => e.signal === 'tdmrep-file')?.details?.policy).toBeNull();
  });

  test.each([
    ['not JSON', 'tdm_file_invalid', '[{"location": "/",'],
    ['null', 'tdm_file_invalid', 'null'],
    ['a string', 'tdm_file_invalid', '"yes"'],
    ['empty array', 'tdm_file_empty', '[]'],
    ['array of junk', 'tdm_invalid', '[1, "x", null]'],
  ])('%s → flag %s, never a crash', (_name, flagCode, body) => {
    expect(codes(body)).toContain(flagCode);
    expect(matchTdmrep(parse(body), '/x')).toBeNull();
  });

  test('HTTP 404 for tdmrep.json means the site does not use the file technique', () => {
    const p = parse('[{"location":"/","tdm-reservation":1}]', 404);
    expect(p.rules).toHaveLength(0);
    expect(p.flags.map((f) => f.code)).toContain('tdm_file_unavailable');
  });

  test('percent-encoded unreserved characters match (REP rule copied by TDMRep)', () => {
    const p = parse('[{"location":"/caf%65/","tdm-reservation":1}]');
    expect(matchTdmrep(p, '/cafe/menu')?.rule.reservation).toBe('1');
  });
});
