import { decodeBytes, looksBinary } from '../extract/decode.js';
import { extractHtml } from '../extract/html.js';
import type { ExtractedPage } from '../extract/page.js';
import { extractText } from '../extract/text.js';
import { type HeaderLine, headerValue } from '../model/headers.js';
import { InputError } from './errors.js';

export type InputKind = 'html' | 'text' | 'auto';

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

const HTML_SNIFF =
  /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|footer|section|article|main|nav|script|link)\b/i;

function chooseKind(kind: InputKind, contentType: string | undefined, text: string): 'html' | 'text' {
  if (kind !== 'auto') return kind;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('html') || ct.includes('xml')) return 'html';
  if (ct.startsWith('text/plain')) return 'text';
  return HTML_SNIFF.test(text.slice(0, 4096)) ? 'html' : 'text';
}

/** Decodes and extracts a page in one pass. Refuses binary data and pages over `maxBytes`. */
export function extractPage(
  body: string | Uint8Array,
  headers: readonly HeaderLine[],
  kind: InputKind = 'auto',
  maxBytes = DEFAULT_MAX_BYTES,
): ExtractedPage {
  const contentType = headerValue(headers, 'content-type');
  let text: string;
  let encoding = 'utf-8';
  let flags: ExtractedPage['flags'] = [];
  if (typeof body === 'string') {
    if (body.length > maxBytes)
      throw new InputError('too_large', `page of ${body.length} characters exceeds the limit of ${maxBytes} bytes`);
    text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
    if (text.includes('\u0000'))
      throw new InputError('binary', 'input contains NUL characters; it looks binary, not HTML or text');
  } else {
    if (body.byteLength > maxBytes)
      throw new InputError('too_large', `page of ${body.byteLength} bytes exceeds the limit of ${maxBytes} bytes`);
    if (looksBinary(body))
      throw new InputError('binary', 'input looks binary (NUL bytes or control characters), not HTML or text');
    const decoded = decodeBytes(body, contentType);
    text = decoded.text;
    encoding = decoded.encoding;
    flags = decoded.flags;
  }
  const chosen = chooseKind(kind, contentType, text);
  const page = chosen === 'html' ? extractHtml(text, encoding) : extractText(text, encoding);
  page.flags.unshift(...flags);
  return page;
}
