import robotsParser from 'robots-parser';
import { type Flag, flag } from '../../model/flags.js';
import type { SiteFile } from '../../model/siteInput.js';
import { readSiteFile } from '../shared/fileText.js';
import { normalisePath } from '../shared/pathPattern.js';
import { agentKey, type RobotsGroup, type RobotsRecords, type RobotsRule, readRobotsRecords } from './records.js';

/** How the robots.txt fetch turned out (RFC 9309 §2.3.1). */
export type RobotsAvailability = 'ok' | 'unavailable' | 'unreachable';

export interface FetchDecision {
  allowed: boolean;
  /** One sentence a reviewer can check against the file. */
  reason: string;
  basis: 'rule' | 'no-rule' | 'unavailable' | 'unreachable' | 'robots-txt-itself';
  /** The deciding rule, when one matched. */
  rule?: RobotsRule;
  /** Agent keys of the group(s) that applied (`*` when the token fell back to it); [] when no group applied. */
  group: string[];
  /** True when the token has a group of its own (it does not inherit `*`). */
  named: boolean;
}

type Robot = ReturnType<typeof robotsParser>;

/**
 * One robots.txt, parsed once: robots-parser decides Allow/Disallow (RFC 9309 longest match, allow on ties,
 * `*`/`$`, case-insensitive product tokens), `records.ts` supplies the groups and extension records it hides.
 * The wrapper fixes the three robots-parser deviations docs/reference/stack.md §5 lists: unknown records no longer split
 * groups (sanitised input), `/robots.txt` itself is always allowed (§2.2.2), and a token named in a group that
 * has no rules does not fall back to `*` (it matched a group, so it obeys that group: everything allowed).
 */
/** The part of a site context the robots.txt-based detectors read. */
export interface RobotsSite {
  robots: RobotsFile | null;
}

export class RobotsFile {
  readonly availability: RobotsAvailability;
  readonly status: number;
  readonly records: RobotsRecords;
  readonly flags: Flag[];
  readonly fetchedAt?: string;
  readonly bytes: number;
  /** Agent keys that have a group of their own. */
  readonly namedAgents: ReadonlySet<string>;
  private readonly robot: Robot | null;
  private readonly ruleByLine = new Map<number, RobotsRule>();
  private readonly groupsByAgent = new Map<string, RobotsGroup[]>();
  /**
   * Recent decisions by agent + path. robots-parser scans a group's rules linearly (~2 ms for a 15,000-rule
   * `*` group), and one page asks for the same (agent, path) from several detectors. Decisions are never
   * mutated, so sharing them is safe; the map is cleared when full.
   */
  private readonly memo = new Map<string, FetchDecision>();

  constructor(
    readonly origin: string,
    file: SiteFile,
  ) {
    this.status = file.status ?? 200;
    this.fetchedAt = file.fetchedAt;
    const flags: Flag[] = [];
    this.availability = availabilityOf(this.status, flags);
    let text = '';
    let bytes = 0;
    if (this.availability === 'ok') {
      const read = readSiteFile(file, 'robots');
      flags.push(...read.flags);
      text = read.text;
      bytes = read.bytes;
    }
    this.bytes = bytes;
    this.records = readRobotsRecords(text);
    for (const g of this.records.groups) {
      for (const r of g.rules) this.ruleByLine.set(r.line, r);
      for (const a of g.agents) {
        const list = this.groupsByAgent.get(a);
        if (list) list.push(g);
        else this.groupsByAgent.set(a, [g]);
      }
    }
    this.namedAgents = new Set([...this.groupsByAgent.keys()].filter((a) => a !== '*'));
    if (this.records.outsideGroup.length > 0)
      flags.push(
        flag(
          'robots_record_outside_group',
          `${this.records.outsideGroup.length} rule(s) before the first User-agent line are ignored (RFC 9309 §2.2.1), first on line ${this.records.outsideGroup[0]!.line}`,
        ),
      );
    this.flags = flags;
    this.robot = this.availability === 'ok' ? robotsParser(`${origin}/robots.txt`, this.parserInput()) : null;
  }

