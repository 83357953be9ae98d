/**
 * Small validation helpers for rule and data files. Every error names the file and the field, so a
 * broken rule fails at load with a message a rule author can act on.
 */
export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field}: ${message}`);
    this.name = 'RuleFileError';
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Checker {
  constructor(readonly file: string) {}

  fail(field: string, message: string): never {
    throw new RuleFileError(this.file, field, message);
  }

  obj(v: unknown, field: string): Obj {
    if (!isObj(v)) this.fail(field, `must be a mapping, got ${describe(v)}`);
    return v;
  }

  str(v: unknown, field: string): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(field, `must be a non-empty string, got ${describe(v)}`);
    return v;
  }

  optStr(v: unknown, field: string): string | undefined {
    return v === undefined || v === null ? undefined : this.str(v, field);
  }

  num(v: unknown, field: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      this.fail(field, `must be a number in [${min}, ${max}], got ${describe(v)}`);
    return v;
  }

  bool(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, `must be true or false, got ${describe(v)}`);
    return v;
  }

  strList(v: unknown, field: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(field, `must be a list, got ${describe(v)}`);
    return v.map((x, i) => this.str(x, `${field}[${i}]`));
  }

  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      this.fail(field, `must be one of ${allowed.join(', ')}, got ${describe(v)}`);
    return v as T;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'a mapping' : String(v);
}
