import type { ExtractedPage, Region, TextBlock } from '../extract/page.js';
import { toSourceOffset } from '../extract/page.js';
import { AnchoredScan, type AnchoredScanState, CueGate } from './clauses/cues.js';
import { fold } from './clauses/fold.js';
import type { CueLexicons } from './clauses/lexicon.js';
import { LruMemo } from './memo.js';
import type { Passage } from './passage.js';

/**
 * Where on a page a notice counts (the precision rule). A publisher's notice sits in a footer, a
 * legal block or a terms page; the same words in an article body (a news story about AI, a quoted
 * notice) are not the publisher's statement about this page.
 *   notice   footer, footer-like container (class/id/role), loose body text after the main content,
 *            plain-text input: counts as is
 *   legal    article/main/body text of a legal page (title or first headings name terms, imprint,
 *            copyright…) or of a section under a legal heading: counts as is
 *   chrome   header, nav, aside, and body text outside any layout element: counts only in the
 *            publisher's voice (self-reference or a statute) and never as reported speech
 *   content  article/main text elsewhere, and quotations: never classified
 */
export type PlacementClass = 'notice' | 'legal' | 'chrome' | 'content';

export interface PagePassage extends Passage {
  placement: PlacementClass;
  region: Region;
  footerLike: boolean;
  /** Blocks of the passage and where each starts in `text`. */
  parts: { block: TextBlock; blockIndex: number; at: number }[];
}

/** Longest passage handed to the classifiers at once; longer runs are split at block boundaries. */
const MAX_PASSAGE_CHARS = 60_000;
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const QUOTE_TAGS = new Set(['blockquote', 'q', 'cite']);

interface Compiled {
  gate: CueGate;
  legalHeading: AnchoredScan;
  /** Gate answers and legal-heading answers per block text (navigation and footers repeat across a site). */
  gated: LruMemo<boolean>;
  legal: LruMemo<boolean>;
}

const MEMO_ENTRIES = 8192;
const MEMO_KEY_CHARS = 4096;
const MEMO_TOTAL_CHARS = 250_000;

function compiled(gate: CueGate, legalHeading: AnchoredScan): Compiled {
  return {
    gate,
    legalHeading,
    gated: new LruMemo(MEMO_ENTRIES, MEMO_KEY_CHARS, MEMO_TOTAL_CHARS),
    legal: new LruMemo(MEMO_ENTRIES, MEMO_KEY_CHARS, MEMO_TOTAL_CHARS),
  };
}

const compiledCache = new WeakMap<CueLexicons, Compiled>();

export function compiledFor(lexicons: CueLexicons): Compiled {
  let c = compiledCache.get(lexicons);
  if (!c) {
    // One scan over the legal headings of every language, by anchors: an alternation of hundreds of
    // whole patterns is tried at every character.
    const headings = [...lexicons.byLang.values()].flatMap((l) =>
      l.cues.filter((q) => q.category === 'legal_headings'),
    );
    c = compiled(CueGate.of(lexicons), AnchoredScan.of(headings));
    compiledCache.set(lexicons, c);
  }
  return c;
}

/** The built scans of a lexicon set as plain data (kept in the compiled rules artefact). */
export interface PassageScans {
  gate: AnchoredScanState;
  legalHeading: AnchoredScanState;
}

export function passageScansOf(lexicons: CueLexicons): PassageScans {
  const c = compiledFor(lexicons);
  return { gate: c.gate.toState(), legalHeading: c.legalHeading.toState() };
}

/** Uses scans built earlier from the same lexicons (read from the artefact) instead of building them. */
export function adoptPassageScans(lexicons: CueLexicons, scans: PassageScans): void {
  compiledCache.set(
    lexicons,
    compiled(new CueGate(AnchoredScan.fromState(scans.gate)), AnchoredScan.fromState(scans.legalHeading)),
  );
}

/** The cue gate of a lexicon set, built once. */
export function cueGate(lexicons: CueLexicons): CueGate {
  return compiledFor(lexicons).gate;
}

const TITLE_SEPARATORS = /\s[|–—·:»]\s|\s-\s|\s\|\s|[|]/;
const LETTER = /[a-z0-9\u00df-\u024f]/g;

/**
 * A title or heading names a legal page or section when one of its parts ("Terms of use | Example") starts
 * with a legal heading cue, or legal cues make up 60% of its letters. A headline that merely mentions the
 * topic ("How publishers opt out of AI training") is not a legal heading.
 */
function isLegalText(text: string, c: Compiled): boolean {
  if (text.length > 200) return false;
  return c.legal.get(text, () => namesLegalTopic(text, c.legalHeading));
}

function namesLegalTopic(text: string, legalHeading: AnchoredScan): boolean {
  for (const raw of fold(text).split(TITLE_SEPARATORS)) {
    const part = raw.trim();
    let covered = 0;
    for (const m of legalHeading.matches(part)) {
      if (m.start === 0) return true;
      covered += (part.slice(m.start, m.end).match(LETTER) ?? []).length;
    }
    // No legal cue in this part: nothing to weigh (letters are counted only when a cue was found).
    if (covered === 0) continue;
    const letters = (part.match(LETTER) ?? []).length;
    if (letters > 0 && covered / letters >= 0.6) return true;
  }
  return false;
}

