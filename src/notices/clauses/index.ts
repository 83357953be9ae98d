import { isRestrictive } from '../../model/lattice.js';
import { RESERVATION_USES, type Use } from '../../model/uses.js';
import type { CcTable } from '../../rules/ccLicences.js';
import { type ClauseResult, classifyClause, type ModalityHit, type UseEffect } from './classify.js';
import { type CueGate, type Hit, scanCues } from './cues.js';
import { discourseParagraphs, discoursePassage, discourseReason } from './discourse.js';
import { fold } from './fold.js';
import type { Concept, Lexicon } from './lexicon.js';
import { findLicenceMentions, type LicenceMention } from './licences.js';
import { quoteSpans, type Span } from './mentions.js';
import { carveOutUses, clusterClauses, type Notice, passageContext, resolveNotice } from './notice.js';
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
  /**
   * The text is the publisher's own site file (robots.txt or ai.txt comments): the paragraph and passage
   * rules of the voice step (explainer, report) do not apply — a list of crawler operators there ("GPTBot →
   * OpenAI collects data to train models") is the publisher's own inventory, not news about them.
   */
  ownFile?: boolean;
}

export interface Analysis {
  sentences: Sentence[];
  /** One result per sentence, same order. */
  clauses: ClauseResult[];
  notices: Notice[];
  /** Clauses set aside as discourse that would have restricted AI or TDM uses: for review. */
  uncertain: ClauseResult[];
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
  uncertain: ClauseResult[];
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

/** Sentences after a restriction within which "This includes: …" still continues it. */
const CONTINUATION_REACH = 2;
/** A lead this short ("Including:", "This includes:") can only continue what came before. */
const SHORT_LEAD_WORDS = 4;

function opensWith(hits: readonly Hit[], category: string, folded: string, start: number): Hit | undefined {
  const h = hits.find((x) => x.cue.category === category);
  return h && wordGapFrom(folded, start, h.start) <= 1 ? h : undefined;
}

/** Words between `from` and `to` (the opening of a sentence: list markers are blanked in the mask). */
function wordGapFrom(folded: string, from: number, to: number): number {
  const between = folded.slice(from, to).trim();
  return between.length === 0 ? 0 : between.split(/\s+/).length;
}

function ownRestriction(c: ClauseResult): ModalityHit[] | null {
  const governing = c.modalities.filter(
    (m) => m.modality === 'prohibit' || m.modality === 'reserve' || m.modality === 'consent',
  );
  return governing.length > 0 ? [...governing, ...c.consentHits] : null;
}

/**
 * Each sentence → a clause result; list items inherit the modality of their lead. Two more ways a clause
 * inherits a restriction it does not state itself:
 * - continuation: "Automated collection is not allowed without permission. This includes: (a) data mining;
 *   (b) building corpora for machine learning" — a sentence or lead that opens with a continuation cue
 *   ("this includes", "in particular", "das gilt insbesondere für"), or a lead of a few words, continues the
 *   restriction stated just before it, and passes it to its items;
 * - a prohibited act standing alone: a list item whose lead is far away or cut off, that opens with an act
 *   ("harvest…", "deploy crawlers…") and names the publisher's own content ("our data", "the Service"),
 *   is an item of a prohibited-uses list.
 */
const classifyStep: Step = (s) => {
  const clauses: ClauseResult[] = [];
  const licences: LicenceMention[] = s.opts.cc
    ? findLicenceMentions(s.mask, s.opts.cc).sort((a, b) => a.start - b.start)
    : [];
  const covered = coveredPrefix(s.text.length, s.opts.covered ?? []);
  const quotes = quoteSpans(s.text);
  let lead: { modalities: ModalityHit[]; from: number } | null = null;
  let last: { modalities: ModalityHit[]; index: number } | null = null;
  let h = 0;
  let l = 0;
  let q = 0;
  for (const [index, sentence] of s.sentences.entries()) {
    while (h < s.hits.length && s.hits[h]!.start < sentence.start) h++;
    const hits: Hit[] = [];
    for (let k = h; k < s.hits.length && s.hits[k]!.start < sentence.end; k++)
      if (s.hits[k]!.end <= sentence.end) hits.push(s.hits[k]!);
    while (l < licences.length && licences[l]!.start < sentence.start) l++;
    const named: LicenceMention[] = [];
    for (let k = l; k < licences.length && licences[k]!.start < sentence.end; k++)
      if (licences[k]!.end <= sentence.end) named.push(licences[k]!);
    while (q < quotes.length && quotes[q]!.end <= sentence.start) q++;
    const quoted: Span[] = [];
    for (let k = q; k < quotes.length && quotes[k]!.start < sentence.end; k++) quoted.push(quotes[k]!);
    if (!sentence.listItem || sentence.heading) lead = null;
    const recent = last && index - last.index <= CONTINUATION_REACH ? last : null;
    const continues = recent && opensWith(hits, 'continuation', s.mask, sentence.start) ? recent : null;
    const act = sentence.listItem && !lead ? opensWith(hits, 'actions', s.mask, sentence.start) : undefined;
    const standalone =
      act && hits.some((x) => x.cue.category === 'self') ? [{ hit: act, modality: 'prohibit' as const }] : null;
    const source = sentence.listItem && lead ? lead.from : continues ? continues.index : undefined;
    const clause = classifyClause(
      {
        start: sentence.start,
        end: sentence.end,
        folded: s.mask,
        hits,
        inherited: (sentence.listItem && lead?.modalities) || continues?.modalities || standalone || undefined,
        quotes: quoted,
        heading: sentence.heading,
        licences: named,
        concepts: s.opts.concepts,
      },
      s.text,
    );
    if (coveredShare(sentence, covered) >= COVERED_SHARE) clause.ignored = 'covered';
    if (source !== undefined) clause.inheritedFrom = source;
    clauses.push(clause);
    const stated = clause.ignored ? null : ownRestriction(clause);
    if (stated) last = { modalities: stated, index };
    // A lead that states nothing itself continues the restriction before it ("This includes:").
    if (sentence.lead && !clause.ignored && !stated && recent) {
      const short = wordGapFrom(s.mask, sentence.start, sentence.end) <= SHORT_LEAD_WORDS;
      if (continues || short) {
        lead = { modalities: recent.modalities, from: recent.index };
        continue;
      }
    }
    // A lead ends in ":"; a heading with a modality ("What you may not do") leads the list under it too, and
    // so does a restriction right before a list ("The following are prohibited without authorisation.").
    const next = s.sentences[index + 1];
    const leads =
      sentence.lead ||
      (sentence.heading && clause.modalities.length > 0) ||
      (!sentence.listItem && next?.listItem === true && stated !== null);
    if (leads && !clause.ignored) {
      const governing = clause.modalities.filter((m) => m.modality !== 'only' && m.modality !== 'permit');
      const permits = clause.modalities.filter((m) => m.modality === 'permit');
      const own = governing.length > 0 ? governing : permits;
      // A nested lead that adds no modality ("• Using the Work for any purpose, including:") passes on the
      // restriction of the list it belongs to.
      lead =
        own.length > 0 ? { modalities: [...own, ...clause.consentHits], from: index } : sentence.listItem ? lead : null;
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
 * A heading restricts nothing by itself unless the publisher speaks in it: "Text- und Data-Mining-Vorbehalt",
 * "No AI training commitment", a news headline "X prohibits scraping" name the subject of their section.
 */
function namesOnly(c: ClauseResult): boolean {
  if (c.ignored || c.voice.self || c.voice.addressee || c.voice.copyright || c.modality === 'copyright') return false;
  return Object.keys(c.effects).length > 0;
}

/**
 * A restriction the publisher states without naming a use ("We expressly reserve this use of our content.",
 * "Dies behalten wir uns ausdrücklich vor."): under a heading that names the uses, it restricts those. A list
 * item is left out: it is one of several narrower rules ("no use that distorts the content").
 */
function bareRestriction(c: ClauseResult): UseEffect | undefined {
  if (Object.keys(c.effects).length > 0 || c.inheritedModality || !(c.voice.self || c.voice.addressee))
    return undefined;
  const own =
    c.modalities.find((m) => m.modality === 'prohibit' || m.modality === 'reserve') ??
    c.modalities.find((m) => m.modality === 'consent');
  if (!own) return undefined;
  const origin = own.modality === 'prohibit' ? 'prohibit' : own.modality === 'reserve' ? 'reserve' : 'consent';
  const consent = origin === 'consent' || c.consentHits.length > 0;
  return { permission: consent ? 'conditional' : 'denied', origin, conditions: [] };
}

/**
 * A heading that names uses without saying anything about them ("Nutzung zum Training von KI-Modellen",
 * "TDM-Vorbehalt") gives those uses to the first restriction of its section ("…behalten wir uns … vor").
 */
const headingStep: Step = (s) => {
  let pending: { uses: Use[]; clause: ClauseResult } | null = null;
  s.sentences.forEach((sentence, i) => {
    const c = s.clauses[i]!;
    if (sentence.heading) {
      if (namesOnly(c)) {
        c.headingUses = Object.keys(c.effects) as Use[];
        c.effects = {};
      }
      pending = c.headingUses.length > 0 && !c.ignored ? { uses: c.headingUses, clause: c } : null;
      return;
    }
    if (!pending || c.ignored) return;
    const restriction =
      Object.values(c.effects).find(
        (e) => e && (e.origin === 'reserve' || e.origin === 'prohibit' || e.origin === 'consent'),
      ) ?? (sentence.listItem ? undefined : bareRestriction(c));
    if (!restriction) return;
    for (const use of pending.uses) c.effects[use] ??= { ...restriction };
    c.cues.push(...pending.clause.cues.filter((id) => !c.cues.includes(id)));
    pending = null;
  });
  return s;
};

/**
 * Discourse about reservations (./voice.ts) is set aside: a clause the grammar reads as a law explanation,
 * a report, a question or advice, and a clause without an anchor of its own in a paragraph that explains
 * or reports. A set-aside clause that would have restricted AI or TDM uses is kept as an uncertain finding:
 * the detector reports it for review instead of dropping it.
 */
const voiceStep: Step = (s) => {
  const reasons = s.clauses.map((c) => (c.ignored ? null : discourseReason(c)));
  const own = s.opts.ownFile === true;
  const paragraphs = own ? new Set<number>() : discourseParagraphs(s.sentences, s.clauses, reasons);
  const report = own ? new Set<number>() : discoursePassage(s.sentences, s.clauses, reasons);
  const uncertain: ClauseResult[] = [];
  s.clauses.forEach((c, i) => {
    // An item or a continuation of a set-aside statement is part of it ("This includes: …" after a report).
    const from = c.inheritedFrom !== undefined ? s.clauses[c.inheritedFrom] : undefined;
    if (!c.ignored && from?.ignored === 'discourse' && !c.voice.self && !c.voice.addressee) {
      c.ignored = 'discourse';
      c.discourse = `continues: ${from.discourse}`;
      return;
    }
    if (c.ignored) return;
    const anchored = c.voice.self || c.voice.addressee || c.voice.copyright || c.modality === 'copyright';
    const paragraph = s.sentences[i]!.paragraph;
    const inDiscourse = !anchored && paragraphs.has(paragraph);
    // In a report, its discourse paragraphs are read whole; elsewhere in it only clauses without an anchor
    // (a headline, a one-sentence paragraph restating the terms) — the publisher's own footer stays.
    const inReport =
      (report.has(paragraph) || (report.size > 0 && !anchored)) && !c.voice.copyright && c.modality !== 'copyright';
    const reason =
      reasons[i] ??
      (inDiscourse
        ? 'in a paragraph that explains or reports'
        : inReport
          ? 'in a text that reports or explains'
          : null);
    if (!reason) return;
    if (RESERVATION_USES.some((u) => isRestrictive(c.effects[u]?.permission ?? 'unknown'))) uncertain.push(c);
    c.ignored = 'discourse';
    c.discourse = reason;
  });
  return { ...s, uncertain };
};

/** Runs of nearby rights clauses become notices, each resolved per use. */
const noticeStep: Step = (s) => {
  const carveOuts = carveOutUses(s.opts.concepts);
  const groups = clusterClauses(s.clauses.map((clause, index) => ({ clause, index })));
  const passage = passageContext(groups.flat(), carveOuts);
  const notices = groups
    .map((g) => resolveNotice(g, carveOuts, passage))
    .filter((n) => Object.keys(n.effects).length > 0);
  return { ...s, notices };
};

/** The clause pipeline, in order. A new step is one named function added here. */
export const CLAUSE_PIPELINE: readonly Step[] = [
  segmentStep,
  scanStep,
  classifyStep,
  voiceStep,
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
    uncertain: [],
  };
  for (const step of CLAUSE_PIPELINE) state = step(state);
  return { sentences: state.sentences, clauses: state.clauses, notices: state.notices, uncertain: state.uncertain };
}
