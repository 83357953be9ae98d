/**
 * Words of a normalised text, with their offsets in it. A word is a run of letters and digits; © and § are
 * words of their own (they carry meaning in notices: "© 2024", "§ 44b UrhG"). Punctuation, list markers,
 * Markdown and comment leaders (#, //, *) are not words, so they never disturb matching. Chinese and
 * Japanese write without spaces: each Han, hiragana or katakana character is a word of its own, so a
 * template such as 無断転載を禁じます matches inside a longer line (Korean separates its words by spaces).
 */
export interface Tokens {
  values: string[];
  /** Offsets in the normalised text. */
  starts: Int32Array;
  ends: Int32Array;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const WORD_RE = new RegExp(`[${CJK}]|(?![${CJK}])[\\p{L}\\p{N}](?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])*|[©§]`, 'gu');

export function tokenize(normalized: string): Tokens {
  const values: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(normalized); m !== null; m = WORD_RE.exec(normalized)) {
    values.push(m[0]);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { values, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}
