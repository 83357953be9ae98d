/**
 * Why a use is `conditional`. Kinds are an enum so profiles can say which conditions a pipeline satisfies
 * (e.g. a pipeline that keeps attribution satisfies `attribution`); `text` keeps the publisher's words.
 */
export const CONDITION_KINDS = [
  'consent', // prior (written) consent / permission of the rights holder
  'licence', // a licence or agreement must be obtained
  'payment', // compensation, remuneration, paid licence
  'attribution', // credit the author / source
  'share-alike', // adaptations under the same licence
  'non-commercial', // only non-commercial use
  'no-derivatives', // adaptations may not be shared
  'research-only', // only for (scientific / non-commercial) research
  'search-only', // only for search-engine indexing
  'agents', // only some crawlers / operators are allowed
  'paths', // only some paths are allowed
  'excerpt-only', // titles, URLs, short snippets only
  'licence-token', // a licence server token is required before access (RSL)
  'other',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export interface Condition {
  kind: ConditionKind;
  /** The condition in the publisher's words or a short explanation. */
  text?: string;
}

export function conditionKey(c: Condition): string {
  return `${c.kind}:${c.text ?? ''}`;
}

export function mergeConditions(into: Condition[], more: readonly Condition[] | undefined): Condition[] {
  if (!more) return into;
  const seen = new Set(into.map(conditionKey));
  for (const c of more) {
    const k = conditionKey(c);
    if (!seen.has(k)) {
      seen.add(k);
      into.push(c);
    }
  }
  return into;
}
