import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CueLexicons, loadCueLexicons } from '../notices/clauses/lexicon.js';
import { adoptUniversalCues, universalCueList } from '../notices/language.js';
import { adoptPassageScans, passageScansOf } from '../notices/passages.js';
import {
  compileTemplates,
  loadNoticeRules,
  loadTriggers,
  TemplateMatcher,
  TRIGGERS_FILE,
} from '../notices/templates/index.js';
import { loadProfiles, type Profile } from '../policy/profile.js';
import { AgentRegistry, loadAgents } from '../rules/agents.js';
import { type CcTable, loadCcTable } from '../rules/ccLicences.js';
import { packageVersion, projectRoot } from '../rules/root.js';
import { type CompiledRules, readArtefact, writeArtefact } from './artefact.js';

/**
 * Everything the engine loads from `rules/` and `data/`, validated once at start-up. Later issues add
 * their rule sets here (notice templates, cue lexicons), so there is one place that knows the files.
 */
export interface Resources {
  rulesDir: string;
  dataDir: string;
  profiles: Map<string, Profile>;
  cc: CcTable;
  agents: AgentRegistry;
  /** Cue lexicons of the clause classifier (rules/cues/<lang>.yaml + concepts.yaml). */
  cues: CueLexicons;
  /** Known notices (rules/notices/), compiled into the staged template matcher once. */
  noticeTemplates: TemplateMatcher;
  /** `<package version>+<first 7 hex of the rules hash>`: changes whenever any rule or data file changes. */
  rulesVersion: string;
  /** sha256 over every file in rules/ and data/ (path + content), for audit reports. */
  rulesHash: string;
}

export interface ResourceOptions {
  rulesDir?: string;
  dataDir?: string;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function hashRules(dirs: string[]): string {
  const h = createHash('sha256');
  for (const dir of dirs) {
    for (const file of listFiles(dir)) {
      h.update(relative(dir, file));
      h.update('\u0000');
      h.update(readFileSync(file));
      h.update('\u0000');
    }
  }
  return h.digest('hex');
}

/** `<package version>+<first 7 hex of the rules hash>` (see Resources.rulesVersion). */
export function rulesVersionOf(rulesHash: string): string {
  return `${packageVersion()}+${rulesHash.slice(0, 7)}`;
}

/**
 * The default rules version without loading the rules: for batch coordinators, whose workers each load
 * their own engine, so the main thread does not hold a third copy of every rule.
 */
export function currentRulesVersion(): string {
  const root = projectRoot();
  return rulesVersionOf(hashRules([join(root, 'rules'), join(root, 'data')]));
}

/** Loads and validates the rule sets the artefact holds (src/resources/artefact.ts): the slow path. */
function compileRules(rulesDir: string, dataDir: string): CompiledRules {
  const noticesDir = join(rulesDir, 'notices');
  const cues = loadCueLexicons(join(rulesDir, 'cues'));
  const noticeRules = loadNoticeRules(noticesDir);
  return {
    cues,
    universal: universalCueList(cues),
    scans: passageScansOf(cues),
    agents: loadAgents(join(dataDir, 'agents.yaml')).toState(),
    noticeRules,
    templates: compileTemplates(noticeRules),
    triggers: loadTriggers(join(noticesDir, TRIGGERS_FILE)),
    profiles: loadProfiles(join(rulesDir, 'profiles')),
    cc: loadCcTable(join(dataDir, 'cc-licenses.yaml')),
  };
}

/**
 * The compiled rules for this rules hash: from the cached artefact when one was made from the same rules by
 * the same code, else compiled (and validated) here and cached for the next process.
 */
function compiledRules(rulesDir: string, dataDir: string, rulesHash: string): CompiledRules {
  const cached = readArtefact(rulesHash);
  if (cached) {
    adoptPassageScans(cached.cues, cached.scans);
    adoptUniversalCues(cached.cues, cached.universal);
    return cached;
  }
  const rules = compileRules(rulesDir, dataDir);
  writeArtefact(rulesHash, rules);
  return rules;
}

export function loadResources(options: ResourceOptions = {}): Resources {
  const root = options.rulesDir && options.dataDir ? '' : projectRoot();
  const rulesDir = options.rulesDir ?? join(root, 'rules');
  const dataDir = options.dataDir ?? join(root, 'data');
  const rulesHash = hashRules([rulesDir, dataDir]);
  const rules = compiledRules(rulesDir, dataDir, rulesHash);
  return {
    rulesDir,
    dataDir,
    profiles: rules.profiles,
    cc: rules.cc,
    agents: AgentRegistry.fromState(rules.agents),
    cues: rules.cues,
    noticeTemplates: new TemplateMatcher(rules.noticeRules, { triggers: rules.triggers, compiled: rules.templates }),
    rulesVersion: rulesVersionOf(rulesHash),
    rulesHash,
  };
}

let shared: Resources | undefined;

/** The default resources, loaded on first use and shared by every engine in the process. */
export function defaultResources(): Resources {
  shared ??= loadResources();
  return shared;
}