/**
 * The title or the page's main heading (its first heading outside navigation and footer) names a legal
 * page ("Terms of use", "Impressum", "Mentions légales"). Lower headings only open legal sections.
 */
function isLegalPage(page: ExtractedPage, c: Compiled): boolean {
  if (page.title && isLegalText(page.title, c)) return true;
  const main = page.blocks.find(
    (b) => HEADING_TAGS.has(b.tag) && b.region !== 'nav' && b.region !== 'footer' && !b.footerLike,
  );
  return main !== undefined && isLegalText(main.text, c);
}

function headingLevel(tag: string): number {
  return HEADING_TAGS.has(tag) ? Number(tag[1]) : 0;
}

/** Placement of every block; legal sections run from a legal heading to the next heading of its level. */
export function placeBlocks(page: ExtractedPage, c: Compiled): PlacementClass[] {
  if (page.kind === 'text') return page.blocks.map(() => 'notice');
  const legalPage = isLegalPage(page, c);
  // Loose body text after the page's main content is where footers live on pages whose footer has no
  // <footer> element or recognisable class: it counts like a footer.
  let lastContent = -1;
  page.blocks.forEach((b, i) => {
    if (b.region === 'main' || b.region === 'article') lastContent = i;
  });
  const out: PlacementClass[] = [];
  let legalSection = 0; // heading level that opened the current legal section, 0 = none
  page.blocks.forEach((b, i) => {
    const level = headingLevel(b.tag);
    if (level > 0 && (legalSection === 0 || level <= legalSection)) legalSection = isLegalText(b.text, c) ? level : 0;
    if (b.region === 'footer' || b.footerLike) out.push('notice');
    else if (QUOTE_TAGS.has(b.tag)) out.push('content');
    else if (legalPage || legalSection > 0) out.push('legal');
    else if (b.region === 'main' || b.region === 'article') out.push('content');
    else if (b.region === 'body' && lastContent >= 0 && i > lastContent) out.push('notice');
    else out.push('chrome');
  });
  return out;
}

function containerKey(b: TextBlock, placement: PlacementClass): string {
  return `${placement}|${b.region}|${b.footerLike}`;
}

/**
 * Runs of neighbouring blocks in the same container, kept only when one of their blocks passes the cue
 * gate (one regular expression, so pages without rights language cost one scan of their candidate text).
 */
export function pagePassages(page: ExtractedPage, lexicons: CueLexicons): PagePassage[] {
  const c = compiledFor(lexicons);
  const placements = placeBlocks(page, c);
  const passages: PagePassage[] = [];
  let run: number[] = [];
  let runKey = '';
  let runGated = false;
  const flush = () => {
    if (run.length > 0 && runGated) passages.push(...buildPassages(page, run, placements));
    run = [];
    runGated = false;
  };
  page.blocks.forEach((b, i) => {
    const placement = placements[i]!;
    if (placement === 'content') {
      flush();
      runKey = '';
      return;
    }
    const key = containerKey(b, placement);
    if (key !== runKey) {
      flush();
      runKey = key;
    }
    run.push(i);
    if (!runGated && c.gated.get(b.text, () => c.gate.test(fold(b.text)))) runGated = true;
  });
  flush();
  return passages;
}

function buildPassages(page: ExtractedPage, indexes: number[], placements: PlacementClass[]): PagePassage[] {
  const out: PagePassage[] = [];
  let cur: PagePassage | null = null;
  for (const i of indexes) {
    const block = page.blocks[i]!;
    if (cur && cur.text.length + block.text.length > MAX_PASSAGE_CHARS) {
      out.push(cur);
      cur = null;
    }
    if (!cur) {
      cur = {
        text: '',
        placement: placements[i]!,
        region: block.region,
        footerLike: block.footerLike,
        parts: [],
        listStarts: new Set<number>(),
        headingStarts: new Set<number>(),
        declaredLang: page.lang,
      };
    }
    // A <br> continues the line (wrapped notice); any other block starts a paragraph.
    const sep = cur.text.length === 0 ? '' : block.tag === 'br' ? '\n' : '\n\n';
    const at = cur.text.length + sep.length;
    // In HTML a line break inside a block is only whitespace; in plain text it may end a list item.
    cur.text += sep + (page.kind === 'html' ? block.text.replace(/[\r\n]/g, ' ') : block.text);
    cur.parts.push({ block, blockIndex: i, at });
    if (block.tag === 'li' || block.tag === 'dd') (cur.listStarts as Set<number>).add(at);
    if (HEADING_TAGS.has(block.tag)) (cur.headingStarts as Set<number>).add(at);
  }
  if (cur) out.push(cur);
  return out;
}

/** A passage offset → the block holding it and the offset in the decoded document. */
export function passageToSource(p: PagePassage, offset: number): { source: number; blockIndex: number } {
  let lo = 0;
  let hi = p.parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.parts[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  const part = p.parts[lo]!;
  const inBlock = Math.max(0, Math.min(offset - part.at, part.block.text.length));
  return { source: toSourceOffset(part.block, inBlock), blockIndex: part.blockIndex };
}
