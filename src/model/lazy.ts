/**
 * A value made on first use and kept: for libraries only some inputs need (an XML parser for RSL documents,
 * a language identifier for pages without `lang`), so a one-page check does not load them at start-up.
 */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
