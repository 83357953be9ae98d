/**
 * YAML parsing for rule and data files, loaded on first use. With the compiled rules artefact
 * (src/resources/artefact.ts) most processes parse no YAML at all, and loading the parser costs ~55 ms of
 * a one-page `clearance check`. `require` with the module's own type keeps the lazy load type-checked.
 */
import { lazy } from '../model/lazy.js';
import type { Checker } from './validate.js';

const yaml = lazy(() => require('yaml') as typeof import('yaml'));

export function parseYaml(text: string): unknown {
  return yaml().parse(text);
}

/** A rule or data file's YAML document; a syntax error fails the file's check at `(yaml)`. */
export function yamlDocument(c: Checker, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    return c.fail('(yaml)', (e as Error).message);
  }
}
