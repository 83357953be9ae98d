import { AnchorTrie, type AnchorTrieState } from './anchorTrie.js';
import type { Cue, CueLexicons, Lexicon } from './lexicon.js';
import { namesLicence } from './licences.js';
import { patternAnchors, WORD_CHAR } from './pattern.js';

/** One cue found in a text: offsets into the (folded) text, which equal offsets into the original. */
export interface Hit {
  cue: Cue;
  start: number;
  end: number;
}

/** A lexicon's cues indexed by anchor, built once per cue list. */
interface CueIndex {
  /** Anchor → index of the cue (in the lexicon's cue list). */
  trie: AnchorTrie;
  /** Cues run whatever the text: no literal anchor, or matched case-sensitively against the raw text. */
  always: number[];
}

const indexCache = new WeakMap<readonly Cue[], CueIndex>();

function cueIndex(cues: readonly Cue[]): CueIndex {
  let index = indexCache.get(cues);
  if (index) return index;
  const anchored: [string, number][] = [];
  const always: number[] = [];
  cues.forEach((cue, i) => {
    if (cue.anchors === null || cue.exact) always.push(i);
    else for (const a of cue.anchors) anchored.push([a, i]);
  });
  index = { trie: AnchorTrie.build(anchored), always };
  indexCache.set(cues, index);
  return index;
}

const WORD = new RegExp(WORD_CHAR);

/** WORD_CHAR membership of every UTF-16 code unit, for scans that test each character. */
const WORD_CODES = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (WORD.test(String.fromCharCode(c))) table[c] = 1;
  return table;
})();

/**
 * The cues that can match a folded text, in lexicon order: those one of whose anchors (literal starts of
 * the pattern) occurs, found by one walk of a character trie from every word start instead of one substring
 * search per cue, plus the cues that are always run. A cue none of whose anchors occurs cannot match.
 */
