import type { ClauseResult } from './classify.js';
import type { Hit } from './cues.js';
import type { Sentence } from './segment.js';

/**
 * Whose statement is this? A rights clause counts as the publisher's reservation only when the publisher
 * is the one speaking about its own content. Text that *talks about* reservations — a law explainer, a
 * news story about publishers opting out, a how-to for blocking AI crawlers, a report of someone else's
 * terms — uses the same words, and as plain text it has no page layout to set it apart. The language
 * does: such text has generic actors with modal verbs ("rightsholders can opt out"), hypotheticals ("if
 * the rightsholder has not reserved…"), reported speech ("Sacem announced…"), explanations ("the notion
 * of opt-out", "§ 44b describes…"), questions, and the law as its subject. A notice is anchored instead:
 * it speaks in the first person ("we reserve"), about this site ("the content of this website"), or to
 * the reader ("you may not").
 *
 * The marks come from cue lists in every lexicon (rules/cues/README.md: addressee, actors, ability,
 * hypothetical, explain, law_topic, hedge, reported, self) and from two language-neutral signs: a question
 * mark, and a modality inside quotation marks or inside a code identifier (`X-TDM-Opt-Out`,
 * `content="1"`), which mentions a reservation rather than making one.
 */
export interface VoiceMarks {
  /** First person or this site / our content ("we", "this website", "our articles"). */
  self: boolean;
  /** The reader: "you", "Sie", "vous", "the user". */
  addressee: boolean;
  /** Generic third parties: rightsholders, publishers, AI companies, courts, the legislator. */
  actor: boolean;
  /** A generic actor is the subject of a rights verb ("A majority prohibit…", "Rightsholders reserve…"). */
  actorSpeaks: boolean;
  /** Positive modal of ability or duty: can, may (not "may not"), must, should, are entitled to. */
  ability: boolean;
  /** If, would; conditional mood. */
  hypothetical: boolean;
  /** Where the first hypothetical cue starts (Infinity when there is none). */
  hypotheticalAt: number;
  /** Definitions and pointers: "means", "the notion of", "so-called", "for more information". */
  explain: boolean;
  /** Where the first explanation cue starts (Infinity when there is none). */
  explainAt: number;
  /** The law as a topic: the directive, the exception, the court, "the law allows". */
  lawTopic: boolean;
  /** Said, announced, according to; narrative past. */
  reported: boolean;
  question: boolean;
  /** "All rights reserved", "©": the author's own statement, whatever else the sentence says. */
  copyright: boolean;
}

/** Characters after a citation opener ("pursuant to", "gemäß") within which the law is cited, not discussed. */
export const HEDGE_REACH = 60;
const STATUTE_REACH = 12;

/** A mention of the law inside a citation or a hedge ("pursuant to Art. 4 of the Directive"). */
export function isHedged(h: Hit, hedges: readonly Hit[]): boolean {
  return hedges.some(
    (g) => (h.start < g.end && g.start < h.end) || (g.end <= h.start && h.start - g.end <= HEDGE_REACH),
  );
}

/** Closing marks that may follow a question mark ("…opt out?»"). */
const CLOSERS = new Set([' ', '\t', '\n', '"', "'", '”', '»', ')', ']']);

export function isQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text[i]!)) i--;
  return text[i] === '?' || text[i] === '？' || /^\s*¿/.test(text);
}

function firstOf(hits: readonly Hit[], category: string): number {
  let at = Number.POSITIVE_INFINITY;
  for (const h of hits) if (h.cue.category === category && h.start < at) at = h.start;
  return at;
}

/** Characters between a generic actor and a rights verb for the actor to be its subject. */
const SUBJECT_REACH = 40;

/** A cue this close to the start of its sentence opens it. */
const OPENING_CHARS = 4;

/** Characters after a modal within which a negation or a modality makes it a prohibition ("can not"). */
const NEGATED_WITHIN = 8;

export function voiceMarks(hits: readonly Hit[], text: string, start = 0): VoiceMarks {
  // The actor opens the sentence (its first three words): it is the one who speaks, not the one whose
  // consent a notice asks for ("… ohne Zustimmung des Verlags untersagt").
  const opening = (h: Hit) =>
    text
      .slice(0, Math.max(0, h.start - start))
      .trim()
      .split(/\s+/)
      .filter(Boolean).length <= 3;
  const has = (cat: string) => hits.some((h) => h.cue.category === cat);
  const statutes = hits.filter((h) => h.cue.category === 'statutes');
  const hedges = hits.filter((h) => h.cue.category === 'hedge');
  // A statute reference opens a citation too, for the words right after it: "art. 26³ ustawy o prawie
  // autorskim", "§ 44b UrhG".
  const hedged = (h: Hit) =>
    isHedged(h, hedges) || statutes.some((st) => st.end <= h.start && h.start - st.end <= STATUTE_REACH);
  // "laut § 44b UrhG", "according to Art. 4(3)", "according to the above": a citation, not reported speech.
  const backRefs = hits.filter((h) => h.cue.category === 'back_reference');
  const citing = (h: Hit) =>
    statutes.some((st) => st.start >= h.end && st.start - h.end <= HEDGE_REACH) ||
    backRefs.some((b) => b.start >= h.end && b.start - h.end <= 2);
  // "can not", "may not", "must not": the modal belongs to a prohibition, not to an ability.
  const blocked = (h: Hit) =>
    hits.some(
      (o) =>
        o !== h &&
        ((o.cue.category === 'negation' && o.start >= h.start && o.start <= h.end + NEGATED_WITHIN) ||
          // "may not", "can not": the modal is part of the prohibition; "Sie dürfen … ausdrucken": of the
          // permission. ("Publishers can prohibit…" keeps its modal: the prohibition is only what they can do.)
          (o.cue.category === 'modality' && o.start < h.end && h.start < o.end)),
    );
  return {
    self: has('self'),
    addressee: has('addressee'),
    actor: has('actors'),
    actorSpeaks: hits.some(
      (a) =>
        a.cue.category === 'actors' &&
        opening(a) &&
        hits.some((m) => m.cue.category === 'modality' && m.start >= a.end && m.start - a.end <= SUBJECT_REACH),
    ),
    ability: hits.some((h) => h.cue.category === 'ability' && !blocked(h)),
    hypothetical: has('hypothetical'),
    hypotheticalAt: firstOf(hits, 'hypothetical'),
    explain: has('explain'),
    explainAt: firstOf(hits, 'explain'),
    lawTopic: hits.some((h) => h.cue.category === 'law_topic' && !hedged(h)),
    reported: hits.some((h) => h.cue.category === 'reported' && !citing(h)),
    question: isQuestion(text),
    copyright: has('copyright'),
  };
}

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
 * rules", the journalist's "we"). Paragraphs without any discourse (a footer after the article) are not.
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
