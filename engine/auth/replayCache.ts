/** Most signatures a subgraph process remembers at once. @default 200000 (a few tens of MB at most) */
export const DEFAULT_REPLAY_CACHE_ENTRIES = 200_000;

interface Seen { timestamp: number; expires: number }

/**
 * The nonces of the signed requests a process accepted, each kept until its signature expires, so a captured
 * request cannot be sent again. Bounded: when full, the oldest entries are dropped and every signature made at or
 * before the newest dropped one is refused from then on, so dropping never lets a replay through.
 */
export class ReplayCache {
  private readonly seen = new Map<string, Seen>();
  /** Signatures made at or before this time may have been forgotten: refuse them. */
  private floor = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxEntries: number = DEFAULT_REPLAY_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`expected a positive whole number of entries, got ${maxEntries}`);
  }

  /**
   * Records a signature's nonce.
   * @param timestamp when the signature was made (epoch ms).
   * @param expires after when it is refused anyway (epoch ms), so it need not be remembered past it.
   * @returns false when the nonce was seen before, or the signature is too old for the cache to tell.
   */
  admit(nonce: string, timestamp: number, expires: number, now: number): boolean {
    if (timestamp <= this.floor) return false;
    this.dropExpired(now);
    if (this.seen.has(nonce)) return false;
    while (this.seen.size >= this.maxEntries) {
      const [oldest, entry] = this.seen.entries().next().value as [string, Seen];
      this.seen.delete(oldest);
      if (entry.expires >= now) this.floor = Math.max(this.floor, entry.timestamp);
    }
    this.seen.set(nonce, { timestamp, expires });
    return true;
  }

  /** How many signatures are remembered. */
  get size(): number {
    return this.seen.size;
  }

  // Entries are in arrival order, which is close to expiry order: dropping from the front until one is still valid
  // costs O(1) per request; the odd longer-lived entry in front only delays the others until the size bound.
  private dropExpired(now: number): void {
    for (const [nonce, entry] of this.seen) {
      if (entry.expires >= now) return;
      this.seen.delete(nonce);
    }
  }
}
