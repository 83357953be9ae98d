/** A text handed to the notice analysis: a page region, a footer, a robots.txt comment block. */
export interface Passage {
  text: string;
  /** The text as written, when `text` has markers blanked (robots.txt comments): excerpts come from it. */
  display?: string;
  listStarts?: ReadonlySet<number>;
  headingStarts?: ReadonlySet<number>;
  /** `<html lang>` of the page, if any. */
  declaredLang?: string | null;
  /**
   * The publisher's own file (robots.txt, ai.txt comments): it is never a report or an explainer as a whole,
   * so only a clause's own words can set it aside as discourse (see `AnalyseOptions.ownFile`).
   */
  ownFile?: boolean;
}
