/**
 * Header blocks of WARC records and HTTP messages: a first line, `Name: value` lines, a blank line.
 *
 * Why by hand: warcio's parser reads from an async stream and folds repeated fields into one value
 * ("a, b"), while the engine gives meaning to each repeated line (X-Robots-Tag, Content-Usage, Link) and
 * to their order. The grammar is small (RFC 9112 §5, ISO 28500 §5), bytes are Latin-1 by definition, and
 * this parser works on the record bytes already in memory. Obsolete line folding (a line starting with
 * space or tab) continues the previous value; lines without a colon are skipped.
 */
export interface ParsedHeaderBlock {
  firstLine: string;
  /** [name as written, value] in order, repeated names kept. */
  fields: [string, string][];
  /** Offset just after the blank line that ends the block. */
  end: number;
}

const CR = 13;
const LF = 10;

/**
 * Finds the end of a header block starting at `from`: the offset after "\r\n\r\n" (or a bare "\n\n",
 * which some writers produce). Returns -1 when there is none before `limit`.
 */
export function headerBlockEnd(buf: Uint8Array, from: number, limit: number): number {
  let i = from;
  const stop = Math.min(limit, buf.length);
  while (i < stop) {
    const lf = buf.indexOf(LF, i);
    if (lf < 0 || lf >= stop) return -1;
    // An empty line: "\n" right after the previous "\n", or "\r\n" right after it.
    const next = lf + 1;
    if (next < stop && buf[next] === LF) return next + 1;
    if (next + 1 < stop && buf[next] === CR && buf[next + 1] === LF) return next + 2;
    i = next;
  }
  return -1;
}

export function parseHeaderBlock(buf: Uint8Array, from: number, end: number): ParsedHeaderBlock {
  const text = Buffer.from(buf.buffer, buf.byteOffset + from, end - from).toString('latin1');
  const lines = text.split(/\r?\n/);
  const fields: [string, string][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { firstLine: lines[0]!.trim(), fields, end };
}

/** First value of a field, by case-insensitive name. */
export function field(fields: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of fields) if (n.toLowerCase() === lower) return v;
  return undefined;
}

/** Header values are Latin-1 bytes on the wire; a UTF-8 URL or value written raw is decoded back. */
export function utf8FromLatin1(value: string): string {
  if (!/[^\x00-\x7f]/.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  const s = bytes.toString('utf8');
  return s.includes('\uFFFD') ? value : s;
}
