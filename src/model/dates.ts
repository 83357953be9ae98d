/**
 * A date bound as people type it: `2026-11-01` (the start of that day, or its end for an upper bound) or a
 * full ISO 8601 timestamp; null when it is not one. JavaScript's Date rolls impossible dates over
 * (2026-02-30 → 2026-03-02), so the calendar date is checked against what it parses to.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const STAMP = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function realDay(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

export function dateBound(value: string, endOfDay: boolean): string | null {
  const day = DAY.exec(value);
  if (day) {
    if (!realDay(day[1]!, day[2]!, day[3]!)) return null;
    return new Date(Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`)).toISOString();
  }
  const stamp = STAMP.exec(value);
  if (!stamp || !realDay(stamp[1]!, stamp[2]!, stamp[3]!)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
