/** What a companion keeps on disk for one snapshot. */
export interface CompanionItem {
  /** The snapshot it was derived from: `<domain>.<product>@<version>@<snapshotId>` ({@link snapshotRefId}). */
  snapshot: string;
  /** Bytes on disk now. */
  bytes: number;
  /** When it was last used ({@link nextUseTime}); a use of the item, not of the snapshot's files. */
  lastUsed: number;
  /** Being written, or read by a statement now: neither it nor its snapshot's cached files are evicted. */
  busy: boolean;
}

/**
 * Local files derived from snapshots and kept beside the snapshot cache (today the DuckDB lookup copies,
 * engine/duckdb/lookupTables.ts), bounded by the same `cacheMaxBytes` and evicted by the same least-recently-used
 * rule as the cached snapshots themselves.
 *
 * Why the cache asks and the companion answers: only the cache knows the bound and every byte under it, so only it can
 * choose what goes; only the companion knows whether one of its files is being read (an ATTACHed database a
 * statement uses) and how to let go of it safely. The cache therefore never touches a companion's files: it asks for
 * the items and tells the companion which snapshot to drop; the companion tells the cache when it grew, so the cache
 * can fit again.
 */
export interface CacheCompanion {
  /** Everything it keeps now, one item per snapshot. */
  items(): Promise<readonly CompanionItem[]>;
  /**
   * Removes what it keeps of the snapshot (nothing when it keeps nothing): at once when idle, else as soon as the last
   * reader is done, no new reader getting it meanwhile. It is built again when next needed. Resolves with the bytes
   * that go (now, or with the last reader): 0 when nothing does (kept nothing, being written, already going).
   */
  drop(snapshot: string): Promise<number>;
  /**
   * Registers the cache's listener, called after an item was written (with its snapshot), so the cache fits again;
   * the companion awaits it before it uses the item.
   */
  onGrow(listener: (snapshot: string) => Promise<void>): void;
}
