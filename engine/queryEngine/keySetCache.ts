import type { KeyMembership } from './packedKeySet';

/**
 * The key sets of snapshots, each loaded once and kept while the total number of keys held stays within a bound
 * (the oldest set loaded is dropped first). Snapshots are immutable, so a key set never needs invalidating: it is
 * keyed by product, version and snapshot id.
 */
export class KeySetCache {
  private readonly sets = new Map<string, { keys: Promise<KeyMembership>; size: number }>();
  private held = 0;

  /** @param maxKeys most keys held over all sets; a snapshot with more rows is never cached. */
  constructor(readonly maxKeys: number) {}

  /** Whether a snapshot of `rows` rows is small enough to hold. */
  fits(rows: number): boolean {
    return rows <= this.maxKeys;
  }

  /**
   * The key set of a snapshot, loaded with `load` the first time (concurrent callers share one load; a failed load
   * is forgotten, so the next caller tries again).
   */
  get(id: string, rows: number, load: () => Promise<KeyMembership>): Promise<KeyMembership> {
    const hit = this.sets.get(id);
    if (hit) return hit.keys;
    const keys = load();
    this.sets.set(id, { keys, size: rows });
    this.held += rows;
    // Forget only this load: the set may have been evicted and loaded again meanwhile.
    keys.catch(() => { if (this.sets.get(id)?.keys === keys) this.forget(id); });
    while (this.held > this.maxKeys && this.sets.size > 1) this.forget(this.sets.keys().next().value as string);
    return keys;
  }

  private forget(id: string): void {
    const entry = this.sets.get(id);
    if (!entry) return;
    this.sets.delete(id);
    this.held -= entry.size;
  }
}
