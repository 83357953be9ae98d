/**
 * HTML character references left in text (double-encoded pages, robots.txt comments, JSON strings, CMS
 * exports). Text extracted by htmlparser2 is already decoded; this catches what slips through.
 *
 * Hand-written because the only full entity table in the tree (`entities`) is a transitive dependency of
 * htmlparser2, not one of ours. The table covers the references that occur in rights notices: Latin-1,
 * Latin Extended-A letters of the project's languages, typographic punctuation and symbols. Numeric
 * references cover everything else.
 */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
  lrm: '\u200e',
  rlm: '\u200f',
  copy: '©',
  reg: '®',
  trade: '™',
  sect: '§',
  para: '¶',
  middot: '·',
  bull: '•',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  minus: '−',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  prime: '′',
  Prime: '″',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  iexcl: '¡',
  iquest: '¿',
  ordf: 'ª',
  ordm: 'º',
  sup1: '¹',
  sup2: '²',
  sup3: '³',
  frac12: '½',
  times: '×',
  divide: '÷',
  szlig: 'ß',
  AElig: 'Æ',
  aelig: 'æ',
  OElig: 'Œ',
  oelig: 'œ',
  Oslash: 'Ø',
  oslash: 'ø',
  ETH: 'Ð',
  eth: 'ð',
  THORN: 'Þ',
  thorn: 'þ',
  Lstrok: 'Ł',
  lstrok: 'ł',
  Dstrok: 'Đ',
  dstrok: 'đ',
};

/** Letters with a diacritic: `&<base><accent>;` (e.g. `&eacute;`, `&Scaron;`, `&zdot;`). */
const ACCENTS: Record<string, string> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  tilde: '\u0303',
  uml: '\u0308',
  ring: '\u030a',
  cedil: '\u0327',
  caron: '\u030c',
  dot: '\u0307',
  ogon: '\u0328',
  dblac: '\u030b',
  breve: '\u0306',
  macr: '\u0304',
};
const ACCENT_RE = /^([A-Za-z])(acute|grave|circ|tilde|uml|ring|cedil|caron|dot|ogon|dblac|breve|macr)$/;

export const ENTITY_RE = /&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g;

/** The character a reference stands for, or undefined when it is not a reference we know. */
export function decodeEntity(ref: string): string | undefined {
  const body = ref.endsWith(';') ? ref.slice(1, -1) : ref.slice(1);
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  }
  // Named references need the semicolon except the few legacy ones browsers accept without it.
  if (!ref.endsWith(';') && !['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'].includes(body)) return undefined;
  const named = NAMED[body];
  if (named !== undefined) return named;
  const m = ACCENT_RE.exec(body);
  if (m) return (m[1]! + ACCENTS[m[2]!]!).normalize('NFC');
  return undefined;
}
