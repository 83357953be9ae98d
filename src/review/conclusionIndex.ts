import type { Kysely } from 'kysely';
import type { Conclusion } from '../model/conclusion.js';
import type { Verdict } from '../model/verdict.js';
import type { Database } from '../store/schema.js';
import { conclusionsVersion, hostAndParents, listActiveConclusions } from './db/conclusions.js';
import { applyConclusions, type Rescore } from './overlay.js';
import { applicableConclusions } from './scope.js';

/**
 * A set of conclusions keyed for lookup by URL: page conclusions by their URL (bulk actions make
 * thousands on one host, so they must not be tried one by one against every page of that host), the
 * others by the host names their scopes touch. Finding the ones for a URL is a few map lookups.
 */
export class ConclusionSet {
  private readonly byUrl = new Map<string, Conclusion[]>();
  private readonly byHost = new Map<string, Conclusion[]>();

  constructor(entries: readonly { conclusion: Conclusion; targets: readonly string[] }[]) {
    for (const { conclusion, targets } of entries) {
      if (conclusion.scope.kind === 'page') {
        const key = pageKey(conclusion.scope.url);
        if (key !== null) push(this.byUrl, key, conclusion);
        continue;
      }
      for (const t of targets) push(this.byHost, t, conclusion);
    }
  }

  /** Every conclusion whose scope may touch this URL (not yet filtered by scope or expiry). */
  candidates(url: URL): Conclusion[] {
    const seen = new Set<string>();
    const out: Conclusion[] = [];
    const add = (list: Conclusion[] | undefined) => {
      for (const c of list ?? [])
        if (!seen.has(c.id)) {
          seen.add(c.id);
          out.push(c);
        }
    };
    add(this.byUrl.get(pageKey(url.toString()) ?? ''));
    for (const h of hostAndParents(url.hostname)) add(this.byHost.get(h));
    return out;
  }

  /** The conclusions in force for a URL at `now`, most specific first. */
  applicable(url: string, now: Date): Conclusion[] {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return [];
    }
    return applicableConclusions(this.candidates(u), url, now);
  }
}

function push(map: Map<string, Conclusion[]>, key: string, c: Conclusion): void {
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}

/** A page URL as page scopes compare it (fragment dropped, WHATWG-serialised). */
function pageKey(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

/**
 * Active conclusions held in memory, keyed by the host names their scopes touch, so that a check (the
 * service's hot path) finds the conclusions for its URL without a query. Reloaded when the store's
 * conclusions version moves (checked at most every `recheckMs`) or when this process changed a
 * conclusion (`invalidate`). Expiry is evaluated at lookup time, so an expired conclusion stops applying
 * at once even before a reload.
 */
export class ConclusionIndex {
  private set = new ConclusionSet([]);
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
    if (this.version !== null && Date.now() - this.checkedAt < this.recheckMs) return;
    this.loading ??= (async () => {
      try {
        const v = await conclusionsVersion(this.db);
        if (v !== this.version) {
          this.set = new ConclusionSet(await listActiveConclusions(this.db));
          this.version = v;
        }
        this.checkedAt = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  async ensureFresh(): Promise<void> {
    await this.refresh();
  }

  /** The conclusions that apply to a URL now, most specific first. */
  async forUrl(url: string, now = new Date()): Promise<Conclusion[]> {
    await this.refresh();
    return this.set.applicable(url, now);
  }

  /** A synchronous view for callers that refreshed already (the sync loop). */
  applicableNow(url: string, now: Date): Conclusion[] {
    return this.set.applicable(url, now);
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
