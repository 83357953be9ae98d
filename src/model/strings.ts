/**
 * A copy of `s` in one piece of memory of its own. V8 keeps a substring as a view on its parent (a
 * 40-character footer line cut from a 400 KB page keeps the whole page alive while it is held) and a
 * concatenation as a rope of its parts (one node per part); the copy is neither. Caches that outlive a
 * page hold copies (src/notices/memo.ts: cached passages pinning their pages once ran batch workers out of
 * their 128 MB heap), and the extractor copies long ropes of text runs (src/extract/html.ts).
 */
export function flatCopy(s: string): string {
  // Concatenating makes a new string; slicing it copies it flat and shares memory only with that copy.
  return ` ${s}`.slice(1);
}
