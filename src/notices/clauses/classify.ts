import type { Condition, ConditionKind } from '../../model/conditions.js';
import { strictest } from '../../model/lattice.js';
import type { Permission, Use } from '../../model/uses.js';
import type { Hit } from './cues.js';
import type { Concept, Modality } from './lexicon.js';
import type { LicenceMention } from './licences.js';
import { insideSpans, mentionSpans, type Span } from './mentions.js';
import { type VoiceMarks, voiceMarks } from './voice.js';

/**
 * One clause (a sentence, or a list item with its lead) → what it says about each use. The grammar, in
 * the order it is applied:
 * 1. Promises ("we do not use your data to train…") and sentences about the reader's own data (cookies,
 *    personal data, prompts) are not rights statements about the content: the clause is set aside.
 * 2. Negation flips a permission ("nicht gestattet", "n'est pas autorisé") into a prohibition and a
 *    prohibition ("kein Verbot") into a permission; overlapping modality cues keep the strongest.
 * 3. Exceptions ("except…", "does not apply to…", "ausgenommen", "nie dotyczy", "sauf") open a span that
 *    runs to the next prohibition, a ";" or the end. Uses named inside it are carved out (search engines,
 *    AI answers) or noted (research, quoting, contracts); a consent or permission inside it is the way to
 *    obtain permission ("except with our written consent", "unless explicitly permitted").
 *    "does not extend to …" removes the uses it names from the clause.
 * 4. Uses outside those spans get the clause's modality: prohibited → denied, reserved → denied (a
 *    licensing path elsewhere in the notice makes it conditional), requires consent / without permission →
 *    conditional, permitted → allowed (conditional when discretionary or qualified). When a clause mixes a
 *    permission and a restriction, each use takes the nearest modality.
 * 5. "… only" with a concept that says what "only" excludes ("personal use only") adds those effects.
 * 6. "All rights reserved" alone: redistribution conditional on consent (plain copyright, not a TDM reservation).
 */

export interface ClauseInput {
  start: number;
  end: number;
  /** The folded text of the whole analysed passage (offsets as in the original). */
  folded: string;
  /** Cue hits inside [start, end). */
  hits: Hit[];
  heading?: boolean;
  /** Creative Commons licences named in the clause. */
  licences?: readonly LicenceMention[];
  /** Quotation spans of the passage that overlap the clause. */
  quotes?: readonly Span[];
  /** Modality inherited from a list lead ("It is prohibited:" before the items). */
  inherited?: readonly ModalityHit[];
  concepts: ReadonlyMap<string, Concept>;
}

export type Origin = 'prohibit' | 'reserve' | 'consent' | 'permit' | 'only' | 'copyright' | 'exception';

export interface UseEffect {
  permission: Permission;
  origin: Origin;
  conditions: Condition[];
}

export interface ClauseResult {
  start: number;
  end: number;
  /** The clause as written (original characters). */
  text: string;
  /** Condition kinds the clause names (consent, licence, payment, attribution...). */
  conditionKinds: ConditionKind[];
  /** Ids of the cues that fired (evidence). */
  cues: string[];
  /** Concepts named outside exceptions. */
  concepts: string[];
  modality: Modality | 'copyright' | null;
  /** What the clause restricts or permits, per use. */
  effects: Partial<Record<Use, UseEffect>>;
  /** Uses carved out by an exception in this clause (search engines, AI answers...). */
  grants: Partial<Record<Use, UseEffect>>;
  /** Exceptions in the publisher's words. */
  exceptions: string[];
  /** The clause names a way to obtain permission (consent, licence, contact). */
  consentPath: boolean;
  /** A consent path that names no use: it applies to the whole notice ("Exceptions require written permission"). */
  generalConsent: boolean;
  /** Refers back to an earlier restriction ("the above restriction", "powyższe zastrzeżenie"). */
  backReference: boolean;
  selfReference: boolean;
  reported: boolean;
  statute: boolean;
  /** Why the clause was set aside, when it was (`covered`: a template already explains this text). */
  ignored?: 'promise' | 'user-data' | 'covered' | 'legal-discourse' | 'third-party' | 'discourse';
  /** Uses named by a heading without modality (propagated to the section's restriction). */
  headingUses: Use[];
  /** Resolved modalities outside exceptions (a list lead passes them to its items). */
  modalities: ModalityHit[];
  /** The modality came from the list lead, not from the clause itself. */
  inheritedModality: boolean;
  /** Consent / licensing cues (including "unless permitted" in exceptions), passed to list items. */
  consentHits: ModalityHit[];
  /** The clause is a heading: its effects only count for uses the section's sentences leave open. */
  heading: boolean;
  /** Who speaks and about what (./voice.ts). */
  voice: VoiceMarks;
  /** A modality of the clause stood in quotation marks or in a code identifier and was not counted. */
  mentions: boolean;
  /** Why the voice step read the clause as discourse about reservations, when it did. */
  discourse?: string;
  /** Index (in the passage's clauses) of the lead or statement this clause inherited its modality from. */
  inheritedFrom?: number;
}

