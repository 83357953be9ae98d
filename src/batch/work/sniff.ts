/**
 * Is an untyped (or generically typed) payload an HTML document? The tag list of the WHATWG MIME Sniffing
 * standard, §7.1 "identifying an unknown MIME type": after optional BOM and whitespace, one of these
 * opening tags followed by a space or ">" (or "<!--"). Binary bytes fail fast.
 */
const HTML_STARTS = [
  '<!doctype html',
  '<html',
  '<head',
  '<script',
  '<iframe',
  '<h1',
  '<div',
  '<font',
  '<table',
  '<a',
  '<style',
  '<title',
  '<b',
  '<body',
  '<br',
  '<p',
  '<!--',
];

export function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || (bytes[i]! >= 0x09 && bytes[i]! <= 0x0d))) i++;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(64, bytes.length - i))
    .toString('latin1')
    .toLowerCase();
  for (const start of HTML_STARTS) {
    if (!head.startsWith(start)) continue;
    if (start === '<!--') return true;
    const next = head[start.length];
    if (next === ' ' || next === '>' || next === '\t' || next === '\n' || next === '\r' || next === '/') return true;
  }
  return false;
}
