import type { Use } from '../../model/uses.js';
import type { CcTable } from '../../resources/ccLicences.js';
import { type ClauseResult, classifyClause, type ModalityHit } from './classify.js';
import { type CueGate, type Hit, scanCues } from './cues.js';
import { fold } from './fold.js';
import type { Concept, Lexicon } from './lexicon.js';
import { findLicenceMentions, type LicenceMention } from './licences.js';
import { carveOutUses, clusterClauses, type Notice, resolveNotice } from './notice.js';
import { type Sentence, segment } from './segment.js';

export type { ClauseResult } from './classify.js';
export type { Notice, NoticeKind } from './notice.js';
export type { Sentence } from './segment.js';

export interface AnalyseOptions {
  lexicons: readonly Lexicon[];
  concepts: ReadonlyMap<string, Concept>;
  /** Offsets where HTML list items and headings start (block structure of the page). */
  listStarts?: ReadonlySet<number>;
  headingStarts?: ReadonlySet<number>;
  /** Spans already explained (template matches, false-positive templates): their sentences are skipped. */
  covered?: readonly { start: number; end: number }[];
  /** Prefilter: only sentences that pass it (and their context) are scanned for cues. */
  gate?: CueGate;
  /** The Creative Commons table: licences named in prose get their effects. */
  cc?: CcTable;
}

export interface Analysis {
  sentences: Sentence[];
  /** One result per sentence, same order. */
  clauses: ClauseResult[];
  notices: Notice[];
}

interface State {
  text: string;
  opts: AnalyseOptions;
  /** The text with comment/list markers blanked (same length); `mask` is the same, folded. */
  raw: string;
  mask: string;
  sentences: Sentence[];
  hits: Hit[];
  clauses: ClauseResult[];
  notices: Notice[];
}

type Step = (s: State) => State;

/** Masks markers, finds sentences (with offsets) and list items. */
const segmentStep: Step = (s) => {
  const seg = segment(s.text, {
    listStarts: s.opts.listStarts,
    headingStarts: s.opts.headingStarts,
    abbreviations: s.opts.lexicons.flatMap((l) => l.abbreviations),
  });
  return { ...s, raw: seg.mask, mask: fold(seg.mask), sentences: seg.sentences };
};

/** Sentences around a gated one that are scanned too (exceptions, leads, licensing paths nearby). */
const CONTEXT_SENTENCES = 3;

/**
 * The cues of the chosen lexicons. With a gate, only sentences that pass it are scanned, with their
 * neighbours, the lead of a list item and the heading above: a long article or terms page costs a
 * literal scan, not a scan per cue.
 */
const scanStep: Step = (s) => {
  const gate = s.opts.gate;
  if (!gate) return { ...s, hits: scanCues(s.mask, s.opts.lexicons, s.raw) };
  const n = s.sentences.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const sentence = s.sentences[i]!;
    if (!gate.test(s.mask.slice(sentence.start, sentence.end))) continue;
    for (let k = Math.max(0, i - CONTEXT_SENTENCES); k <= Math.min(n - 1, i + CONTEXT_SENTENCES); k++) keep[k] = 1;
    for (let k = i; k >= 0; k--) {
      keep[k] = 1;
      const back = s.sentences[k]!;
      if (back.heading || (!back.listItem && k < i)) break;
    }
  }
  const hits: Hit[] = [];
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    let j = i;
    while (j + 1 < n && keep[j + 1]) j++;
    const from = s.sentences[i]!.start;
    const to = s.sentences[j]!.end;
    for (const h of scanCues(s.mask.slice(from, to), s.opts.lexicons, s.raw.slice(from, to)))
      hits.push({ cue: h.cue, start: h.start + from, end: h.end + from });
    i = j;
  }
  return { ...s, hits };
};

/**
 * A sentence mostly inside a template match is already explained; one that only shares a few words with it
 * ("All rights reserved, including text and data mining (Art. 4(3) …)" around an "All rights reserved"
 * template) is still classified.
 */
const COVERED_SHARE = 0.8;

/**
 * For each offset of the text, how many characters before it lie inside a covered span (a difference array
 * and one prefix sum): a sentence's covered share is then two lookups, where summing over every span per
 * sentence was quadratic on a passage with thousands of template matches.
 */
function coveredPrefix(length: number, covered: readonly { start: number; end: number }[]): Int32Array | null {
  if (covered.length === 0) return null;
  const depth = new Int32Array(length + 1);
  for (const c of covered) {
    depth[Math.max(0, Math.min(length, c.start))]!++;
    depth[Math.max(0, Math.min(length, c.end))]!--;
  }
  const prefix = new Int32Array(length + 1);
  let open = 0;
  for (let i = 0; i < length; i++) {
    open += depth[i]!;
    prefix[i + 1] = prefix[i]! + (open > 0 ? 1 : 0);
  }
  return prefix;
}

function coveredShare(sentence: Sentence, prefix: Int32Array | null): number {
  if (!prefix) return 0;
  return (prefix[sentence.end]! - prefix[sentence.start]!) / Math.max(1, sentence.end - sentence.start);
}

