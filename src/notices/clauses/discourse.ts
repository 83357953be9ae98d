import type { ClauseResult } from './classify.js';
import type { Sentence } from './segment.js';
import { OPENING_CHARS } from './voice.js';

/**
 * The voice step over classified clauses: whether a clause, a paragraph or a whole passage speaks *about*
 * reservations (law explainers, reports, advice) rather than making one. The marks it reads are set per
 * clause by ./voice.ts during classification.
 */

/**
 * Why a clause is discourse about reservations rather than a reservation, or null when nothing says so.
 * Plain copyright ("All rights reserved") is always the author's own and is never set aside here.
 */
export function discourseReason(c: ClauseResult): string | null {
  const v = c.voice;
  if (c.modality === 'copyright' || v.copyright) return null;
  const anchored = v.self || v.addressee;
  if (v.question) return 'question';
  // "Pour en savoir plus…", "In other words…", "How to…": a sentence that opens by explaining or pointing
  // elsewhere states nothing itself, whoever it addresses.
  if (v.explainAt <= c.start + OPENING_CHARS) return 'explanation';
  // "Du kan se, hvordan du tager forbehold for TDM", "how you can reserve TDM": the restriction is what an
  // explanation is about, not something the publisher states (the publisher's "we" would anchor it).
  if (!v.self && v.explainAt < firstRestriction(c)) return 'explanation';
  if (v.reported && !v.self) return 'reported speech';
  if (v.actor && (v.ability || v.hypothetical || v.lawTopic) && !v.self) return 'generic actor with modal or law';
  if (v.actorSpeaks && !v.self && !v.addressee) return 'a third party’s statement';
  if (v.lawTopic && !anchored) return 'the law as its subject';
  if (v.explain && !anchored) return 'explanation';
  // "Ein Nutzungsvorbehalt … kann … ausschließen, wenn …": a rule stated in general terms.
  if (v.ability && v.hypothetical && !anchored) return 'general rule';
  // "If the rightsholder has not reserved…, mining is allowed": a condition put first frames the sentence;
  // one after the publisher's own prohibition ("… is prohibited, whether or not …") only qualifies it.
  if (v.hypothetical && !anchored && !(statesRestriction(c) && c.voice.hypotheticalAt > firstRestriction(c)))
    return 'hypothetical';
  // "You can block AI crawlers with these lines": advice to the reader about the reader's own site. A
  // clause that states its own restriction is not advice ("Sie dürfen … ohne Zustimmung nicht …").
  // "If you want to prohibit AI training, you should…": a condition on the reader's wishes, then advice.
  const wish = v.hypotheticalAt < firstRestriction(c);
  if (v.ability && v.addressee && !v.self && (!statesRestriction(c) || wish)) return 'advice to the reader';
  return null;
}

function firstRestriction(c: ClauseResult): number {
  let at = Number.POSITIVE_INFINITY;
  for (const m of c.modalities)
    if (m.modality === 'prohibit' || m.modality === 'reserve' || m.modality === 'consent')
      at = Math.min(at, m.hit.start);
  return at;
}

function statesRestriction(c: ClauseResult): boolean {
  return (
    !c.inheritedModality &&
    c.modalities.some((m) => m.modality === 'prohibit' || m.modality === 'reserve' || m.modality === 'consent')
  );
}

/**
 * A sentence that talks about others: a discourse reason, or a generic actor / a report or the law as topic in
 * a sentence where the publisher does not speak (an Amazon terms page names "Amazon" and says "we").
 */
function talksAbout(c: ClauseResult, reason: string | null | undefined): boolean {
  if (reason) return true;
  const v = c.voice;
  return (v.actor || v.reported || v.lawTopic) && !v.self && !v.addressee && !v.copyright;
}

/** Minimum discourse sentences for a paragraph to be read as an explanation or a report. */
const DISCOURSE_PARAGRAPH = 2;

/**
 * Sentences of one paragraph that speak about reservations make up half of it at least and outnumber twice
 * the ones that speak for the publisher:
 * the paragraph is an explanation or a report, and its clauses without an anchor of their own are read as
 * part of it ("Will er das Text- und Data Mining untersagen, muss er…" after a sentence about § 44b).
 */
export function discourseParagraphs(
  sentences: readonly Sentence[],
  clauses: readonly ClauseResult[],
  reasons: readonly (string | null)[],
): Set<number> {
  const discourse = new Map<number, number>();
  const anchored = new Map<number, number>();
  const size = new Map<number, number>();
  sentences.forEach((s, i) => {
    const c = clauses[i]!;
    size.set(s.paragraph, (size.get(s.paragraph) ?? 0) + 1);
    if (talksAbout(c, reasons[i])) discourse.set(s.paragraph, (discourse.get(s.paragraph) ?? 0) + 1);
    if (c.voice.self || c.voice.addressee || c.voice.copyright || c.modality === 'copyright')
      anchored.set(s.paragraph, (anchored.get(s.paragraph) ?? 0) + 1);
  });
  const out = new Set<number>();
  for (const [p, n] of discourse)
    if (n >= Math.max(DISCOURSE_PARAGRAPH, (size.get(p) ?? 0) / 2) && n > 2 * (anchored.get(p) ?? 0)) out.add(p);
  return out;
}

/** Discourse sentences a passage needs, and how many times its anchored ones, to be a report as a whole. */
const DISCOURSE_PASSAGE = 3;
const DISCOURSE_RATIO = 2;

/**
 * A passage that is a report or an explanation as a whole (a news story, a law firm's article): its
 * paragraphs that hold any discourse are read as part of it, first-person sentences included ("we got new
 * rules", the journalist's "we"); so are clauses without an anchor elsewhere in it (the headline, a
 * one-sentence paragraph restating someone's terms), see `voiceStep`. Empty when the passage is no report.
 */
export function discoursePassage(
  sentences: readonly Sentence[],
  clauses: readonly ClauseResult[],
  reasons: readonly (string | null)[],
): Set<number> {
  let discourse = 0;
  let anchored = 0;
  const paragraphs = new Set<number>();
  sentences.forEach((s, i) => {
    const c = clauses[i]!;
    if (talksAbout(c, reasons[i])) {
      discourse++;
      paragraphs.add(s.paragraph);
    } else if (c.voice.self || c.voice.addressee || c.voice.copyright) anchored++;
  });
  return discourse >= DISCOURSE_PASSAGE && discourse >= DISCOURSE_RATIO * anchored ? paragraphs : new Set();
}