function candidates(folded: string, cues: readonly Cue[]): number[] {
  const { trie, always } = cueIndex(cues);
  const picked = new Uint8Array(cues.length);
  for (const i of always) picked[i] = 1;
  for (let i = 0; i < folded.length; i++) {
    // Anchors start at word starts.
    if (i > 0 && WORD_CODES[folded.charCodeAt(i)] === 1 && WORD_CODES[folded.charCodeAt(i - 1)] === 1) continue;
    let n = trie.next(0, folded.charCodeAt(i));
    for (let j = i + 1; n !== 0; j++) {
      for (let k = trie.valuesStart(n); k < trie.valuesEnd(n); k++) picked[trie.value(k)] = 1;
      n = j < folded.length ? trie.next(n, folded.charCodeAt(j)) : 0;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < picked.length; i++) if (picked[i] === 1) out.push(i);
  return out;
}

/**
 * Finds every cue of the given lexicons, sorted by position (longest first on ties). `folded` and `raw` are
 * the same text folded and as written (same length); `=`-cues are matched against `raw`.
 */
export function scanCues(folded: string, lexicons: readonly Lexicon[], raw: string = folded): Hit[] {
  const hits: Hit[] = [];
  for (const lex of lexicons) {
    for (const i of candidates(folded, lex.cues)) {
      const cue = lex.cues[i]!;
      const text = cue.exact ? raw : folded;
      const re = cue.regex;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        hits.push({ cue, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return hits;
}

/** Cues whose presence makes a text worth classifying: uses, copyright, statutes, and consent paths. */
function gates(cue: Cue): boolean {
  return (
    cue.category === 'use' ||
    cue.category === 'copyright' ||
    cue.category === 'statutes' ||
    (cue.category === 'modality' && cue.key === 'consent')
  );
}

/**
 * The literal a raw `re:` pattern's matches start with, when its source opens with plain characters
 * ("re:コピー(?!ライト)" → "コピー", "re:§\\s?39" → "§"); null when it opens with a group, a class or a
 * look-around.
 */
export function rawAnchor(pattern: string): string[] | null {
  if (!pattern.startsWith('re:')) return null;
  let src = pattern.slice(3);
  // A look-behind first only narrows the match: the anchors are what follows it.
  if (src.startsWith('(?<!') || src.startsWith('(?<=')) {
    let depth = 0;
    let i = 0;
    for (; i < src.length; i++) {
      if (src[i] === '(' && src[i - 1] !== '\\') depth++;
      else if (src[i] === ')' && src[i - 1] !== '\\' && --depth === 0) break;
    }
    src = src.slice(i + 1);
  }
  // A leading group of plain alternatives: "(修改|修訂|修订)…", "(?:版权所有|版權所有)".
  const group = /^\((?:\?:)?([^()\\[\].*+?{}^$]+)\)(?![?*{])/.exec(src);
  if (group) {
    const alts = group[1]!.split('|');
    return alts.every((a) => a.length >= 2 || !/[a-z0-9]/.test(a)) ? alts : null;
  }
  let lit = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if ('\\()[].*+?{}|^$'.includes(ch)) {
      if ('?*{'.includes(ch)) lit = lit.slice(0, -1);
      break;
    }
    lit += ch;
  }
  return lit.length >= 1 ? [lit] : null;
}

/** See AnchoredScan.toState. */
export interface AnchoredScanState {
  /** Anchor → index into `patterns`. */
  trie: AnchorTrieState;
  /** Sticky patterns of the cues, tried where one of their anchors was reached. */
  patterns: RegExp[];
  raw: RegExp[];
}

/**
 * Many cue patterns scanned at once: a character trie of the literal anchors their matches start with,
 * walked from every word start (from every character in scripts without words), and at each anchor reached
 * the full patterns filed under it, tried there only. An alternation of thousands of anchors in one regular
 * expression cost 4× a bare parse once 31 languages were loaded; the walk costs one edge lookup per
 * character it reads, whatever the number of anchors. Patterns without a literal start are scanned on
 * their own. Exact (`=`) cues are left out: the scan reads folded text, which they never match.
 */
export class AnchoredScan {
  private constructor(
    private readonly trie: AnchorTrie,
    private readonly patterns: RegExp[],
    /** Patterns without a literal start (public so the regular-expression safety test can analyse them). */
    readonly raw: RegExp[],
  ) {}

  /** The built trie and patterns as plain data (for the compiled rules artefact, src/resources/artefact.ts). */
  toState(): AnchoredScanState {
    return { trie: this.trie.toState(), patterns: this.patterns, raw: this.raw };
  }

  static fromState(state: AnchoredScanState): AnchoredScan {
    return new AnchoredScan(AnchorTrie.fromState(state.trie), state.patterns, state.raw);
  }

  static of(cues: Iterable<Cue>): AnchoredScan {
    const rawSources = new Set<string>();
    const patterns: RegExp[] = [];
    const anchored: [string, number][] = [];
    for (const cue of cues) {
      if (cue.exact) continue;
      const anchors = patternAnchors(cue.pattern) ?? rawAnchor(cue.pattern);
      if (!anchors) {
        rawSources.add(cue.regex.source);
        continue;
      }
      patterns.push(new RegExp(cue.regex.source, `${cue.regex.flags.replace(/[gy]/g, '')}y`));
      for (const a of anchors) anchored.push([a, patterns.length - 1]);
    }
    const raw = [...rawSources].map((src) => new RegExp(src, 'gu'));
    return new AnchoredScan(AnchorTrie.build(anchored), patterns, raw);
  }

  /** Confirmed matches: per start, the longest; anchored ones in text order, then the others. */
  *matches(folded: string): Generator<{ start: number; end: number }> {
    const trie = this.trie;
    let previousInWord = false;
    for (let i = 0; i < folded.length; i++) {
      // An anchor inside a word is no start of a cue (the script has words: Latin, Greek, Cyrillic).
      const unit = folded.charCodeAt(i);
      const inWord = WORD_CODES[unit] === 1;
      const skip = inWord && previousInWord;
      previousInWord = inWord;
      if (skip) continue;
      let n = trie.next(0, unit);
      let end = -1;
      for (let j = i + 1; n !== 0; j++) {
        for (let k = trie.valuesStart(n); k < trie.valuesEnd(n); k++) {
          const p = this.patterns[trie.value(k)]!;
          p.lastIndex = i;
          if (p.test(folded)) end = Math.max(end, p.lastIndex);
        }
        n = j < folded.length ? trie.next(n, folded.charCodeAt(j)) : 0;
      }
      if (end > i) yield { start: i, end };
    }
    for (const re of this.raw) {
      re.lastIndex = 0;
      for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        yield { start: m.index, end: m.index + m[0].length };
      }
    }
  }

  test(folded: string): boolean {
    return !this.matches(folded).next().done;
  }
}

/**
 * The cheap prefilter: can this text hold a rights clause? The use, copyright, statute and consent cues of
 * every language, scanned by anchors. A text without a hit cannot hold a rights clause. An anchor literal
 * alone ("all", "section", "link") is too weak — navigation and cookie buttons are full of them — so each
 * anchor hit is confirmed by the full patterns of the cues that start with it.
 */
export class CueGate {
  constructor(private readonly scan: AnchoredScan) {}

  static of(lexicons: CueLexicons): CueGate {
    return new CueGate(AnchoredScan.of([...lexicons.byLang.values()].flatMap((l) => l.cues.filter(gates))));
  }

  toState(): AnchoredScanState {
    return this.scan.toState();
  }

  /** Patterns scanned whole (public so the regular-expression safety test can analyse them). */
  get raw(): readonly RegExp[] {
    return this.scan.raw;
  }

  /**
   * True when the folded text holds a gate cue, or names a Creative Commons licence ("sotto i termini del
   * Creative Commons CC0 1.0": a licence in prose and nothing else).
   */
  test(folded: string): boolean {
    return this.scan.test(folded) || namesLicence(folded);
  }
}
