import type { CacheCompanion, CompanionItem } from './cacheCompanion';

/** One cached snapshot folder, as eviction sees it. */
export interface CachedFolder {
  folder: string;
  /** Its snapshot's id ({@link snapshotRefId}). */
  snapshot: string;
  bytes: number;
  lastUsed: number;
}

/** What {@link evictToFit} weighs. */
export interface EvictionInput {
  folders: readonly CachedFolder[];
  companions: readonly CacheCompanion[];
  maxBytes: number;
  /** A folder used after this time is kept: a query may still read the paths it was given. */
  idleSince: number;
  /** The snapshot just fetched or derived: nothing of it is evicted. */
  keep: string;
  removeFolder(folder: CachedFolder): Promise<void>;
}

interface Candidate {
  lastUsed: number;
  bytes: number;
  evictable: boolean;
  remove(): Promise<number>;
}

/**
 * Removes least recently used things until the cached folders and every companion's items fit in `maxBytes`: a whole
 * snapshot folder (with whatever companions derived from it: a copy of files no longer cached has no snapshot left to
 * serve) or one companion item. Never the kept snapshot, nor a folder used after `idleSince`, nor a busy item or the
 * folder of its snapshot. A companion item needs no minimum age: unlike the paths the cache hands out, its readers are
 * known (`busy`). When nothing more may go, the cache stays over its bound until the next fit.
 */
export async function evictToFit(input: EvictionInput): Promise<void> {
  const items = (await Promise.all(input.companions.map(async (companion) => (await companion.items()).map((item) => ({ companion, item }))))).flat();
  const busy = new Set(items.filter((x) => x.item.busy).map((x) => x.item.snapshot));
  const gone = new Set<CompanionItem>();
  const dropItem = async ({ companion, item }: { companion: CacheCompanion; item: CompanionItem }): Promise<number> => {
    if (gone.has(item)) return 0;
    gone.add(item);
    return companion.drop(item.snapshot);
  };
  const candidates: Candidate[] = [
    ...input.folders.map((f) => ({
      lastUsed: f.lastUsed, bytes: f.bytes,
      evictable: f.snapshot !== input.keep && f.lastUsed <= input.idleSince && !busy.has(f.snapshot),
      remove: async () => {
        await input.removeFolder(f);
        let freed = f.bytes;
        for (const x of items) if (x.item.snapshot === f.snapshot) freed += await dropItem(x);
        return freed;
      },
    })),
    ...items.map((x) => ({ lastUsed: x.item.lastUsed, bytes: x.item.bytes, evictable: !x.item.busy && x.item.snapshot !== input.keep, remove: () => dropItem(x) })),
  ].sort((a, b) => a.lastUsed - b.lastUsed);
  let total = candidates.reduce((n, c) => n + c.bytes, 0);
  for (const c of candidates) {
    if (total <= input.maxBytes) break;
    if (!c.evictable) continue;
    // One thing that cannot go (a detach refused, a file held) must not keep the rest from going; the next fit retries it.
    total -= await c.remove().catch(() => 0);
  }
}