  /** The sanitised text plus one empty `Disallow:` group per agent whose groups have no rules at all. */
  private parserInput(): string {
    const ruleless = [...this.groupsByAgent.entries()]
      .filter(([, groups]) => groups.every((g) => g.rules.length === 0))
      .map(([agent]) => agent);
    if (ruleless.length === 0) return this.records.sanitised;
    return `${this.records.sanitised}\n${ruleless.map((a) => `user-agent: ${a}`).join('\n')}\ndisallow:\n`;
  }

  /** The merged groups that apply to `token` (RFC 9309 §2.2.1): its own, else `*`, else none. */
  groupsFor(token: string | null): { groups: RobotsGroup[]; named: boolean } {
    const key = token ? agentKey(token) : '*';
    const own = key === '*' ? undefined : this.groupsByAgent.get(key);
    if (own) return { groups: own, named: true };
    return { groups: this.groupsByAgent.get('*') ?? [], named: false };
  }

  hasOwnGroup(token: string): boolean {
    return this.namedAgents.has(agentKey(token));
  }

  /** May `token` (a product token, not a full User-Agent header; null = a crawler without its own group) fetch `path`? */
  mayFetch(path: string, token: string | null): FetchDecision {
    const { groups, named } = this.groupsFor(token);
    const groupAgents = groups.length > 0 ? (named ? [agentKey(token!)] : ['*']) : [];
    if (this.availability === 'unavailable')
      return {
        allowed: true,
        basis: 'unavailable',
        group: [],
        named: false,
        reason: `robots.txt answered HTTP ${this.status}: unavailable, so no crawl restrictions apply (RFC 9309 §2.3.1.3)`,
      };
    if (this.availability === 'unreachable')
      return {
        allowed: false,
        basis: 'unreachable',
        group: [],
        named: false,
        reason: `robots.txt answered HTTP ${this.status}: unreachable, so the whole site counts as disallowed (RFC 9309 §2.3.1.4)`,
      };
    const normalised = normalisePath(path);
    if (normalised === '/robots.txt' || normalised.startsWith('/robots.txt?'))
      return {
        allowed: true,
        basis: 'robots-txt-itself',
        group: groupAgents,
        named,
        reason: '/robots.txt is implicitly allowed (RFC 9309 §2.2.2)',
      };
    const ua = token ? agentKey(token) || '*' : '*';
    const memoKey = `${named ? ua : '*'}\u0000${normalised}`;
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    const decision = this.decide(normalised, path, ua, token, groups.length, named, groupAgents);
    if (this.memo.size >= 512) this.memo.clear();
    this.memo.set(memoKey, decision);
    return decision;
  }

  private decide(
    normalised: string,
    path: string,
    ua: string,
    token: string | null,
    groupCount: number,
    named: boolean,
    groupAgents: string[],
  ): FetchDecision {
    const line = this.robot!.getMatchingLineNumber(`${this.origin}${normalised}`, ua);
    const rule = line > 0 ? this.ruleByLine.get(line) : undefined;
    const who = groupCount === 0 ? 'no group applies' : named ? `group "${token}"` : 'the "*" group';
    if (!rule)
      return {
        allowed: true,
        basis: 'no-rule',
        group: groupAgents,
        named,
        reason: `no rule of ${who} matches ${path}: allowed`,
      };
    return {
      allowed: rule.allow,
      basis: 'rule',
      rule,
      group: groupAgents,
      named,
      reason: `robots.txt line ${rule.line} (${who}): "${rule.raw.trim()}" ${rule.allow ? 'allows' : 'disallows'} ${path}`,
    };
  }
}

function availabilityOf(status: number, flags: Flag[]): RobotsAvailability {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) {
    // Rate-limited is not "no file": like Google, treat it as unreachable rather than as permission.
    flags.push(
      flag('robots_unreachable', `HTTP 429: treated as unreachable (complete disallow), not as a missing file`),
    );
    return 'unreachable';
  }
  if (status >= 300 && status < 400) {
    flags.push(
      flag(
        'robots_redirect_not_followed',
        `HTTP ${status}: the redirect was not followed by the caller; treated as unavailable (RFC 9309 §2.3.1.2)`,
      ),
    );
    return 'unavailable';
  }
  if (status >= 400 && status < 500) {
    flags.push(flag('robots_unavailable', `HTTP ${status}: robots.txt unavailable, no crawl restrictions`));
    return 'unavailable';
  }
  flags.push(flag('robots_unreachable', `HTTP ${status}: robots.txt unreachable, complete disallow assumed`));
  return 'unreachable';
}
