/** The verdict on one charge: allowed or not, with what is left and when the bucket is full again. */
export interface RateVerdict {
  allowed: boolean;
  /** Whole units left after this charge (all of them when refused: nothing was taken). */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until the charge would be allowed. */
  retryAfterSeconds?: number;
}

interface Bucket { tokens: number; at: number; perMinute: number }

const MINUTE_MS = 60_000;

/**
 * Token buckets by key: a bucket of `perMinute` units refills evenly over a minute, so a caller may burst up to
 * `perMinute` units and then goes at the refill rate. Each call says the bucket's size (limits differ per API key) and
 * how many units it takes (1 for a request, the estimated rows for the rows quota). Buckets idle long enough to be full
 * again are forgotten, so memory stays bounded by the keys active in the last minute. `perMinute` 0 allows everything.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes `units` from `key`'s bucket when it holds that many. A charge larger than the bucket is capped at its size,
   * so it passes once the bucket is full rather than never.
   */
  take(key: string, perMinute: number, units = 1): RateVerdict {
    return this.charge(key, perMinute, units, true);
  }

  /** The verdict `take` would give, without taking anything. */
  peek(key: string, perMinute: number, units = 1): RateVerdict {
    return this.charge(key, perMinute, units, false);
  }

  private charge(key: string, perMinute: number, units: number, consume: boolean): RateVerdict {
    if (perMinute <= 0) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetSeconds: 0 };
    const now = this.now();
    this.sweep(now);
    const ratePerMs = perMinute / MINUTE_MS;
    const previous = this.buckets.get(key);
    // A bucket whose limit changed (a reloaded keys file) starts from the same fill level, within the new size.
    const tokens = Math.min(perMinute, previous ? previous.tokens + (now - previous.at) * ratePerMs : perMinute);
    const need = Math.min(Math.max(0, units), perMinute);
    const allowed = tokens >= need;
    const left = allowed && consume ? tokens - need : tokens;
    if (consume || previous) this.buckets.set(key, { tokens: left, at: now, perMinute });
    const resetSeconds = Math.ceil((perMinute - left) / ratePerMs / 1000);
    if (allowed) return { allowed, remaining: Math.floor(left), resetSeconds };
    return { allowed, remaining: Math.floor(left), resetSeconds, retryAfterSeconds: Math.max(1, Math.ceil((need - tokens) / ratePerMs / 1000)) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= MINUTE_MS) this.buckets.delete(key);
    }
  }
}
