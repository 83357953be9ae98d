import { type Kysely, sql } from 'kysely';
import { type Engine, rescoreWith } from '../engine/engine.js';
import type { Conclusion, Scope } from '../model/conclusion.js';
import { type Permission, USES, type Use, type UseMap } from '../model/uses.js';
import type { Conflict, Verdict } from '../model/verdict.js';
import { ConclusionSet } from '../review/conclusionIndex.js';
import { conclusionsAsOf, listConclusionEntries } from '../review/db/conclusions.js';
import { loadVerdicts } from '../review/db/verdictLoad.js';
import { overlayConclusion } from '../review/overlay.js';
import { domainCondition } from '../review/sync.js';
import { packageVersion } from '../rules/root.js';
import { isoNow } from '../store/hash.js';
import type { Store } from '../store/open.js';
import { USE_COLUMNS, usesOfRow, type VerdictRow } from '../store/repos/verdicts.js';
import type { Database } from '../store/schema.js';

/**
 * The audit report: for every URL, the verdict in force at the end of the time range (its latest
 * decision up to `to`, if that decision lies in [from, to]) and the human conclusion in force at that
 * moment (made by then, not revoked or expired by then), with the effective result. A report "as of" a
 * past date therefore shows what the pipeline was told then, not what is known now.
 *
 * Two streaming passes over the database in pages of PAGE verdicts: the first counts (the header comes
 * first), the second loads evidence and emits items. Memory stays flat whatever the number of items.
 */
export interface ReportOptions {
  profile: string;
  /** decided_at range, ISO; `to` defaults to the generation time. */
  from?: string;
  to?: string;
  /** Only this domain and its sub-domains. */
  domain?: string;
  /** Effective-state filters. */
  use?: Use;
  outcome?: Permission;
  exclude?: 'training' | 'redistribution' | 'any' | 'none';
  /** Only what the engine flagged for review. */
  flaggedOnly?: boolean;
  now?: Date;
}

export interface ReportCounts {
  items: number;
  exclude_training: number;
  exclude_redistribution: number;
  /** Items a human conclusion decided, by action. */
  concluded: number;
  by_action: Record<string, number>;
  /** Items whose effective exclusion differs from the detected one. */
  changed_by_conclusion: number;
  flagged: number;
  conflicts: number;
}

export interface ReportHeader {
  report: 'clearance-audit-report';
  format_version: 1;
  tool: { name: 'clearance'; version: string };
  rules: { version: string; hash: string };
  profile: string;
  range: { from: string | null; to: string };
  filters: {
    domain: string | null;
    use: Use | null;
    outcome: Permission | null;
    exclude: string | null;
    flagged_only: boolean;
  };
  generated_at: string;
  counts: ReportCounts;
}

export interface ReportConclusion {
  id: string;
  action: string;
  reason: string;
  comment: string;
  scope: Scope;
  by: string;
  at: string;
  expires_at: string | null;
  licence_ref: string | null;
  permissions: Partial<Record<Use, Permission>> | null;
  evidence_ids: string[] | null;
}

export interface ReportEvidence {
  id: string;
  signal: string;
  confidence: number;
  machine_readable: boolean;
  decisive: boolean;
  excerpt: string;
}

export interface ReportItem {
  url: string;
  domain: string;
  verdict_id: number;
  decided_at: string;
  rules_version: string;
  language: string | null;
  detected: { uses: UseMap; exclude: { training: boolean; redistribution: boolean } };
  effective: { uses: UseMap; exclude: { training: boolean; redistribution: boolean } };
  decided_by: Partial<Record<Use, string[]>>;
  evidence: ReportEvidence[];
  conflicts: { use: Use; code: string; resolved: Permission }[];
  flagged: boolean;
  min_confidence: number | null;
  conclusion: ReportConclusion | null;
}

type Row = Pick<
  VerdictRow,
  | 'id'
  | 'url'
  | 'domain'
  | 'decided_at'
  | 'rules_version'
  | 'language'
  | 'flagged'
  | 'has_conflicts'
  | 'min_confidence'
  | 'exclude_training'
  | 'exclude_redistribution'
  | (typeof USE_COLUMNS)[Use]
>;