/** Each sentence → a clause result; list items inherit the modality of their lead. */
const classifyStep: Step = (s) => {
  const clauses: ClauseResult[] = [];
  const licences: LicenceMention[] = s.opts.cc
    ? findLicenceMentions(s.mask, s.opts.cc).sort((a, b) => a.start - b.start)
    : [];
  const covered = coveredPrefix(s.text.length, s.opts.covered ?? []);
  let lead: ModalityHit[] | null = null;
  let h = 0;
  let l = 0;
  for (const sentence of s.sentences) {
    while (h < s.hits.length && s.hits[h]!.start < sentence.start) h++;
    const hits: Hit[] = [];
    for (let k = h; k < s.hits.length && s.hits[k]!.start < sentence.end; k++)
      if (s.hits[k]!.end <= sentence.end) hits.push(s.hits[k]!);
    while (l < licences.length && licences[l]!.start < sentence.start) l++;
    const named: LicenceMention[] = [];
    for (let k = l; k < licences.length && licences[k]!.start < sentence.end; k++)
      if (licences[k]!.end <= sentence.end) named.push(licences[k]!);
    if (!sentence.listItem || sentence.heading) lead = null;
    const clause = classifyClause(
      {
        start: sentence.start,
        end: sentence.end,
        folded: s.mask,
        hits,
        inherited: sentence.listItem && lead ? lead : undefined,
        heading: sentence.heading,
        licences: named,
        concepts: s.opts.concepts,
      },
      s.text,
    );
    if (coveredShare(sentence, covered) >= COVERED_SHARE) clause.ignored = 'covered';
    clauses.push(clause);
    // A lead ends in ":"; a heading with a modality ("What you may not do") leads the list under it too.
    const leads = sentence.lead || (sentence.heading && clause.modalities.length > 0);
    if (leads && !clause.ignored) {
      const governing = clause.modalities.filter((m) => m.modality !== 'only' && m.modality !== 'permit');
      const permits = clause.modalities.filter((m) => m.modality === 'permit');
      const own = governing.length > 0 ? governing : permits;
      lead = own.length > 0 ? [...own, ...clause.consentHits] : null;
    }
  }
  return { ...s, clauses };
};

const SPECIFIC_CONCEPTS = new Set(['tdm', 'scrape', 'ai-train', 'ai-use', 'ai-input']);

/**
 * A paragraph about the reader's data (cookies, personal data) is privacy text: its other sentences that
 * only name generic uses ("we only use technically necessary storage… exempt from consent") are part of
 * it, not a rights statement about the content.
 */
const privacyStep: Step = (s) => {
  const privacy = new Set<number>();
  s.sentences.forEach((sentence, i) => {
    if (s.clauses[i]!.ignored === 'user-data') privacy.add(sentence.paragraph);
  });
  s.sentences.forEach((sentence, i) => {
    const c = s.clauses[i]!;
    if (c.ignored || !privacy.has(sentence.paragraph)) return;
    if (c.statute || c.modality === 'copyright' || c.concepts.some((k) => SPECIFIC_CONCEPTS.has(k))) return;
    c.ignored = 'user-data';
  });
  return s;
};

/**
 * A heading that names uses without saying anything about them ("Nutzung zum Training von KI-Modellen")
 * gives those uses to the first restriction of its section ("…behalten wir uns … vor").
 */
const headingStep: Step = (s) => {
  let pending: { uses: Use[]; clause: ClauseResult } | null = null;
  s.sentences.forEach((sentence, i) => {
    const c = s.clauses[i]!;
    if (sentence.heading) {
      pending = c.headingUses.length > 0 && !c.ignored ? { uses: c.headingUses, clause: c } : null;
      return;
    }
    if (!pending || c.ignored) return;
    const restriction = Object.values(c.effects).find(
      (e) => e && (e.origin === 'reserve' || e.origin === 'prohibit' || e.origin === 'consent'),
    );
    if (!restriction) return;
    for (const use of pending.uses) c.effects[use] ??= { ...restriction };
    c.cues.push(...pending.clause.cues.filter((id) => !c.cues.includes(id)));
    pending = null;
  });
  return s;
};

/** Runs of nearby rights clauses become notices, each resolved per use. */
const noticeStep: Step = (s) => {
  const carveOuts = carveOutUses(s.opts.concepts);
  const groups = clusterClauses(s.clauses.map((clause, index) => ({ clause, index })));
  const context = groups.flat();
  const notices = groups
    .map((g) => resolveNotice(g, carveOuts, context))
    .filter((n) => Object.keys(n.effects).length > 0);
  return { ...s, notices };
};

/** The clause pipeline, in order. A new step is one named function added here. */
export const CLAUSE_PIPELINE: readonly Step[] = [
  segmentStep,
  scanStep,
  classifyStep,
  privacyStep,
  headingStep,
  noticeStep,
];

export function analyse(text: string, opts: AnalyseOptions): Analysis {
  let state: State = {
    text,
    opts,
    raw: '',
    mask: '',
    sentences: [],
    hits: [],
    clauses: [],
    notices: [],
  };
  for (const step of CLAUSE_PIPELINE) state = step(state);
  return { sentences: state.sentences, clauses: state.clauses, notices: state.notices };
}
