/** A text handed to the notice analysis: a page region, a footer, a robots.txt comment block. */
export interface Passage {
  text: string;
  /** The text as written, when `text` has markers blanked (robots.txt comments): excerpts come from it. */
  display?: string;
  listStarts?: ReadonlySet<number>;
  headingStarts?: ReadonlySet<number>;
  /** `<html lang>` of the page, if any. */
  declaredLang?: string | null;
}