const COLS = [
  'v.id',
  'v.url',
  'v.domain',
  'v.decided_at',
  'v.rules_version',
  'v.language',
  'v.flagged',
  'v.has_conflicts',
  'v.min_confidence',
  'v.exclude_training',
  'v.exclude_redistribution',
  ...Object.values(USE_COLUMNS).map((c) => `v.${c}` as const),
] as const;

const PAGE = 500;

/** One page of the verdicts in force at `to`, after the (decided_at, id) cursor. */
async function page(
  db: Kysely<Database>,
  o: ReportOptions,
  to: string,
  after: { at: string; id: number } | null,
): Promise<Row[]> {
  let q = db
    .selectFrom('verdicts as v')
    .select(COLS)
    .where('v.profile', '=', o.profile)
    .where('v.decided_at', '<=', to)
    // The URL's latest decision up to `to` (verdicts_url index: url, decided_at, id).
    .where(
      'v.id',
      '=',
      sql<number>`(select v2.id from verdicts v2 where v2.url = v.url and v2.profile = v.profile and v2.decided_at <= ${to} order by v2.decided_at desc, v2.id desc limit 1)`,
    );
  if (o.from) q = q.where('v.decided_at', '>=', o.from);
  if (o.domain) q = q.where(domainCondition([o.domain]));
  if (o.flaggedOnly) q = q.where('v.flagged', '=', 1);
  if (after) q = q.where(sql<boolean>`(v.decided_at, v.id) > (${after.at}, ${after.id})`);
  return (await q.orderBy('v.decided_at').orderBy('v.id').limit(PAGE).execute()) as Row[];
}

interface Entry {
  row: Row;
  detectedUses: UseMap;
  detectedExclude: { training: boolean; redistribution: boolean };
  effective: { uses: UseMap; exclude: { training: boolean; redistribution: boolean } };
  conclusion: Conclusion | null;
  /** The detected verdict, loaded when evidence was asked for or a conclusion needed it. */
  verdict: Verdict | null;
}

function matches(o: ReportOptions, e: Entry['effective']): boolean {
  if (o.use && o.outcome && e.uses[o.use] !== o.outcome) return false;
  if (!o.use && o.outcome && !USES.some((u) => e.uses[u] === o.outcome)) return false;
  if (o.use && !o.outcome && e.uses[o.use] !== 'denied' && e.uses[o.use] !== 'conditional') return false;
  if (o.exclude === 'training' && !e.exclude.training) return false;
  if (o.exclude === 'redistribution' && !e.exclude.redistribution) return false;
  if (o.exclude === 'any' && !e.exclude.training && !e.exclude.redistribution) return false;
  if (o.exclude === 'none' && (e.exclude.training || e.exclude.redistribution)) return false;
  return true;
}

