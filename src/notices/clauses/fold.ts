/**
 * Length-preserving text folding for cue matching: lower case and Latin and Greek diacritics removed, one output
 * character per input UTF-16 unit. Keeping the length means an offset found in folded text is the same
 * offset in the original, so evidence can quote the exact source characters without an offset map.
 * Folding diacritics makes cues match texts published without accents (real corpus item es-001 writes
 * "autorizacion", "reproduccion"); patterns are folded with the same function, so both sides agree.
 */

/** Letters whose base form is not given by canonical decomposition (NFD leaves them intact). */
const SPECIAL: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  æ: 'a',
  Æ: 'a',
  œ: 'o',
  Œ: 'o',
  ß: 's',
  đ: 'd',
  Đ: 'd',
  ı: 'i',
  İ: 'i',
  // Greek final sigma is the same letter as σ.
  ς: 'σ',
  // Typographic apostrophes, quotes and spaces collapse to their ASCII forms.
  '\u2019': "'",
  '\u2018': "'",
  '\u02bc': "'",
  '\u00b4': "'",
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u00ad': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
};

/** Folded forms of every BMP code unit, filled on first use (a flat array: cheaper than a Map lookup). */
const CACHE: (string | undefined)[] = new Array(0x10000);

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x41) return ch;
  if (code <= 0x5a) return String.fromCharCode(code + 32);
  if (code < 0x80) return ch;
  const cached = CACHE[code];
  if (cached !== undefined) return cached;
  let out = SPECIAL[ch];
  if (out === undefined) {
    const lower = ch.toLowerCase();
    const base = (lower.length === 1 ? lower : ch).normalize('NFD');
    // Keep the base letter when the decomposition is "Latin or Greek letter + combining marks" (é → e,
    // ά → α); else the lower-case char. Cyrillic keeps its marks: й, ї and ё are letters of their own.
    out =
      base.length > 1 && /^[a-z\u03b1-\u03c9][\u0300-\u036f]+$/.test(base) ? base[0]! : lower.length === 1 ? lower : ch;
  }
  CACHE[code] = out;
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function fold(text: string): string {
  // Fast path: ASCII text only needs lower case (the common case for English and unaccented text).
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const out: string[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = foldChar(text[i]!);
  return out.join('');
}
