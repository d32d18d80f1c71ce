import type { ProductContract } from '../engine/contract/types';
import { qualifiedName } from '../engine/contract/types';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { pinKey } from '../engine/snapshot/snapshotPins';
import type { ProductVersionRef } from '../engine/snapshot/snapshotLayout';
import type { SnapshotReader } from '../engine/snapshot/snapshotReader';

/** Options of a {@link SnapshotIndex}. */
export interface SnapshotIndexOptions {
  /** How long the index is trusted before the store is listed again (0: list for every request). */
  refreshMs: number;
  /** Told when listing a product version failed (its previous pin, if any, stays in use). */
  onError?: (ref: ProductVersionRef, err: unknown) => void;
  /**
   * Longest a request waits for a listing of a stalled store; past it the request goes on with the previous pins (or
   * none: each subgraph then picks the latest itself) while the listing finishes in the background. @default 2000
   */
  waitMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface Listed { at: number; pins: SnapshotPins }

/**
 * The gateway's index of the latest committed snapshot of every live product version, listed from the store and
 * trusted for `refreshMs` (so a new publish is read within that time, as the subgraphs did on their own). Each request
 * takes the index once ({@link pins}) and carries it to every subgraph it calls, so all of them read the same
 * snapshots even while a publish lands. Concurrent requests share one listing.
 */
export class SnapshotIndex {
  private refs: ProductVersionRef[];
  private listed: Listed | undefined;
  private listing: Promise<Listed> | undefined;
  private readonly now: () => number;

  constructor(contracts: readonly ProductContract[], private readonly reader: SnapshotReader, private readonly options: SnapshotIndexOptions) {
    this.refs = liveVersions(contracts);
    this.now = options.now ?? Date.now;
  }

  /** Follows a new set of contracts (a changed supergraph); the next {@link pins} lists the store again. */
  setContracts(contracts: readonly ProductContract[]): void {
    this.refs = liveVersions(contracts);
    this.listed = undefined;
  }

  /**
   * The latest committed snapshot id per `<domain>.<product>@<version>`. A version never published has no pin (its
   * subgraph says so); one whose listing failed keeps its previous pin, or has none. Never rejects.
   */
  async pins(): Promise<SnapshotPins> {
    const listed = this.listed;
    if (listed && this.now() - listed.at < this.options.refreshMs) return listed.pins;
    this.listing ??= this.list(listed).finally(() => {
      this.listing = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<SnapshotPins>((resolve) => {
      timer = setTimeout(() => resolve(listed?.pins ?? {}), this.options.waitMs ?? 2000);
      timer.unref();
    });
    try {
      return await Promise.race([this.listing.then((l) => l.pins), stalled]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async list(previous: Listed | undefined): Promise<Listed> {
    const at = this.now();
    const refs = this.refs;
    const found = await Promise.all(refs.map(async (ref): Promise<[string, string | undefined]> => {
      const key = pinKey(qualifiedName(ref), ref.version);
      try {
        const ids = await this.reader.listSnapshotIds(ref);
        return [key, ids[ids.length - 1]];
      } catch (err) {
        this.options.onError?.(ref, err);
        return [key, previous?.pins[key]];
      }
    }));
    const pins: Record<string, string> = {};
    for (const [key, id] of found) if (id) pins[key] = id;
    const listed = { at, pins: Object.freeze(pins) };
    // A listing started before the contracts changed describes the old set: do not keep it.
    if (refs === this.refs) this.listed = listed;
    return listed;
  }
}

function liveVersions(contracts: readonly ProductContract[]): ProductVersionRef[] {
  return contracts.flatMap((c) => c.versions.filter((v) => v.status !== 'retired')
    .map((v) => ({ domain: c.domain, product: c.product, version: v.version })));
}
