import type { Manifest } from './manifest';
import type { ProductVersionRef } from './snapshotLayout';
import type { SnapshotReader } from './snapshotReader';

/** Options of a {@link SnapshotIndex}. */
export interface SnapshotIndexOptions {
  /** How long a listing of a product version is trusted before the store is listed again (0: every time). */
  refreshMs: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface Listing { at: number; ids: Promise<string[]> }

/**
 * A process's one index of committed snapshots: the ids of each product version, listed from the store and trusted
 * for `refreshMs` (a new publish shows up within that time without listing the store per request); concurrent
 * askers share one listing, and a failed listing is forgotten so the next ask lists again. Manifests are immutable
 * and cached by the reader. The gateway pins requests to it, the query engine resolves snapshots from it, and the
 * catalog lists versions' snapshots from it.
 */
export class SnapshotIndex {
  private readonly listings = new Map<string, Listing>();
  private readonly now: () => number;

  constructor(readonly reader: SnapshotReader, private readonly options: SnapshotIndexOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The committed snapshot ids of a product version, oldest first; `fresh` lists the store even when the last
   * listing is still trusted (to learn of a snapshot newer than it).
   * @throws what the store throws when it cannot be listed.
   */
  ids(ref: ProductVersionRef, fresh = false): Promise<string[]> {
    const key = `${ref.domain}/${ref.product}/${ref.version}`;
    const cached = this.listings.get(key);
    if (cached && !fresh && this.now() - cached.at < this.options.refreshMs) return cached.ids;
    const ids = this.reader.listSnapshotIds(ref);
    const listing = { at: this.now(), ids };
    this.listings.set(key, listing);
    ids.catch(() => {
      if (this.listings.get(key) === listing) this.listings.delete(key);
    });
    return ids;
  }

  /** The newest committed snapshot id of a product version, or undefined when it was never published. */
  async latestId(ref: ProductVersionRef): Promise<string | undefined> {
    const ids = await this.ids(ref);
    return ids[ids.length - 1];
  }

  /** The manifests of a product version's committed snapshots, newest first. */
  async manifests(ref: ProductVersionRef): Promise<Manifest[]> {
    const ids = await this.ids(ref);
    return Promise.all([...ids].reverse().map((id) => this.reader.manifest(ref, id)));
  }
}
