/**
 * Text that remembers where every character came from. Each normalisation step turns one MappedText into
 * another; because the arrays always hold offsets into the ORIGINAL string (not into the previous step's
 * output), steps compose without a chain of maps and a range of normalised text maps back in O(1).
 */
export interface MappedText {
  text: string;
  /** starts[i] = offset in the original string of the first source character of normalised char i. */
  starts: Int32Array;
  /** ends[i] = offset just after the last source character of normalised char i (exclusive). */
  ends: Int32Array;
}

/** The identity mapping of a string onto itself. */
export function identity(text: string): MappedText {
  const n = text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text, starts, ends };
}

/**
 * Builds the next MappedText from pieces of the input: `copy` keeps input characters with their offsets,
 * `replace` substitutes a string for an input range. A replacement of the same length maps character by
 * character; otherwise every output character covers the whole replaced range (an entity, a ligature, a
 * URL is atomic: any part of it maps back to all of it).
 */
export class MappedBuilder {
  private parts: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;

  constructor(
    private readonly input: MappedText,
    capacity = input.text.length,
  ) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.starts.length) return;
    const size = Math.max(need, this.starts.length * 2);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.starts.subarray(0, this.length));
    e.set(this.ends.subarray(0, this.length));
    this.starts = s;
    this.ends = e;
  }

  /** Keep input characters [from, to) unchanged. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    const { text, starts, ends } = this.input;
    this.ensure(to - from);
    this.parts.push(text.slice(from, to));
    this.starts.set(starts.subarray(from, to), this.length);
    this.ends.set(ends.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Replace input characters [from, to) (to > from) by `value` (may be empty: deletion). */
  replace(from: number, to: number, value: string): void {
    if (value.length === 0 || to <= from) return;
    const { starts, ends } = this.input;
    this.ensure(value.length);
    this.parts.push(value);
    if (value.length === to - from) {
      this.starts.set(starts.subarray(from, to), this.length);
      this.ends.set(ends.subarray(from, to), this.length);
    } else {
      const s = starts[from]!;
      const e = ends[to - 1]!;
      for (let i = 0; i < value.length; i++) {
        this.starts[this.length + i] = s;
        this.ends[this.length + i] = e;
      }
    }
    this.length += value.length;
  }

  build(): MappedText {
    return {
      text: this.parts.join(''),
      starts: this.starts.slice(0, this.length),
      ends: this.ends.slice(0, this.length),
    };
  }
}

/**
 * Apply `replacer` to every match of `re` (must be global). Returning `undefined` keeps the match as it is.
 * Returns the input object itself when nothing changed, so cheap steps cost one regex scan.
 */
export function replaceMapped(
  input: MappedText,
  re: RegExp,
  replacer: (match: RegExpExecArray) => string | undefined,
): MappedText {
  if (!re.global) throw new Error(`replaceMapped needs a global regex, got ${re}`);
  re.lastIndex = 0;
  let builder: MappedBuilder | undefined;
  let last = 0;
  for (let m = re.exec(input.text); m !== null; m = re.exec(input.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const value = replacer(m);
    if (value === undefined || value === m[0]) continue;
    builder ??= new MappedBuilder(input);
    builder.copy(last, m.index);
    builder.replace(m.index, m.index + m[0].length, value);
    last = m.index + m[0].length;
  }
  if (!builder) return input;
  builder.copy(last, input.text.length);
  return builder.build();
}
