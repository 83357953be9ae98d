import { join } from 'node:path';
import { loadProfiles } from '../../policy/profile.js';
import { currentRulesVersion } from '../../resources/resources.js';
import { projectRoot } from '../../rules/root.js';

/**
 * What a batch coordinator needs to know of the rules — their version and the profile names — read
 * without loading the rules themselves: every worker loads its own engine, and the main thread should not
 * hold one more copy of the notice templates and lexicons.
 */
export function batchRulesVersion(): string {
  return currentRulesVersion();
}

export function profileNames(): string[] {
  return [...loadProfiles(join(projectRoot(), 'rules', 'profiles')).keys()];
}