const MODALITY_RANK: Record<Modality, number> = {
  prohibit: 6,
  reserve: 5,
  consent: 4,
  discretionary: 3,
  permit: 2,
  only: 1,
};

const RESTRICTIVE = new Set<Modality>(['prohibit', 'reserve']);
const MAX_NEGATION_GAP_WORDS = 3;

/** A modality cue after negation: "nicht gestattet" is a `prohibit` although its cue is a permission. */
export interface ModalityHit {
  hit: Hit;
  modality: Modality;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function inside(h: { start: number; end: number }, spans: readonly { start: number; end: number }[]): boolean {
  return spans.some((s) => h.start >= s.start && h.start < s.end);
}

/** Words between two offsets, or Infinity when a clause-level punctuation mark separates them. */
function wordGap(folded: string, from: number, to: number): number {
  if (to < from) return Number.POSITIVE_INFINITY;
  const between = folded.slice(from, to);
  if (/[.;:!?,()。，；：！？、（）]/.test(between)) return Number.POSITIVE_INFINITY;
  const words = between.trim();
  return words.length === 0 ? 0 : words.split(/\s+/).length;
}

const NEGATIVE_FORM = /^(?:un|non|no |nao |nie|ohne |sans |sin |senza |sem |zonder |bez |without |onge|без |χωρις )/;

function resolveModalities(hits: Hit[], negations: Hit[], folded: string): ModalityHit[] {
  const raw = hits.filter((h) => h.cue.category === 'modality');
  // The modality phrase a negation belongs to ("not" of "may not", "ikke" of "ikke tilladt"): such a
  // negation only negates a cue that overlaps its owner ("non" of "non possono" + "possono essere riprodotti").
  const ownerOf = (n: Hit, h: Hit) => raw.find((m) => m !== h && overlaps(m, n));
  // 1. Negation. A permission is negated by a negation right before it ("non possono essere riprodotti",
  //    "n'est pas autorisé"), or right after it where the language puts it there ("gestatten wir nicht");
  //    a prohibition only by a negation of its own ("kein Verbot"), never by the "not" of "may not".
  const resolved: ModalityHit[] = raw.map((h) => {
    const key = h.cue.key as Modality;
    const negated = negations.some((n) => {
      if (overlaps(n, h)) return false;
      const owner = ownerOf(n, h);
      if (owner && (key === 'prohibit' || !overlaps(owner, h))) return false;
      if (n.end <= h.start) {
        if (wordGap(folded, n.end, h.start) <= MAX_NEGATION_GAP_WORDS) return true;
        // Verb-final clauses put the negation far before the participle ("sind nicht für Werbung,
        // Profilbildung oder KI-Training freigegeben"): commas allowed, within one clause.
        return (
          n.cue.category === 'negation_after' &&
          (key === 'permit' || key === 'prohibit') &&
          !/[.;:!?]/.test(folded.slice(n.end, h.start)) &&
          h.start - n.end < 120
        );
      }
      // A following negation belongs to the verb: it negates "gestattet" in "gestatten wir nicht", but
      // not the consent in "ohne Zustimmung nicht verwendet werden".
      return (
        n.cue.category === 'negation_after' &&
        key !== 'consent' &&
        n.start >= h.end &&
        wordGap(folded, h.end, n.start) <= MAX_NEGATION_GAP_WORDS
      );
    });
    let modality = key;
    // "does not prevent unauthorised scraping": a consent cue that is itself negative ("unauthorised",
    // "sans autorisation", "ohne Zustimmung") is not turned around by a negation of the verb before it.
    const negativeForm = key === 'consent' && NEGATIVE_FORM.test(folded.slice(h.start, h.end));
    if (negated && !negativeForm && (key === 'permit' || key === 'consent')) modality = 'prohibit';
    else if (negated && key === 'prohibit') modality = 'permit';
    return { hit: h, modality };
  });
  // 2. Overlapping cues: the longer phrase wins ("permission is granted" over "permission"); on equal
  //    length the stronger modality ("not permitted" over "permitted").
  const beats = (o: ModalityHit, m: ModalityHit) => {
    const lo = o.hit.end - o.hit.start;
    const lm = m.hit.end - m.hit.start;
    return lo > lm || (lo === lm && MODALITY_RANK[o.modality] > MODALITY_RANK[m.modality]);
  };
  return resolved.filter((m) => !resolved.some((o) => o !== m && overlaps(o.hit, m.hit) && beats(o, m)));
}

function conditionsFrom(hits: Hit[], fallback: ConditionKind | null, text: string): Condition[] {
  const kinds = new Set<ConditionKind>();
  for (const h of hits) if (h.cue.category === 'condition') kinds.add(h.cue.key as ConditionKind);
  if (kinds.size === 0 && fallback) kinds.add(fallback);
  const words = text.replace(/\s+/g, ' ').trim();
  const short = words.length > 200 ? `${words.slice(0, 199)}…` : words;
  return [...kinds].map((kind) => ({ kind, text: short }));
}

function setEffect(into: Partial<Record<Use, UseEffect>>, use: Use, e: UseEffect): void {
  const prev = into[use];
  if (!prev || strictest([prev.permission, e.permission]) === e.permission) into[use] = e;
}

/** What every step of the classifier reads: the clause, its cue hits and the passage around it. */
interface Scan {
  input: ClauseInput;
  original: string;
  start: number;
  end: number;
  folded: string;
  text: string;
  concepts: ReadonlyMap<string, Concept>;
  /** Cue hits, without modalities that are only mentioned (quoted, in code). */
  hits: Hit[];
  of: (cat: Hit['cue']['category']) => Hit[];
}

/**
 * One clause → what it says about each use: a pipeline of named steps, in the order of the grammar above.
 * Each step reads the scan and what earlier steps decided; the result is built up in `result`.
 */
export function classifyClause(input: ClauseInput, original: string): ClauseResult {
  const { scan, result } = scanClause(input, original);
  const ignored = setAside(scan);
  if (ignored) {
    result.ignored = ignored;
    return result;
  }
  const modalities = modalitiesOf(scan);
  const inherited = inheritedModalities(scan);
  const spans = exceptionSpans(scan, modalities);
  const mainUses = mainUsesOf(scan, spans.special, modalities, result);
  const decided = assignEffects(scan, result, modalities, inherited, spans, mainUses);
  if (decided === 'legal-discourse') {
    result.ignored = 'legal-discourse';
    return result;
  }
  applyOnly(scan, result, modalities, spans.special);
  applyLicences(scan, result);
  applyCopyright(scan, result);
  applyExceptionGrants(scan, result, spans.exceptions);
  // A heading names the subject of its section without saying anything about it yet.
  const uniqueUses = [...new Set(mainUses.map((u) => u.use))];
  if (result.modality === null && uniqueUses.length > 0) result.headingUses = uniqueUses;
  return result;
}

/** Step 0: the hits that count (a modality inside quotation marks or code is mentioned, not stated). */
function scanClause(input: ClauseInput, original: string): { scan: Scan; result: ClauseResult } {
  const { start, end, folded, concepts } = input;
  const text = original.slice(start, end);
  // A modality inside quotation marks or inside a code identifier is mentioned, not stated; who speaks
  // inside a quotation is the quoted person, not the publisher.
  const mentioned = mentionSpans(original, start, end, input.quotes);
  const inMention = (h: Hit) => mentioned.length > 0 && insideSpans(mentioned, h.start, h.end);
  const hits =
    mentioned.length === 0 ? input.hits : input.hits.filter((h) => h.cue.category !== 'modality' || !inMention(h));
  const of = (cat: Hit['cue']['category']) => hits.filter((h) => h.cue.category === cat);
  const result: ClauseResult = {
    start,
    end,
    text,
    conditionKinds: [
      ...new Set(hits.filter((h) => h.cue.category === 'condition').map((h) => h.cue.key as ConditionKind)),
    ],
    cues: [...new Set(hits.map((h) => h.cue.id))],
    concepts: [],
    modality: null,
    effects: {},
    grants: {},
    exceptions: [],
    consentPath: false,
    generalConsent: false,
    backReference: of('back_reference').length > 0,
    selfReference: of('self').length > 0,
    reported: of('reported').length > 0,
    statute: of('statutes').length > 0,
    headingUses: [],
    modalities: [],
    inheritedModality: false,
    consentHits: [],
    heading: input.heading ?? false,
    voice: voiceMarks(mentioned.length === 0 ? hits : hits.filter((h) => !inMention(h)), text, start),
    mentions: hits.length < input.hits.length,
  };
  return { scan: { input, original, start, end, folded, text, concepts, hits, of }, result };
}

/** Step 1: promises, text about the law or about someone else's terms, the reader's own data. */
function setAside({ of }: Scan): ClauseResult['ignored'] | null {
  if (of('promise').length > 0) return 'promise';
  // Text about the law ("the TDM exception applies unless rightsholders opt out") or about someone
  // else's terms ("their terms reserve TDM") is not this publisher's statement.
  const hedges = of('hedge');
  // "dans la mesure où la loi permet une telle réservation": a hedge inside the publisher's own reservation.
  if (of('legal_discourse').some((h) => !hedges.some((g) => h.start < g.end && g.start < h.end)))
    return 'legal-discourse';
  if (of('third_party').length > 0) return 'third-party';
  if (of('user_data').length > 0 && of('copyright').length === 0) return 'user-data';
  return null;
}

const STRUCTURAL = new Set(['modality', 'exception', 'scope_exclusion', 'back_reference', 'promise', 'copyright']);

/** Step 2: modalities after negation, including negations that open the clause or precede a use. */
function modalitiesOf({ hits, of, folded, start }: Scan): ModalityHit[] {
  // A negation that is part of a use ("non-commercial", "no comercial", "niet-commercieel") negates nothing.
  const negations = [...of('negation'), ...of('negation_after')].filter(
    (n) => !hits.some((h) => (h.cue.category === 'use' || h.cue.category === 'condition') && overlaps(h, n)),
  );
  const modalities = resolveModalities(hits, negations, folded);
  // "No scraping." / "Kein KI-Training": a clause that opens with a negation right before a use prohibits it.
  const opening = negations.find((n) => wordGap(folded, start, n.start) === 0);
  if (opening && !modalities.some((m) => m.modality !== 'only')) {
    const next = hits.find((h) => h.start >= opening.end && h.cue.category === 'use');
    if (next && wordGap(folded, opening.end, next.start) <= 1) modalities.push({ hit: opening, modality: 'prohibit' });
  }
  // "pero no reproducirse", "aucune utilisation commerciale": in a clause that states a modality, a
  // negation right before a use restricts that use.
  if (modalities.some((m) => m.modality === 'prohibit' || m.modality === 'reserve' || m.modality === 'consent')) {
    for (const n of negations) {
      if (hits.some((h) => STRUCTURAL.has(h.cue.category) && overlaps(h, n))) continue;
      const next = hits.find((h) => h.cue.category === 'use' && h.start >= n.end);
      if (next && wordGap(folded, n.end, next.start) <= 1) modalities.push({ hit: n, modality: 'prohibit' });
    }
  }
  return modalities;
}

/** Inherited modalities sit at the start of the item: they govern every use in it. */
function inheritedModalities({ input, start }: Scan): ModalityHit[] {
  return (input.inherited ?? []).map((m) => ({ hit: { ...m.hit, start, end: start }, modality: m.modality }));
}

type SpanRange = { start: number; end: number };

/** Step 3: exception and scope-exclusion spans. */
function exceptionSpans(
  { of, folded, start, end }: Scan,
  modalities: readonly ModalityHit[],
): { exceptions: SpanRange[]; special: SpanRange[] } {
  const restrictiveStarts = modalities.filter((m) => RESTRICTIVE.has(m.modality)).map((m) => m.hit.start);
  const spanOf = (h: Hit) => {
    let stop = end;
    const semi = folded.indexOf(';', h.end);
    if (semi >= 0 && semi < stop) stop = semi;
    // An exception that opens the sentence ("Sauf mention contraire, …", "Except …, you may not …")
    // ends at its comma.
    if (wordGap(folded, start, h.start) <= 1) {
      let depth = 0;
      for (let i = h.end; i < stop; i++) {
        const ch = folded[i];
        if (ch === '(') depth++;
        else if (ch === ')') depth = Math.max(0, depth - 1);
        else if (ch === ',' && depth === 0) {
          stop = i;
          break;
        }
      }
    }
    for (const s of restrictiveStarts) if (s >= h.end && s < stop) stop = s;
    return { start: h.start, end: stop };
  };
  const exceptions = of('exception')
    .filter((h) => !of('scope_exclusion').some((s) => overlaps(s, h)))
    .map(spanOf);
  const exclusions = of('scope_exclusion').map(spanOf);
  return { exceptions, special: [...exceptions, ...exclusions] };
}

const SPECIFIC = new Set(['tdm', 'scrape', 'ai-train', 'ai-use', 'ai-input']);
const GENERIC = new Set(['reproduce', 'distribute', 'modify']);

type MainUse = { use: Use; concept: string; at: number };

/**
 * Step 4: the uses the clause names outside exceptions — concept cues and statute references (a statute on
 * TDM names text and data mining). Records the concepts in `result`.
 */
function mainUsesOf(
  { hits, of, folded, concepts }: Scan,
  special: readonly SpanRange[],
  modalities: readonly ModalityHit[],
  result: ClauseResult,
): MainUse[] {
  // "any use for commercial purposes" is about commercial use, not a blanket: an any-use followed by a
  // more specific use drops out.
  // A use cue that ends or starts a longer cue of another concept is part of it ("commercial" in
  // "non-commercial").
  // "follow robots.txt" names a file, not a use.
  const allUseHits = of('use').filter((h) => !folded.startsWith('.txt', h.end));
  const partOfLonger = (h: Hit) =>
    allUseHits.some(
      (o) =>
        o !== h &&
        o.cue.key !== h.cue.key &&
        o.end - o.start > h.end - h.start &&
        (o.end === h.end || o.start === h.start) &&
        o.start <= h.start &&
        o.end >= h.end,
    );
  // "reproduction … for the purposes of text and data mining": the reproduction is the means of the
  // mining, not a separate redistribution restriction.
  // "… anche ai fini di estrazione", "also for the purpose of": the purpose extends the restriction.
  const inclusions = of('inclusion');
  const meansBefore = of('purpose')
    .filter((p) => !inclusions.some((i) => i.end <= p.start && wordGap(folded, i.end, p.start) === 0))
    .filter((p) => allUseHits.some((o) => SPECIFIC.has(o.cue.key) && o.start >= p.end && o.start - p.end < 120))
    .map((p) => p.start);
  const purposeLimit = meansBefore.length > 0 && of('copyright').length === 0 ? Math.max(...meansBefore) : -1;
  const hasNonCommercial = allUseHits.some((h) => h.cue.key === 'non-commercial');
  const useHits = allUseHits
    .filter((h) => !partOfLonger(h))
    .filter(
      (h) =>
        !(GENERIC.has(h.cue.key) && h.start < purposeLimit) &&
        // "for any commercial or non-commercial purpose" restricts neither.
        !(h.cue.key === 'commercial' && hasNonCommercial) &&
        // "commercial text and data mining", "kommerzielles KI-Training": an adjective of the use named next.
        !(
          h.cue.key === 'commercial' &&
          allUseHits.some((o) => SPECIFIC.has(o.cue.key) && o.start >= h.end && wordGap(folded, h.end, o.start) <= 1)
        ) &&
        (h.cue.key !== 'any-use' ||
          !hits.some(
            (o) =>
              o.cue.category === 'use' &&
              o.cue.key !== 'any-use' &&
              o.start >= h.end &&
              wordGap(folded, h.end, o.start) <= 4 &&
              (concepts.get(o.cue.key)?.uses.length ?? 0) > 0,
          )),
    );
  const mainUses: MainUse[] = [];
  for (const h of useHits) {
    if (inside(h, special)) continue;
    const concept = concepts.get(h.cue.key);
    if (!concept) continue;
    if (!result.concepts.includes(concept.id)) result.concepts.push(concept.id);
    for (const use of concept.uses) mainUses.push({ use, concept: concept.id, at: h.start });
  }
  for (const h of of('statutes')) if (!inside(h, special)) mainUses.push({ use: 'tdm', concept: 'tdm', at: h.start });

  const mainModalities = modalities.filter((m) => !inside(m.hit, special));
  // "Search engines may crawl the site": in a permission about search, crawling is indexing, not mining.
  const permitOnly =
    mainModalities.some((m) => m.modality === 'permit') &&
    !mainModalities.some((m) => RESTRICTIVE.has(m.modality) || m.modality === 'consent');
  if (permitOnly && result.concepts.includes('index'))
    for (let i = mainUses.length - 1; i >= 0; i--) if (mainUses[i]!.concept === 'scrape') mainUses.splice(i, 1);
  return mainUses;
}

/**
 * The ways to obtain permission a clause names: a consent cue, or a permission inside an exception ("unless
 * explicitly permitted"). In an enumeration ("(1) …; (2) …; (3) … except with our written consent") an
 * exception's consent only covers its own item, so `consentFor` answers per position.
 */
function consentPaths(
  { folded, start, end }: Pick<Scan, 'folded' | 'start' | 'end'>,
  modalities: readonly ModalityHit[],
  inherited: readonly ModalityHit[],
  exceptionSpans: readonly SpanRange[],
): { consentFor: (at: number) => boolean; anywhere: boolean; consentHits: ModalityHit[]; consentCue: boolean } {
  const exceptionModalities = modalities.filter((m) => inside(m.hit, exceptionSpans));
  const pathHits = [
    ...modalities.filter((m) => m.modality === 'consent' && !inside(m.hit, exceptionSpans)),
    ...inherited.filter((m) => m.modality === 'consent'),
  ];
  const exceptionPaths = exceptionModalities.filter(
    (m) => m.modality === 'permit' || m.modality === 'discretionary' || m.modality === 'consent',
  );
  const enumerated = folded.slice(start, end).includes(';');
  const itemOf = (at: number) => {
    const from = folded.lastIndexOf(';', at - 1);
    return Math.max(from, start);
  };
  return {
    consentFor: (at: number) =>
      pathHits.length > 0 ||
      exceptionPaths.some((m) => !enumerated || at < start || itemOf(m.hit.start) === itemOf(at)),
    anywhere: pathHits.length > 0 || exceptionPaths.length > 0,
    consentHits: [...pathHits, ...exceptionPaths].map((m) => ({ hit: m.hit, modality: 'consent' as const })),
    consentCue: [...pathHits, ...exceptionPaths].some((m) => m.modality === 'consent'),
  };
}

/**
 * Step 5: the clause's modality applied to its uses — prohibited / reserved / consent-required, permitted,
 * or, in a mixed clause, the nearest modality per use — with the ways to obtain permission.
 */
function assignEffects(
  { hits, folded, start, end, text }: Scan,
  result: ClauseResult,
  modalities: readonly ModalityHit[],
  inherited: readonly ModalityHit[],
  spans: { exceptions: SpanRange[]; special: SpanRange[] },
  mainUses: readonly MainUse[],
): 'legal-discourse' | null {
  const mainModalities = modalities.filter((m) => !inside(m.hit, spans.special));
  result.modalities = mainModalities;
  result.inheritedModality =
    inherited.length > 0 && !mainModalities.some((m) => RESTRICTIVE.has(m.modality) || m.modality === 'consent');
  const paths = consentPaths({ folded, start, end }, modalities, inherited, spans.exceptions);
  const consentFor = paths.consentFor;
  result.consentHits = paths.consentHits;
  const discretionary = modalities.some((m) => m.modality === 'discretionary');
  const restrictive = [...mainModalities, ...inherited].filter((m) => RESTRICTIVE.has(m.modality));
  // "permitted only with prior written permission", "допускается только с письменного разрешения": the
  // permission is the consent path itself, not a permission of its own.
  const onlyWithConsent = (p: ModalityHit) =>
    mainModalities.some(
      (o) =>
        o.modality === 'only' &&
        o.hit.start >= p.hit.end &&
        mainModalities.some(
          (c) => c.modality === 'consent' && c.hit.start >= o.hit.end && wordGap(folded, o.hit.end, c.hit.start) <= 2,
        ) &&
        wordGap(folded, p.hit.end, o.hit.start) <= 1,
    );
  const permits = mainModalities.filter((m) => m.modality === 'permit' && !onlyWithConsent(m));
  const consents = [...mainModalities, ...inherited].filter((m) => m.modality === 'consent');
  const conditionHits = hits.filter((h) => h.cue.category === 'condition');

  result.consentPath = paths.anywhere;
  const uniqueUses = [...new Set(mainUses.map((u) => u.use))];
  // "Exceptions require written permission": a consent cue (not merely "unless permitted") and no use.
  result.generalConsent = paths.consentCue && uniqueUses.length === 0 && restrictive.length === 0;

  // The restriction family: prohibit / reserve / consent-required.
  const restrictionModality: Modality | null =
    restrictive.find((m) => m.modality === 'prohibit')?.modality ??
    restrictive.find((m) => m.modality === 'reserve')?.modality ??
    (consents.length > 0 ? 'consent' : null);
  const restrictionPermission = (at: number): Permission => (consentFor(at) ? 'conditional' : 'denied');
  const restrictionOrigin: Origin =
    restrictionModality === 'prohibit' ? 'prohibit' : restrictionModality === 'reserve' ? 'reserve' : 'consent';
  // Built only when a use is actually conditional (most sentences are not rights clauses at all).
  let consentConditionsMemo: Condition[] | undefined;
  const consentConditions = () =>
    (consentConditionsMemo ??= conditionsFrom(
      conditionHits.filter((h) => h.cue.key !== 'attribution'),
      'consent',
      text,
    ));
  const permitPermission: Permission =
    discretionary || conditionHits.some((h) => h.cue.key !== 'consent') ? 'conditional' : 'allowed';
  const permitConditions =
    permitPermission === 'conditional'
      ? conditionsFrom(
          conditionHits.filter((h) => h.cue.key !== 'consent'),
          'other',
          text,
        )
      : [];

  const restrictionEffect = (at: number): UseEffect => {
    const permission = restrictionPermission(at);
    return {
      permission,
      origin: restrictionOrigin,
      conditions: permission === 'conditional' ? consentConditions() : [],
    };
  };
  const permitEffect: UseEffect = { permission: permitPermission, origin: 'permit', conditions: permitConditions };
  const hasRestriction = restrictionModality !== null;
  const hasPermit = permits.length > 0;
  if (hasRestriction && hasPermit && mainUses.length > 0) {
    // Mixed clause: each use takes the nearest modality ("quoting is permitted, but reproduction is prohibited").
    const anchors = [
      ...restrictive.map((m) => ({ at: m.hit.start, restrictive: true })),
      ...consents.map((m) => ({ at: m.hit.start, restrictive: true })),
      ...permits.map((m) => ({ at: m.hit.start, restrictive: false })),
    ];
    for (const u of mainUses) {
      let best = anchors[0]!;
      for (const a of anchors) if (Math.abs(a.at - u.at) < Math.abs(best.at - u.at)) best = a;
      if (!best.restrictive && u.concept === 'scrape' && result.concepts.includes('index')) continue;
      setEffect(result.effects, u.use, best.restrictive ? restrictionEffect(u.at) : permitEffect);
    }
    result.modality = restrictionModality;
  } else if (hasRestriction && mainUses.length > 0) {
    for (const u of mainUses) setEffect(result.effects, u.use, restrictionEffect(u.at));
    result.modality = restrictionModality;
  } else if (hasPermit && mainUses.length > 0 && result.statute) {
    // "§ 44b permits text and data mining …": a permission next to a statute describes the law.
    return 'legal-discourse';
  } else if (hasPermit && mainUses.length > 0) {
    for (const u of mainUses) setEffect(result.effects, u.use, permitEffect);
    result.modality = 'permit';
  } else if (discretionary && mainUses.length > 0) {
    for (const u of mainUses) setEffect(result.effects, u.use, { ...permitEffect, permission: 'conditional' });
    result.modality = 'discretionary';
  }
  return null;
}

/** Step 6: "… only" — the concept says what the limitation excludes. */
function applyOnly(
  { concepts }: Scan,
  result: ClauseResult,
  modalities: readonly ModalityHit[],
  special: readonly SpanRange[],
): void {
  const onlys = modalities.filter((m) => !inside(m.hit, special) && m.modality === 'only');
  if (onlys.length > 0) {
    for (const id of result.concepts) {
      const c = concepts.get(id)!;
      for (const [use, p] of Object.entries(c.whenOnly) as [Use, Permission][]) {
        const prev = result.effects[use];
        if (prev && prev.origin !== 'permit' && strictest([prev.permission, p]) === prev.permission) continue;
        result.effects[use] = { permission: p, origin: 'only', conditions: [] };
        result.modality ??= 'only';
      }
    }
  }
}

/** Step 7: a licence named in the clause grants what the licence grants (on its conditions). */
function applyLicences({ input }: Scan, result: ClauseResult): void {
  for (const l of input.licences ?? []) {
    for (const [use, p] of Object.entries(l.effects) as [Use, Permission][]) {
      if (result.effects[use] && result.effects[use]!.origin !== 'permit') continue;
      result.effects[use] = { permission: p, origin: 'permit', conditions: p === 'conditional' ? l.conditions : [] };
    }
    result.modality ??= 'permit';
    result.cues.push(`licence: ${l.id}`);
  }
}

/**
 * Step 8: plain copyright — "All rights reserved" reserves reproduction and redistribution: allowed only
 * with the holder's consent (conditional), as in the notice templates, the dc-rights detector and the
 * corpus labels.
 */
function applyCopyright({ of }: Scan, result: ClauseResult): void {
  if (of('copyright').length > 0 && !result.effects.redistribution) {
    result.effects.redistribution = {
      permission: 'conditional',
      origin: 'copyright',
      conditions: [{ kind: 'consent', text: 'all rights reserved' }],
    };
    result.modality ??= 'copyright';
  }
}

/** Step 9: carve-outs and notes inside exception spans. */
function applyExceptionGrants(
  { hits, original, concepts }: Scan,
  result: ClauseResult,
  exceptionSpans: readonly SpanRange[],
): void {
  for (const span of exceptionSpans) {
    const spanHits = hits.filter((h) => h.start >= span.start && h.start < span.end);
    const qualified = spanHits.some(
      (h) => h.cue.category === 'modality' && (h.cue.key === 'discretionary' || h.cue.key === 'consent'),
    );
    const spanText = original.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
    let named = false;
    for (const h of spanHits) {
      if (h.cue.category !== 'use') continue;
      const c = concepts.get(h.cue.key);
      if (!c || c.inException === 'ignore') continue;
      named = true;
      if (c.inException === 'allow')
        for (const use of c.uses)
          setEffect(result.grants, use, {
            permission: qualified ? 'conditional' : 'allowed',
            origin: 'exception',
            conditions: qualified ? conditionsFrom(spanHits, 'consent', spanText) : [],
          });
    }
    if (named && spanText.length > 0)
      result.exceptions.push(spanText.length > 200 ? `${spanText.slice(0, 199)}…` : spanText);
  }
}