export class ReportSource {
  private readonly rescore;
  readonly to: string;
  readonly generatedAt: string;

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    readonly options: ReportOptions,
  ) {
    this.rescore = rescoreWith(engine);
    this.generatedAt = isoNow(options.now);
    this.to = options.to && options.to < this.generatedAt ? options.to : this.generatedAt;
  }

  private conclusions: ConclusionSet | null = null;

  private async conclusionSet(): Promise<ConclusionSet> {
    this.conclusions ??= new ConclusionSet(conclusionsAsOf(await listConclusionEntries(this.store.db), this.to));
    return this.conclusions;
  }

  /** Every matching entry, page by page; `withEvidence` loads full verdicts for all, not only concluded ones. */
  async *entries(withEvidence: boolean): AsyncGenerator<Entry> {
    const set = await this.conclusionSet();
    const at = new Date(this.to);
    let after: { at: string; id: number } | null = null;
    while (true) {
      const rows = await page(this.store.db, this.options, this.to, after);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.decided_at, id: last.id };
      const tops = new Map<number, Conclusion>();
      for (const r of rows) {
        const [top] = set.applicable(r.url, at);
        if (top) tops.set(r.id, top);
      }
      const need = withEvidence ? rows.map((r) => r.id) : [...tops.keys()];
      const full = need.length > 0 ? await loadVerdicts(this.store.db, need) : new Map<number, Verdict>();
      for (const row of rows) {
        const detectedUses = usesOfRow(row);
        const detectedExclude = {
          training: row.exclude_training === 1,
          redistribution: row.exclude_redistribution === 1,
        };
        const conclusion = tops.get(row.id) ?? null;
        const verdict = full.get(row.id) ?? null;
        let effective = { uses: detectedUses, exclude: detectedExclude };
        if (conclusion && verdict) {
          try {
            const v = overlayConclusion(verdict, conclusion, this.rescore);
            effective = { uses: v.uses, exclude: v.exclude };
          } catch {
            // The verdict's profile no longer exists: the detected result stands, the conclusion is still shown.
          }
        }
        if (!matches(this.options, effective)) continue;
        yield { row, detectedUses, detectedExclude, effective, conclusion, verdict };
      }
      if (rows.length < PAGE) return;
    }
  }

  async header(): Promise<ReportHeader> {
    const counts: ReportCounts = {
      items: 0,
      exclude_training: 0,
      exclude_redistribution: 0,
      concluded: 0,
      by_action: {},
      changed_by_conclusion: 0,
      flagged: 0,
      conflicts: 0,
    };
    for await (const e of this.entries(false)) {
      counts.items++;
      if (e.effective.exclude.training) counts.exclude_training++;
      if (e.effective.exclude.redistribution) counts.exclude_redistribution++;
      if (e.row.flagged === 1) counts.flagged++;
      if (e.row.has_conflicts === 1) counts.conflicts++;
      if (e.conclusion) {
        counts.concluded++;
        counts.by_action[e.conclusion.action] = (counts.by_action[e.conclusion.action] ?? 0) + 1;
        if (
          e.effective.exclude.training !== e.detectedExclude.training ||
          e.effective.exclude.redistribution !== e.detectedExclude.redistribution
        )
          counts.changed_by_conclusion++;
      }
    }
    const o = this.options;
    return {
      report: 'clearance-audit-report',
      format_version: 1,
      tool: { name: 'clearance', version: packageVersion() },
      rules: { version: this.engine.resources.rulesVersion, hash: this.engine.resources.rulesHash },
      profile: o.profile,
      range: { from: o.from ?? null, to: this.to },
      filters: {
        domain: o.domain ?? null,
        use: o.use ?? null,
        outcome: o.outcome ?? null,
        exclude: o.exclude ?? null,
        flagged_only: o.flaggedOnly ?? false,
      },
      generated_at: this.generatedAt,
      counts,
    };
  }

  async *items(): AsyncGenerator<ReportItem> {
    for await (const e of this.entries(true)) yield toItem(e);
  }
}

function reportConclusion(c: Conclusion): ReportConclusion {
  return {
    id: c.id,
    action: c.action,
    reason: c.reason,
    comment: c.comment,
    scope: c.scope,
    by: c.createdBy,
    at: c.createdAt,
    expires_at: c.expiresAt ?? null,
    licence_ref: c.licenceRef ?? null,
    permissions: c.permissions ?? null,
    evidence_ids: c.evidenceIds ?? null,
  };
}

function toItem(e: Entry): ReportItem {
  const v = e.verdict;
  const decidedBy = v?.decidedBy ?? {};
  const decisive = new Set(Object.values(decidedBy).flat());
  return {
    url: e.row.url,
    domain: e.row.domain,
    verdict_id: e.row.id,
    decided_at: e.row.decided_at,
    rules_version: e.row.rules_version,
    language: e.row.language,
    detected: { uses: e.detectedUses, exclude: e.detectedExclude },
    effective: e.effective,
    decided_by: decidedBy,
    evidence: (v?.evidence ?? []).map((ev) => ({
      id: ev.id,
      signal: ev.signal,
      confidence: ev.confidence,
      machine_readable: ev.machineReadable,
      decisive: decisive.has(ev.id),
      excerpt: ev.excerpt,
    })),
    conflicts: (v?.conflicts ?? []).map((c: Conflict) => ({ use: c.use, code: c.code, resolved: c.resolved })),
    flagged: e.row.flagged === 1,
    min_confidence: e.row.min_confidence,
    conclusion: e.conclusion ? reportConclusion(e.conclusion) : null,
  };
}
