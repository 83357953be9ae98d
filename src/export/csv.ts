/**
 * CSV for auditors and pipelines: RFC 4180 quoting, a UTF-8 BOM so spreadsheet programs read accents
 * right, stable columns, and cells that start with = + - @ (or tab / CR) neutralised with a leading
 * apostrophe, because a crawled URL or excerpt is untrusted and must never run as a spreadsheet formula.
 */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: unknown): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (Array.isArray(value)) s = value.join(' ');
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  s = neutraliseCell(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(columns: readonly string[], withBom = true): string {
  return (withBom ? UTF8_BOM : '') + csvRow(columns);
}
