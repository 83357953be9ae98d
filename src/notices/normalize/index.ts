import { identity } from './mapped.js';
import { NORMALIZATION_STEPS, type NormalizationStep } from './steps.js';

export type { MappedText } from './mapped.js';
export { NORMALIZATION_STEPS, type NormalizationStep } from './steps.js';
export { type Tokens, tokenize } from './tokens.js';

/**
 * Normalised text with a map back to the original, so every match can quote the exact source characters.
 */
export interface NormalizedText {
  text: string;
  /** map[i] = offset in `original` of the first source character of normalised char i. */
  map: Int32Array;
  /** mapEnd[i] = offset in `original` just after the last source character of normalised char i. */
  mapEnd: Int32Array;
  original: string;
}

/** Run the ordered normalisation steps (default: all of NORMALIZATION_STEPS) over `original`. */
export function normalize(original: string, steps: readonly NormalizationStep[] = NORMALIZATION_STEPS): NormalizedText {
  let t = identity(original);
  for (const step of steps) t = step.apply(t);
  return { text: t.text, map: t.starts, mapEnd: t.ends, original };
}

/**
 * The original range [start, end) that normalised characters [start, end) came from. An empty range maps
 * to the position of the next normalised character (or the end of the original).
 */
export function toOriginalRange(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  const len = n.text.length;
  if (start < 0 || end > len || start > end) {
    throw new RangeError(`range [${start}, ${end}) is outside the normalised text (length ${len})`);
  }
  if (start === end) {
    const at = start < len ? n.map[start]! : n.original.length;
    return { start: at, end: at };
  }
  return { start: n.map[start]!, end: n.mapEnd[end - 1]! };
}
