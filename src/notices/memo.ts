import { flatCopy } from '../model/strings.js';

/**
 * A bounded least-recently-used memo of a pure function of a string. Crawlers check many pages of one site
 * whose navigation, footer and legal blocks repeat word for word: the second page pays a map lookup for
 * them. Keys longer than `maxKeyChars` are computed every time (long text is rarely repeated verbatim and
 * would fill memory), and the keys held add up to at most `maxTotalChars`: batch workers run under a heap
 * cap (src/batch/work/pool.ts), and a memo sized by entries alone held 4,096 passages of up to 16,000
 * characters each.
 */
export class LruMemo<V> {
  /** Each entry keeps its own copied key: the caller's key of a later hit is a slice of another page. */
  private readonly entries = new Map<string, { key: string; value: V }>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyChars: number,
    private readonly maxTotalChars: number,
  ) {}

  get(key: string, compute: () => V): V {
    if (key.length > this.maxKeyChars) return compute();
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh recency: a Map keeps insertion order, so re-inserting moves the entry to the young end.
      // Re-inserted under the stored key: the caller's would pin the page it was cut from.
      this.entries.delete(key);
      this.entries.set(hit.key, hit);
      return hit.value;
    }
    const value = compute();
    // A copy: the caller's key is usually a slice of the page being checked (see flatCopy).
    const own = flatCopy(key);
    this.entries.set(own, { key: own, value });
    this.chars += key.length;
    while (this.entries.size > this.maxEntries || this.chars > this.maxTotalChars) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
    return value;
  }
}
