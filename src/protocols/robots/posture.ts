import type { Use } from '../../model/uses.js';
import type { AgentInfo, AgentRegistry } from '../../rules/agents.js';
import type { FetchDecision, RobotsFile } from './robotsFile.js';

/**
 * Which registered crawlers may fetch one path. Agents without a group of their own share the `*` decision,
 * so a page costs one robots-parser lookup for `*` plus one per registered agent the file names — not one per
 * registry entry (a 20,000-rule `*` group makes each lookup ~1 ms).
 */
export interface AgentFetch {
  info: AgentInfo;
  decision: FetchDecision;
}

export interface RobotsPosture {
  path: string;
  /** A crawler without its own group (the `*` group, or no group). */
  generic: FetchDecision;
  agents: AgentFetch[];
  /** Agents the file names that the registry does not know (first 20), and how many there are. */
  unlisted: { names: string[]; count: number };
}

interface Split {
  named: AgentInfo[];
  unnamed: AgentInfo[];
  unlisted: { names: string[]; count: number };
}

/** Which registry agents a file names: depends only on the file and the registry, so kept per pair. */
const splits = new WeakMap<RobotsFile, WeakMap<AgentRegistry, Split>>();

function split(robots: RobotsFile, registry: AgentRegistry): Split {
  let perRegistry = splits.get(robots);
  if (!perRegistry) {
    perRegistry = new WeakMap();
    splits.set(robots, perRegistry);
  }
  let s = perRegistry.get(registry);
  if (!s) {
    const named: AgentInfo[] = [];
    const unnamed: AgentInfo[] = [];
    for (const info of registry.values()) (robots.hasOwnGroup(info.token) ? named : unnamed).push(info);
    const listed = new Set([...registry.keys()].map((k) => k.split('/')[0]!.trim()));
    const unlisted = [...robots.namedAgents].filter((a) => !listed.has(a));
    s = { named, unnamed, unlisted: { names: unlisted.slice(0, 20), count: unlisted.length } };
    perRegistry.set(registry, s);
  }
  return s;
}

export function robotsPosture(robots: RobotsFile, registry: AgentRegistry, path: string): RobotsPosture {
  const generic = robots.mayFetch(path, null);
  const { named, unnamed, unlisted } = split(robots, registry);
  const agents: AgentFetch[] = [];
  for (const info of named) agents.push({ info, decision: robots.mayFetch(path, info.token) });
  for (const info of unnamed) agents.push({ info, decision: generic });
  return { path, generic, agents, unlisted };
}

/** Agents whose blocking speaks about `use` (per their class or own `uses`), split by the decision. */
export function agentsFor(
  posture: RobotsPosture,
  registry: AgentRegistry,
  use: Use,
): { blocked: AgentFetch[]; allowed: AgentFetch[] } {
  const blocked: AgentFetch[] = [];
  const allowed: AgentFetch[] = [];
  for (const a of posture.agents) {
    if (!registry.usesOf(a.info).includes(use)) continue;
    (a.decision.allowed ? allowed : blocked).push(a);
  }
  return { blocked, allowed };
}

/** Operators (of `operators`) with at least one blocked agent in `blocked`. */
export function operatorsCovered(
  blocked: AgentFetch[],
  operators: readonly string[],
): { covered: string[]; missing: string[] } {
  const hit = new Set(blocked.map((a) => a.info.operator));
  return { covered: operators.filter((o) => hit.has(o)), missing: operators.filter((o) => !hit.has(o)) };
}

/** Names for evidence: named agents as written; agents blocked only through `*` summarised. */
export function names(list: AgentFetch[], max = 40): string[] {
  const out = list.map((a) => a.info.token);
  return out.length > max ? [...out.slice(0, max), `… ${out.length - max} more`] : out;
}
