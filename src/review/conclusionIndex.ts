import type { Kysely } from 'kysely';
import type { Verdict } from '../model/verdict.js';
import { conclusionsVersion, hostAndParents, listActiveConclusions } from '../store/review/conclusions.js';
import type { Database } from '../store/schema.js';
import type { Conclusion } from './conclusion.js';
import { applyConclusions, type Rescore } from './overlay.js';
import { applicableConclusions } from './scope.js';

/**
 * Active conclusions held in memory, keyed by the host names their scopes touch, so that a check (the
 * service's hot path) finds the conclusions for its URL without a query. Reloaded when the store's
 * conclusions version moves (checked at most every `recheckMs`) or when this process changed a
 * conclusion (`invalidate`). Expiry is evaluated at lookup time, so an expired conclusion stops applying
 * at once even before a reload.
 */
export class ConclusionIndex {
  private byHost = new Map<string, Conclusion[]>();
  private version: string | null = null;
  private checkedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly recheckMs = 1000,
  ) {}

  invalidate(): void {
    this.version = null;
    this.checkedAt = 0;
  }

  private async refresh(): Promise<void> {
    const now = Date.now();
    if (this.version !== null && now - this.checkedAt < this.recheckMs) return;
    this.loading ??= (async () => {
      try {
        const v = await conclusionsVersion(this.db);
        if (v !== this.version) {
          const byHost = new Map<string, Conclusion[]>();
          for (const { conclusion, targets } of await listActiveConclusions(this.db)) {
            for (const t of targets) {
              const list = byHost.get(t) ?? [];
              list.push(conclusion);
              byHost.set(t, list);
            }
          }
          this.byHost = byHost;
          this.version = v;
        }
        this.checkedAt = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  /** Every loaded conclusion whose scope may touch this host (not yet filtered by scope or expiry). */
  candidates(host: string): Conclusion[] {
    const seen = new Set<string>();
    const out: Conclusion[] = [];
    for (const h of hostAndParents(host))
      for (const c of this.byHost.get(h) ?? [])
        if (!seen.has(c.id)) {
          seen.add(c.id);
          out.push(c);
        }
    return out;
  }

  /** The conclusions that apply to a URL now, most specific first. */
  async forUrl(url: string, now = new Date()): Promise<Conclusion[]> {
    await this.refresh();
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return [];
    }
    return applicableConclusions(this.candidates(host), url, now);
  }

  /** A synchronous view for callers that refreshed already (the sync loop). */
  applicableNow(url: string, now: Date): Conclusion[] {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return [];
    }
    return applicableConclusions(this.candidates(host), url, now);
  }

  async ensureFresh(): Promise<void> {
    await this.refresh();
  }

  /**
   * The verdict a caller should see: the detected one with the most specific active conclusion laid
   * over it (`concluded` set on it and on its evidence), or the detected one unchanged.
   */
  async conclude(detected: Verdict, rescore: Rescore, now = new Date()): Promise<Verdict> {
    if (!detected.url) return detected;
    const list = await this.forUrl(detected.url, now);
    return list.length > 0 ? applyConclusions(detected, list, rescore, now) : detected;
  }
}
