/** The verdict on one request: allowed, or refused with the seconds until a token is available. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket { tokens: number; at: number }

/**
 * A token bucket per caller: `perMinute` tokens refill evenly over a minute, and a caller may burst up to
 * `perMinute` requests. Buckets idle long enough to be full again are forgotten, so memory stays bounded by the number
 * of callers active in the last minute. `perMinute` 0 allows everything.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Takes one token from `caller`'s bucket. */
  take(caller: string): RateVerdict {
    if (this.perMinute <= 0) return { allowed: true };
    const now = this.now();
    this.sweep(now);
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [caller, bucket] of this.buckets) {
      if (now - bucket.at >= 60_000) this.buckets.delete(caller);
    }
  }
}
