import type { Cue, CueLexicons, Lexicon } from './lexicon.js';
import { namesLicence } from './licences.js';
import { patternAnchors, patternSource, WORD_CHAR } from './pattern.js';

/** One cue found in a text: offsets into the (folded) text, which equal offsets into the original. */
export interface Hit {
  cue: Cue;
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** The anchor that ends here, if any. */
  anchor: string | null;
}

const trieCache = new WeakMap<readonly Cue[], TrieNode>();

function anchorTrie(cues: readonly Cue[]): TrieNode {
  let root = trieCache.get(cues);
  if (root) return root;
  root = { next: new Map(), anchor: null };
  for (const cue of cues)
    for (const a of cue.anchors ?? []) {
      let n = root;
      for (const ch of a) {
        let c = n.next.get(ch);
        if (!c) {
          c = { next: new Map(), anchor: null };
          n.next.set(ch, c);
        }
        n = c;
      }
      n.anchor = a;
    }
  trieCache.set(cues, root);
  return root;
}

const WORD = new RegExp(WORD_CHAR);

/**
 * The anchors (literal starts of cue patterns) that occur in a folded text: one walk of a character trie
 * from every word start, instead of one substring search per cue. A cue none of whose anchors occurs cannot
 * match and is not run.
 */
function anchorsIn(folded: string, cues: readonly Cue[]): Set<string> {
  const root = anchorTrie(cues);
  const found = new Set<string>();
  for (let i = 0; i < folded.length; i++) {
    const first = folded[i]!;
    const word = WORD.test(first);
    if (word && i > 0 && WORD.test(folded[i - 1]!)) continue; // anchors start at word starts
    let n = root.next.get(first);
    for (let j = i + 1; n; j++) {
      if (n.anchor !== null) found.add(n.anchor);
      n = j < folded.length ? n.next.get(folded[j]!) : undefined;
    }
  }
  return found;
}

/**
 * Finds every cue of the given lexicons, sorted by position (longest first on ties). `folded` and `raw` are
 * the same text folded and as written (same length); `=`-cues are matched against `raw`.
 */
export function scanCues(folded: string, lexicons: readonly Lexicon[], raw: string = folded): Hit[] {
  const hits: Hit[] = [];
  for (const lex of lexicons) {
    const present = anchorsIn(folded, lex.cues);
    for (const cue of lex.cues) {
      const text = cue.exact ? raw : folded;
      const anchors = cue.anchors;
      if (anchors !== null && !cue.exact && !anchors.some((a) => present.has(a))) continue;
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

const WORD_START = new RegExp(WORD_CHAR);

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One regular expression for many literals, factored by common prefix (`copy(?:right|ing)|...`). V8 tries a
 * flat alternation of a thousand literals one by one at every position; the trie form rejects a position
 * after its first character, which makes the gate several times faster on long pages. Longer literals are
 * tried before their prefixes, as in the flat form sorted by length.
 */
export function literalTrie(literals: string[]): string {
  interface Node {
    next: Map<string, Node>;
    end: boolean;
  }
  const root: Node = { next: new Map(), end: false };
  for (const lit of literals) {
    let n = root;
    for (const ch of lit) {
      let c = n.next.get(ch);
      if (!c) {
        c = { next: new Map(), end: false };
        n.next.set(ch, c);
      }
      n = c;
    }
    n.end = true;
  }
  const emit = (n: Node): string => {
    const alts = [...n.next.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ch, child]) => escapeLiteral(ch) + emit(child));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    // A literal ending here: the longer continuations first, then the empty match.
    return n.end ? (alts.length === 1 && alts[0]!.length === 1 ? `${body}?` : `(?:${body})?`) : body;
  };
  return emit(root);
}

/**
 * The cheap prefilter: can this text hold a rights clause? Every use, copyright, statute and consent cue of
 * every language contributes the literal strings its matches start with (`patternAnchors`); one alternation of
 * those literals finds candidates, and a word-boundary check in code drops hits inside words. Patterns
 * without a literal start join the alternation whole. A text without a hit cannot hold a rights clause.
 */
export class CueGate {
  /** The candidate scan (public so the regular-expression safety test can analyse it). */
  readonly re: RegExp;
  /** Anchor literal → the full cue patterns that start with it, sticky, to confirm an anchor hit. */
  private readonly confirm = new Map<string, RegExp[]>();

  constructor(lexicons: CueLexicons) {
    const literals = new Set<string>();
    const raw = new Set<string>();
    for (const lex of lexicons.byLang.values())
      for (const cue of lex.cues) {
        if (!gates(cue)) continue;
        const anchors = patternAnchors(cue.pattern);
        if (anchors)
          for (const a of anchors) {
            literals.add(a);
            const sticky = new RegExp(cue.regex.source, `${cue.regex.flags.replace(/[gy]/g, '')}y`);
            const list = this.confirm.get(a);
            if (list) list.push(sticky);
            else this.confirm.set(a, [sticky]);
          }
        else raw.add(patternSource(cue.pattern));
      }
    this.re = new RegExp([literalTrie([...literals]), ...raw].filter(Boolean).join('|'), 'gu');
  }

  /**
   * True when the folded text contains a gate cue at a word start, or names a Creative Commons licence
   * ("sotto i termini del Creative Commons CC0 1.0": a licence in prose and nothing else). An anchor literal alone ("all",
   * "section", "link") is too weak — navigation and cookie buttons are full of them — so each anchor hit
   * is confirmed by the full patterns of the cues that start with it, tested at that position only.
   */
  test(folded: string): boolean {
    return this.testCues(folded) || namesLicence(folded);
  }

  private testCues(folded: string): boolean {
    const re = this.re;
    re.lastIndex = 0;
    for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
      const before = m.index > 0 ? folded[m.index - 1]! : ' ';
      if (!WORD_START.test(m[0][0]!) || !WORD_START.test(before)) {
        if (!this.confirm.has(m[0])) return true; // a pattern without a literal start matched whole
        // The alternation returns the longest anchor at this place; the cues filed under its shorter
        // prefixes ("robot" hides "robo" of robot*, read in "roboter") start here too.
        for (let k = m[0].length; k >= 1; k--) {
          const patterns = this.confirm.get(m[0].slice(0, k));
          if (!patterns) continue;
          for (const p of patterns) {
            p.lastIndex = m.index;
            if (p.test(folded)) return true;
          }
        }
      }
      re.lastIndex = m.index + 1;
    }
    return false;
  }
}
