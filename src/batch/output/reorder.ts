/**
 * Puts results back into input order: workers finish batches in any order, `put` holds each result until
 * every earlier sequence number has been emitted. Output order is therefore input order, whatever the
 * scheduling, and the same for one worker or many.
 */
export class Reorder<T> {
  private next: number;
  private readonly held = new Map<number, T>();

  constructor(
    private readonly emit: (item: T, seq: number) => void,
    first = 0,
  ) {
    this.next = first;
  }

  put(seq: number, item: T): void {
    if (seq < this.next || this.held.has(seq)) throw new Error(`sequence number ${seq} delivered twice`);
    this.held.set(seq, item);
    while (this.held.has(this.next)) {
      const it = this.held.get(this.next)!;
      this.held.delete(this.next);
      this.emit(it, this.next);
      this.next++;
    }
  }

  /** Results waiting for an earlier one. */
  get waiting(): number {
    return this.held.size;
  }

  /** The next sequence number to emit. */
  get emitted(): number {
    return this.next;
  }
}
