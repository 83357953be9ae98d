import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Cue, CueLexicons, Lexicon } from '../notices/clauses/lexicon.js';
import type { PassageScans } from '../notices/passages.js';
import type { CompiledTemplates, NoticeRule } from '../notices/templates/index.js';
import type { Triggers } from '../notices/templates/triggers.js';
import type { Profile } from '../policy/profile.js';
import type { AgentRegistryState } from '../rules/agents.js';
import type { CcTable } from '../rules/ccLicences.js';
import { projectRoot } from '../rules/root.js';

/**
 * The rule sets whose loading costs most (YAML parsing, validation, pattern compilation: ~1.2 s of a
 * one-page `clearance check`), as plain data. Everything in it survives `v8.serialize` unchanged (objects,
 * arrays, Maps, RegExps), so a deserialised copy is the loaded copy; class instances (the template matcher,
 * the agent registry) are rebuilt from their inputs.
 */
export interface CompiledRules {
  cues: CueLexicons;
  /** The cues every page is scanned with, whatever its language (src/notices/language.ts universalCues). */
  universal: Cue[];
  /** The cue gate and legal-heading scans built from `cues` (src/notices/passages.ts). */
  scans: PassageScans;
  agents: AgentRegistryState;
  noticeRules: NoticeRule[];
  /** `noticeRules` compiled for the template matcher (its `rules` are the objects of `noticeRules`). */
  templates: CompiledTemplates;
  triggers: Triggers;
  profiles: Map<string, Profile>;
  cc: CcTable;
}

/** Bumped when the shape of CompiledRules or of Stored changes. */
const FORMAT = 5;
/** Artefacts kept in the cache folder (others, oldest first, are removed). */
const KEEP = 8;

/**
 * The folders whose code turns rule files into CompiledRules: a change there changes the artefact, so it is
 * part of the key (a rebuilt package with the same rules never reads an artefact made by older code).
 */
const COMPILER_DIRS = ['model', 'notices', 'policy', 'resources', 'rules'];

let compilerHash: string | undefined;

function hashCode(): string {
  if (compilerHash) return compilerHash;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|ts)$/.test(name)) h.update(name).update(readFileSync(p));
    }
  };
  for (const d of COMPILER_DIRS) walk(join(__dirname, '..', d));
  compilerHash = h.digest('hex');
  return compilerHash;
}

/**
 * Where artefacts live: `CLEARANCE_CACHE_DIR`, else `node_modules/.cache/clearance` of the package (the
 * usual home of build caches), else the system temp folder. `CLEARANCE_CACHE_DIR=off` disables the cache.
 */
export function artefactDir(): string | null {
  const env = process.env.CLEARANCE_CACHE_DIR;
  if (env === 'off') return null;
  const candidates = env
    ? [env]
    : [join(projectRoot(), 'node_modules', '.cache', 'clearance'), join(tmpdir(), 'clearance-cache')];
  for (const dir of candidates)
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      /* not writable: try the next */
    }
  return null;
}

/** The artefact's key: the rules hash, the compiling code, the format and the Node major version. */
export function artefactKey(rulesHash: string): string {
  return createHash('sha256')
    .update(`${FORMAT}\0${process.versions.node.split('.')[0]}\0${rulesHash}\0${hashCode()}`)
    .digest('hex')
    .slice(0, 24);
}

/**
 * On disk, each language's cue list is serialised on its own and read on first use: a page needs the
 * lexicons of its own language, English and the universal cues, and deserialising all 29 lists cost about
 * half of reading the artefact (measured in the closing note of the throughput issue).
 */
interface Stored {
  key: string;
  rules: CompiledRules;
  cueLists: Map<string, Uint8Array>;
}

function withoutCueLists(rules: CompiledRules): Stored['rules'] {
  const byLang = new Map<string, Lexicon>();
  for (const [lang, lex] of rules.cues.byLang) byLang.set(lang, { ...lex, cues: [] });
  return { ...rules, cues: { ...rules.cues, byLang } };
}

/** Gives each lexicon a `cues` property that deserialises its list once, when first read. */
function withLazyCueLists(rules: CompiledRules, lists: Map<string, Uint8Array>): CompiledRules {
  for (const [lang, lex] of rules.cues.byLang) {
    const bytes = lists.get(lang);
    if (!bytes) throw new Error(`artefact has no cue list for ${lang}`);
    Object.defineProperty(lex, 'cues', {
      configurable: true,
      enumerable: true,
      get(): Cue[] {
        const cues = deserialize(bytes) as Cue[];
        Object.defineProperty(lex, 'cues', { value: cues, enumerable: true, writable: true });
        return cues;
      },
    });
  }
  return rules;
}

/** The artefact for `rulesHash`, or null when there is none (or it is unreadable: it is then rebuilt). */
export function readArtefact(rulesHash: string): CompiledRules | null {
  const dir = artefactDir();
  if (!dir) return null;
  const key = artefactKey(rulesHash);
  try {
    const stored = deserialize(readFileSync(join(dir, `rules-${key}.v8`))) as Stored;
    return stored.key === key ? withLazyCueLists(stored.rules, stored.cueLists) : null;
  } catch {
    return null;
  }
}

/**
 * Saves the artefact (written to a temporary name, then renamed: a reader never sees half a file, and two
 * processes writing at once leave one whole copy). A cache that cannot be written is not an error.
 */
export function writeArtefact(rulesHash: string, rules: CompiledRules): void {
  const dir = artefactDir();
  if (!dir) return;
  const key = artefactKey(rulesHash);
  const file = join(dir, `rules-${key}.v8`);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const cueLists = new Map([...rules.cues.byLang].map(([lang, lex]) => [lang, serialize(lex.cues)]));
    writeFileSync(tmp, serialize({ key, rules: withoutCueLists(rules), cueLists } satisfies Stored));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((n) => /^rules-[0-9a-f]+\.v8$/.test(n))
    .map((n) => ({ path: join(dir, n), at: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const f of files.slice(KEEP)) unlinkSync(f.path);
}
