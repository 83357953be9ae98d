/**
 * Spans (character or word offsets) found so far, for the question "does an earlier span overlap this one
 * in a way that matters?". Asking it of a list is linear per question, so a passage with thousands of
 * matches ("All rights reserved. " × 50,000) cost quadratic time; here spans are filed in fixed-width
 * buckets and a question only looks at the buckets its own span covers.
 */
export interface Span {
  start: number;
  end: number;
}

const BUCKET = 256;

export class SpanIndex<T extends Span> {
  private readonly buckets = new Map<number, T[]>();

  add(span: T): void {
    const last = Math.floor(Math.max(span.start, span.end - 1) / BUCKET);
    for (let b = Math.floor(span.start / BUCKET); b <= last; b++) {
      const list = this.buckets.get(b);
      if (list) list.push(span);
      else this.buckets.set(b, [span]);
    }
  }

  /** True when a filed span overlaps [start, end) and satisfies `test`. */
  some(start: number, end: number, test: (other: T) => boolean): boolean {
    const last = Math.floor(Math.max(start, end - 1) / BUCKET);
    for (let b = Math.floor(start / BUCKET); b <= last; b++) {
      const list = this.buckets.get(b);
      if (!list) continue;
      for (const other of list) if (other.start < end && start < other.end && test(other)) return true;
    }
    return false;
  }
}
