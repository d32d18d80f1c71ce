import type { ProductContract } from '../engine/contract/types';
import { qualifiedName } from '../engine/contract/types';
import type { SnapshotIndex } from '../engine/snapshot/snapshotIndex';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { pinKey } from '../engine/snapshot/snapshotPins';
import type { ProductVersionRef } from '../engine/snapshot/snapshotLayout';

/** Options of {@link RequestPins}. */
export interface RequestPinsOptions {
  /** Told when listing a product version failed (its previous pin, if any, stays in use). */
  onError?: (ref: ProductVersionRef, err: unknown) => void;
  /**
   * Longest a request waits for a listing of a stalled store; past it the request goes on with the previous pins (or
   * none: each subgraph then picks the latest itself) while the listing finishes in the background. @default 2000
   */
  waitMs?: number;
}

/**
 * The snapshot each request reads of every live product version: the latest committed one in the gateway's
 * {@link SnapshotIndex} when the request arrives. Each request takes them once ({@link pins}) and carries them to
 * every subgraph it calls, so all of them read the same snapshots even while a publish lands.
 */
export class RequestPins {
  private refs: ProductVersionRef[];
  private previous: SnapshotPins = {};

  constructor(contracts: readonly ProductContract[], private readonly index: SnapshotIndex, private readonly options: RequestPinsOptions = {}) {
    this.refs = liveVersions(contracts);
  }

  /** Follows a new set of contracts (a changed supergraph). */
  setContracts(contracts: readonly ProductContract[]): void {
    this.refs = liveVersions(contracts);
  }

  /**
   * The latest committed snapshot id per `<domain>.<product>@<version>`. A version never published has no pin (its
   * subgraph says so); one whose listing failed keeps its previous pin, or has none. Never rejects.
   */
  async pins(): Promise<SnapshotPins> {
    const listing = this.list();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<SnapshotPins>((resolve) => {
      timer = setTimeout(() => resolve(this.previous), this.options.waitMs ?? 2000);
      timer.unref();
    });
    try {
      return await Promise.race([listing, stalled]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async list(): Promise<SnapshotPins> {
    const refs = this.refs;
    const previous = this.previous;
    const found = await Promise.all(refs.map(async (ref): Promise<[string, string | undefined]> => {
      const key = pinKey(qualifiedName(ref), ref.version);
      try {
        return [key, await this.index.latestId(ref)];
      } catch (err) {
        this.options.onError?.(ref, err);
        return [key, previous[key]];
      }
    }));
    const pins: Record<string, string> = {};
    for (const [key, id] of found) if (id) pins[key] = id;
    const frozen = Object.freeze(pins);
    // A listing started before the contracts changed describes the old set: do not keep it.
    if (refs === this.refs) this.previous = frozen;
    return frozen;
  }
}

function liveVersions(contracts: readonly ProductContract[]): ProductVersionRef[] {
  return contracts.flatMap((c) => c.versions.filter((v) => v.status !== 'retired')
    .map((v) => ({ domain: c.domain, product: c.product, version: v.version })));
}
