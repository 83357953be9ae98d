import { result } from '../../detect/page.js';
import type { SiteDetector, SitePageContext } from '../../detect/site.js';
import type { Condition } from '../../model/conditions.js';
import { type Evidence, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import type { Effects, Permission, Use } from '../../model/uses.js';
import type { AgentRegistry } from '../../rules/agents.js';
import { type AgentFetch, agentsFor, names, operatorsCovered, type RobotsPosture, robotsPosture } from './posture.js';
import type { FetchDecision, RobotsFile, RobotsSite } from './robotsFile.js';

/**
 * robots.txt as a rights signal (docs/reference/signals.md §6, P1). robots.txt governs crawling, not use; the AI meaning comes
 * from what each crawler token is documented to do (data/agents.yaml). Per page path:
 * - ai-train: every major training operator (data/agents.yaml) kept out ⇒ denied (an Art. 4(3) reservation);
 *   some of them kept out ⇒ conditional (`agents`: only some crawlers may collect); only minor agents kept
 *   out ⇒ recorded and flagged, no restriction; all major training operators explicitly welcomed by name ⇒
 *   allowed; otherwise nothing is said (a crawler that is merely not named has not been given permission).
 * - search: the major search engines may all crawl ⇒ allowed; some ⇒ conditional; none ⇒ denied.
 * - ai-input: AI search / user-triggered / agent fetchers kept out by name ⇒ recorded (they bind their
 *   operator: applied with `--agent`); the `*` group shutting out every unnamed crawler ⇒ denied, or
 *   conditional when some AI-input crawlers are still let in by name.
 * - tdm: the `*` group disallows the path ⇒ denied (a generic TDM crawler may not collect it).
 * - `--agent TOKEN`: that crawler disallowed ⇒ it may not collect the page for any use (P1 access gate);
 *   named and allowed ⇒ allowed for the uses its class stands for; control tokens (Google-Extended...) and
 *   the operator's control token govern use, not fetching. A crawler with its own group gets only this
 *   agent evidence: the posture above describes crawlers that obey `*` or their own other groups.
 * A 5xx robots.txt counts as a complete disallow (RFC 9309) but is a server state, not a reservation: it is
 * reported with `reservation: false` and confidence 0.5.
 */
const FETCH_USES: Use[] = ['search', 'ai-train', 'ai-input', 'tdm'];

function groupOfLine(robots: RobotsFile, line: number) {
  return robots.records.groups.find((g) => line >= g.startLine && line <= g.endLine);
}

function excerptFor(robots: RobotsFile, decisions: FetchDecision[]): { excerpt: string; line?: number; path?: string } {
  if (robots.availability === 'unreachable') return { excerpt: `robots.txt: HTTP ${robots.status}` };
  const seen = new Set<number>();
  const parts: string[] = [];
  let line: number | undefined;
  let path: string | undefined;
  for (const d of decisions) {
    if (!d.rule || seen.has(d.rule.line)) continue;
    seen.add(d.rule.line);
    line ??= d.rule.line;
    path ??= d.rule.pattern;
    const g = groupOfLine(robots, d.rule.line);
    const agents = g ? g.agentsRaw.map((a) => `User-agent: ${a}`).join('\n') : '';
    parts.push(`${agents}\n${d.rule.raw.trim()}`);
  }
  // No rule decided (everything allowed by default): quote the decision instead of a rule.
  return { excerpt: parts.join('\n\n') || decisions[0]?.reason || 'robots.txt: no rule applies', line, path };
}

interface Aspect {
  aspect: string;
  effects: Effects;
  conditions?: Condition[];
  deciding: FetchDecision[];
  group: string[];
  details: Record<string, unknown>;
  agents?: string[];
  reservation: boolean;
  confidence?: number;
}

function build(ctx: SitePageContext<RobotsSite>, robots: RobotsFile, a: Aspect): Evidence {
  const unreachable = robots.availability === 'unreachable';
  const ex = excerptFor(robots, a.deciding);
  return makeEvidence({
    signal: 'robots-txt',
    protocol: 'robots-txt',
    source: 'site',
    location: {
      kind: 'file',
      file: 'robots.txt',
      ...(ex.line !== undefined ? { line: ex.line } : {}),
      group: a.group,
      ...(ex.path !== undefined ? { path: ex.path } : {}),
    },
    excerpt: ex.excerpt,
    idContent: `${a.aspect}|${JSON.stringify(a.effects)}|${a.group.join(',')}|${unreachable ? robots.status : ''}`,
    effects: a.effects,
    conditions: a.conditions,
    confidence: unreachable ? 0.5 : (a.confidence ?? 1),
    machineReadable: true,
    reservation: !unreachable && a.reservation,
    ...(a.agents ? { agents: a.agents } : {}),
    details: {
      aspect: a.aspect,
      path: ctx.path,
      ...a.details,
      ...(unreachable ? { status: robots.status, basis: 'unreachable' } : {}),
      ...(robots.fetchedAt ? { fetchedAt: robots.fetchedAt } : {}),
    },
  });
}

function relevantAllowed(list: AgentFetch[], majors: readonly string[]): AgentFetch[] {
  return list.filter((a) => a.decision.named || majors.includes(a.info.operator));
}

function blockedNames(blocked: AgentFetch[], generic: FetchDecision): string[] {
  const named = blocked.filter((a) => a.decision.named);
  const out = names(named);
  if (!generic.allowed && blocked.some((a) => !a.decision.named)) out.push('* (every crawler without its own group)');
  return out;
}

function training(
  ctx: SitePageContext<RobotsSite>,
  robots: RobotsFile,
  p: RobotsPosture,
  reg: AgentRegistry,
  flags: Flag[],
): Evidence {
  const { blocked, allowed } = agentsFor(p, reg, 'ai-train');
  const majors = reg.majorTrainingOperators;
  const { covered, missing } = operatorsCovered(blocked, majors);
  const effects: Effects = {};
  let conditions: Condition[] | undefined;
  if (majors.length > 0 && missing.length === 0) effects['ai-train'] = 'denied';
  else if (covered.length > 0) {
    effects['ai-train'] = 'conditional';
    conditions = [
      {
        kind: 'agents',
        text: `robots.txt keeps ${blockedNames(blocked, p.generic).join(', ')} out${missing.length > 0 ? `; not kept out: ${missing.join(', ')}` : ''}`,
      },
    ];
  } else if (blocked.length > 0)
    // Only minor dataset/training agents kept out (omgili, Diffbot...): recorded, but no AI-training
    // restriction for everyone else (corpus convention: the major training agents decide).
    flags.push(
      flag(
        'robots_minor_agents_blocked',
        `only minor AI agents kept out: ${blockedNames(blocked, p.generic).join(', ')}`,
      ),
    );
  else if (majors.length > 0 && majors.every((op) => allowed.some((a) => a.info.operator === op && a.decision.named)))
    effects['ai-train'] = 'allowed';
  const shown = blocked.length > 0 ? blocked : allowed.filter((a) => a.decision.named);
  return build(ctx, robots, {
    aspect: 'ai-training',
    effects,
    conditions,
    deciding: shown.map((a) => a.decision),
    group: blocked.filter((a) => a.decision.named).map((a) => a.info.token),
    reservation: covered.length > 0,
    details: {
      agents: { blocked: blockedNames(blocked, p.generic), allowed: names(relevantAllowed(allowed, majors)) },
      operators: { blocked: covered, notBlocked: missing },
      ...(p.unlisted.count > 0 ? { unlistedAgents: p.unlisted } : {}),
    },
  });
}

function search(
  ctx: SitePageContext<RobotsSite>,
  robots: RobotsFile,
  p: RobotsPosture,
  reg: AgentRegistry,
): Evidence | null {
  const wanted = new Set(reg.majorSearchEngines.map((k) => reg.get(k)));
  const engines = p.agents.filter((a) => wanted.has(a.info));
  // A file without any group (only comments, only License lines) says nothing about crawling; one with groups
  // lets every crawler it does not restrict in (RFC 9309 §2.2.1), which is what search engines rely on.
  if (engines.length === 0 || (robots.records.groups.length === 0 && robots.availability === 'ok')) return null;
  const ok = engines.filter((a) => a.decision.allowed);
  const out = engines.filter((a) => !a.decision.allowed);
  let permission: Permission = 'allowed';
  let conditions: Condition[] | undefined;
  if (ok.length === 0) permission = 'denied';
  else if (out.length > 0) {
    permission = 'conditional';
    conditions = [{ kind: 'agents', text: `only ${names(ok).join(', ')} may crawl for search` }];
  }
  return build(ctx, robots, {
    aspect: 'search',
    effects: { search: permission },
    conditions,
    deciding: (out.length > 0 ? out : ok).map((a) => a.decision),
    group: engines.filter((a) => a.decision.named).map((a) => a.info.token),
    reservation: false,
    confidence: 0.9,
    details: { engines: { blocked: names(out), allowed: names(ok) } },
  });
}

function aiInput(
  ctx: SitePageContext<RobotsSite>,
  robots: RobotsFile,
  p: RobotsPosture,
  reg: AgentRegistry,
  flags: Flag[],
): Evidence | null {
  const { blocked, allowed } = agentsFor(p, reg, 'ai-input');
  if (blocked.length === 0) return null;
  const namedAllowed = allowed.filter((a) => a.decision.named);
  // Blocks of named AI-search / user / agent crawlers speak for their operator only (applied with --agent);
  // for everyone else ai-input is restricted only when the "*" group shuts out every unnamed crawler too.
  let permission: Permission | null = null;
  if (!p.generic.allowed) permission = namedAllowed.length === 0 ? 'denied' : 'conditional';
  const userFetch = blocked.filter((a) => a.info.class === 'user-fetch' || a.info.class === 'agent');
  if (userFetch.length > 0)
    flags.push(
      flag(
        'robots_user_fetch_blocked',
        `user-triggered fetchers kept out: ${names(userFetch, 12).join(', ')} (their operators say robots.txt may not apply to them)`,
      ),
    );
  return build(ctx, robots, {
    aspect: 'ai-input',
    effects: permission ? { 'ai-input': permission } : {},
    conditions:
      permission === 'conditional'
        ? [{ kind: 'agents', text: `robots.txt keeps ${blockedNames(blocked, p.generic).join(', ')} out` }]
        : undefined,
    deciding: blocked.map((a) => a.decision),
    group: blocked.filter((a) => a.decision.named).map((a) => a.info.token),
    reservation: permission !== null,
    details: {
      agents: { blocked: blockedNames(blocked, p.generic), allowed: names(namedAllowed) },
      ...(userFetch.length > 0 ? { userTriggered: names(userFetch) } : {}),
    },
  });
}

function generic(ctx: SitePageContext<RobotsSite>, robots: RobotsFile, p: RobotsPosture): Evidence | null {
  if (p.generic.allowed) return null;
  return build(ctx, robots, {
    aspect: 'all-crawlers',
    effects: { tdm: 'denied' },
    deciding: [p.generic],
    group: ['*'],
    reservation: true,
    details: { reason: p.generic.reason },
  });
}

function forAgent(ctx: SitePageContext<RobotsSite>, robots: RobotsFile, reg: AgentRegistry): Evidence[] {
  const agent = ctx.agent;
  if (!agent) return [];
  const out: Evidence[] = [];
  const info = reg.get(agent);
  const d = robots.mayFetch(ctx.path, agent);
  const effects: Effects = {};
  if (info?.class === 'control') {
    for (const u of reg.usesOf(info))
      if (!d.allowed) effects[u] = 'denied';
      else if (d.named) effects[u] = 'allowed';
  } else if (!d.allowed) for (const u of FETCH_USES) effects[u] = 'denied';
  else if (d.named && info) for (const u of reg.usesOf(info)) effects[u] = 'allowed';
  if (Object.keys(effects).length > 0)
    out.push(
      build(ctx, robots, {
        aspect: 'agent',
        effects,
        deciding: [d],
        group: d.group,
        agents: [agent],
        reservation: !d.allowed,
        confidence: d.allowed ? 0.8 : 1,
        details: {
          agent,
          mayFetch: d.allowed,
          reason: d.reason,
          ...(info ? { class: info.class, operator: info.operator } : {}),
        },
      }),
    );
  // The operator's control token (Google-Extended for Googlebot, Applebot-Extended for Applebot) governs how
  // content fetched by this crawler may be used.
  if (info && info.class !== 'control')
    for (const ctl of reg.byOperator(info.operator)) {
      if (ctl.class !== 'control') continue;
      const cd = robots.mayFetch(ctx.path, ctl.token);
      if (cd.allowed) continue;
      const ctlEffects: Effects = {};
      for (const u of reg.usesOf(ctl)) ctlEffects[u] = 'denied';
      out.push(
        build(ctx, robots, {
          aspect: 'operator-control-token',
          effects: ctlEffects,
          deciding: [cd],
          group: [ctl.token],
          agents: [agent],
          reservation: true,
          details: { agent, controlToken: ctl.token, operator: info.operator, reason: cd.reason },
        }),
      );
    }
  return out;
}

export const robotsTxtDetector: SiteDetector<RobotsSite> = {
  name: 'robots-txt',
  detect(ctx) {
    const robots = ctx.site.robots;
    if (!robots || robots.availability === 'unavailable') return result();
    const reg = ctx.resources.agents;
    const flags: Flag[] = [];
    // A crawler with a group of its own does not inherit `*` (RFC 9309 §2.2.1): for it only its own group
    // speaks, so the site-wide posture (which describes the other crawlers) is left out.
    const named = ctx.agent ? robots.hasOwnGroup(ctx.agent) : false;
    const posture = named ? null : robotsPosture(robots, reg, ctx.path);
    const evidence = [
      ...(posture
        ? [
            training(ctx, robots, posture, reg, flags),
            search(ctx, robots, posture, reg),
            aiInput(ctx, robots, posture, reg, flags),
            generic(ctx, robots, posture),
          ]
        : []),
      ...forAgent(ctx, robots, reg),
    ].filter((e): e is Evidence => e !== null);
    return result(evidence, flags);
  },
};
