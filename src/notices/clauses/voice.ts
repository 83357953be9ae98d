import type { Hit } from './cues.js';

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
export const OPENING_CHARS = 4;

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
