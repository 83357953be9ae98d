/**
 * A bounded least-recently-used memo of a pure function of a string. Crawlers check many pages of one site
 * whose navigation, footer and legal blocks repeat word for word: the second page pays a map lookup for
 * them. Keys longer than `maxKeyChars` are computed every time (long text is rarely repeated verbatim and
 * would fill memory).
 */
export class LruMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyChars: number,
  ) {}

  get(key: string, compute: () => V): V {
    if (key.length > this.maxKeyChars) return compute();
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh recency: a Map keeps insertion order, so re-inserting moves the entry to the young end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
