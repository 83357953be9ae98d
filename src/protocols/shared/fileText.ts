import { looksBinary } from '../../extract/decode.js';
import { type Flag, flag } from '../../model/flags.js';
import type { SiteFile } from '../../model/siteInput.js';

/** RFC 9309 §2.5: crawlers MUST parse at least 500 KiB; we read exactly that much (Google does the same). */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface FileText {
  /** Decoded text (UTF-8, BOM removed), cut to the limit at the last complete line; '' when unusable. */
  text: string;
  /** Size as supplied, in bytes. */
  bytes: number;
  truncated: boolean;
  binary: boolean;
  flags: Flag[];
}

/**
 * Site files are UTF-8 text (RFC 9309 §2.3; tdmrep.json is JSON; ai.txt copies robots.txt). Binary input is
 * refused with a flag rather than parsed into garbage rules, and anything over `maxBytes` is cut at the last
 * line break before the limit, flagged, so a 5 MB file costs the same as a 500 KiB one.
 */
export function readSiteFile(file: SiteFile, name: string, maxBytes = ROBOTS_MAX_BYTES): FileText {
  const flags: Flag[] = [];
  const bytes =
    typeof file.body === 'string'
      ? Buffer.from(file.body, 'utf8')
      : Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength);
  const size = bytes.byteLength;
  if (looksBinary(bytes) || (typeof file.body === 'string' && file.body.includes('\u0000'))) {
    flags.push(flag(`${name}_binary`, `${name} looks binary (NUL or control bytes); ignored`));
    return { text: '', bytes: size, truncated: false, binary: true, flags };
  }
  let slice = bytes;
  let truncated = false;
  if (size > maxBytes) {
    truncated = true;
    slice = bytes.subarray(0, maxBytes);
    const lastNewline = slice.lastIndexOf(0x0a);
    if (lastNewline > 0) slice = slice.subarray(0, lastNewline + 1);
    flags.push(
      flag(
        `${name}_truncated`,
        `${name} is ${size} bytes; only the first ${slice.byteLength} bytes (limit ${maxBytes}) were read`,
      ),
    );
  }
  let text = slice.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) flags.push(flag(`${name}_not_utf8`, `${name} is not valid UTF-8; bad bytes replaced`));
  return { text, bytes: size, truncated, binary: false, flags };
}
