/**
 * HTTP response headers as the engine sees them: every field line kept separately and in order, because
 * several signals (X-Robots-Tag, Content-Usage, tdm-reservation) give meaning to repeated lines.
 */
export interface HeaderLine {
  /** Lower-case field name. */
  name: string;
  value: string;
  /** Position of the line in the response (0-based), for evidence locations. */
  line: number;
}

export type HeadersInput =
  | HeaderLine[]
  | [string, string][]
  | Record<string, string | string[] | undefined>
  | undefined
  | null;

const MAX_HEADER_LINES = 1000;
const MAX_HEADER_VALUE = 64 * 1024;

export function normaliseHeaders(input: HeadersInput): HeaderLine[] {
  const out: HeaderLine[] = [];
  const push = (name: string, value: unknown) => {
    if (out.length >= MAX_HEADER_LINES || typeof value !== 'string') return;
    out.push({ name: name.trim().toLowerCase(), value: value.slice(0, MAX_HEADER_VALUE).trim(), line: out.length });
  };
  if (!input) return out;
  if (Array.isArray(input)) {
    for (const item of input) {
      if (Array.isArray(item)) push(String(item[0]), item[1]);
      else if (item && typeof item === 'object') push(String(item.name), item.value);
    }
    return out;
  }
  for (const [name, value] of Object.entries(input)) {
    if (Array.isArray(value)) for (const v of value) push(name, v);
    else push(name, value);
  }
  return out;
}

/** Parses `Name: value` lines (CLI `--header`, raw header blocks). Returns null for a line without a colon. */
export function parseHeaderLine(raw: string): [string, string] | null {
  const i = raw.indexOf(':');
  if (i <= 0) return null;
  const name = raw.slice(0, i).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return null;
  return [name, raw.slice(i + 1).trim()];
}

export function headerLines(headers: readonly HeaderLine[], name: string): HeaderLine[] {
  return headers.filter((h) => h.name === name);
}

export function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}
