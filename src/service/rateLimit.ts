/**
 * Token bucket per API key: `perSecond` tokens refill continuously up to `burst`; each request takes one.
 * In memory, per process (one service process per database file is the deployment this targets).
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until one token is available again (when refused). */
  retryAfter: number;
}

export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0;
  }

  take(keyId: number): RateDecision {
    const limit = Math.max(1, Math.floor(this.burst));
    if (!this.enabled) return { allowed: true, limit, remaining: limit, retryAfter: 0 };
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(keyId) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(keyId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, limit, remaining: Math.floor(b.tokens), retryAfter: 0 };
    }
    return { allowed: false, limit, remaining: 0, retryAfter: Math.ceil((1 - b.tokens) / this.perSecond) };
  }

  /** Forget full buckets now and then, so revoked or idle keys do not accumulate. */
  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
  }
}
