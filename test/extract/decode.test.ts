import { charsetFromContentType, decodeBytes, looksBinary } from '../../src/extract/decode';

const polish = 'Wszelkie prawa zastrzeżone. Zażółć gęślą jaźń.';
// windows-1250 bytes for the Polish sentence, built with a reverse table so the test is self-contained.
function encode1250(s: string): Uint8Array {
  const dec = new TextDecoder('windows-1250');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(dec.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...s].map((ch) => table.get(ch) ?? 0x3f));
}

describe('decodeBytes', () => {
  test('windows-1250 Polish page declared in <meta charset>', () => {
    const html = encode1250(`<html><head><meta charset="windows-1250"></head><body><p>${polish}</p></body></html>`);
    const d = decodeBytes(html);
    expect(d.encoding).toBe('windows-1250');
    expect(d.source).toBe('meta');
    expect(d.text).toContain(polish);
  });

  test('ISO-8859-2 declared in the HTTP Content-Type wins over meta', () => {
    const html = encode1250(`<p>${'Łódź'}</p>`); // ł, ó, ź share code points in 1250 and 8859-2 except a few
    const d = decodeBytes(html, 'text/html; charset=ISO-8859-2');
    expect(d.encoding).toBe('iso-8859-2');
    expect(d.source).toBe('header');
  });

  test('http-equiv Content-Type declaration is found', () => {
    const html = encode1250(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250"></head><body>${polish}</body></html>`,
    );
    const d = decodeBytes(html);
    expect(d.encoding).toBe('windows-1250');
    expect(d.text).toContain(polish);
  });

  test('UTF-8 with BOM: BOM wins over a wrong declaration and is stripped', () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`<meta charset="iso-8859-1"><p>${polish}</p>`),
    ]);
    const d = decodeBytes(body, 'text/html; charset=iso-8859-1');
    expect(d.source).toBe('bom');
    expect(d.text.startsWith('<meta')).toBe(true);
    expect(d.text).toContain(polish);
  });

  test('wrong declared charset: declared latin-1 but the bytes are UTF-8 → decoded as UTF-8 and flagged', () => {
    const d = decodeBytes(Buffer.from(`<p>${polish}</p>`), 'text/html; charset=iso-8859-1');
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toContain(polish);
    expect(d.flags.map((f) => f.code)).toContain('charset_mismatch');
  });

  test('wrong declared charset: declared UTF-8 but the bytes are windows-1250 → falls back to the meta charset', () => {
    const html = encode1250(`<meta charset="windows-1250"><p>${polish}</p>`);
    const d = decodeBytes(html, 'text/html; charset=utf-8');
    expect(d.encoding).toBe('windows-1250');
    expect(d.text).toContain(polish);
    expect(d.flags.map((f) => f.code)).toContain('charset_mismatch');
  });

  test('undeclared legacy bytes fall back to windows-1252 with a flag', () => {
    const d = decodeBytes(Uint8Array.from([0x3c, 0x70, 0x3e, 0xe9, 0x74, 0xe9]));
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('<p>été');
    expect(d.flags.map((f) => f.code)).toContain('charset_undeclared');
  });

  test('unknown charset label is flagged and ignored', () => {
    const d = decodeBytes(Buffer.from('<p>plain</p>'), 'text/html; charset=x-klingon');
    expect(d.encoding).toBe('utf-8');
    expect(d.flags.map((f) => f.code)).toContain('charset_unknown');
  });

  test('UTF-16LE with BOM', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>Zażółć</p>', 'utf16le')]);
    expect(decodeBytes(body).text).toBe('<p>Zażółć</p>');
  });

  test('charsetFromContentType handles quotes and case', () => {
    expect(charsetFromContentType('text/html; Charset="Windows-1250"')).toBe('windows-1250');
    expect(charsetFromContentType('text/html')).toBeUndefined();
  });

  test('looksBinary', () => {
    expect(looksBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBe(true);
    expect(looksBinary(Buffer.from('<html>ok</html>'))).toBe(false);
  });
});
