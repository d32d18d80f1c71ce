import type { ProductContract } from '../engine/contract/types';
import { qualifiedName } from '../engine/contract/types';
import type { SnapshotIndex } from '../engine/snapshot/snapshotIndex';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { AS_OF_PIN, pinKey } from '../engine/snapshot/snapshotPins';
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

  /**
   * The pins of a request that travels to `instant`: each live product version's snapshot published at or before
   * it (`exact` overrides, by pin key: the snapshots that `snapshot` arguments name), and the instant itself under
   * {@link AS_OF_PIN}, so a subgraph reads a version without a snapshot then as of it (SNAPSHOT_NOT_FOUND), never
   * its latest. A listing that fails leaves its version to be resolved by its subgraph, as of the instant.
   */
  async at(instant: Date, exact: Readonly<Record<string, string>> = {}): Promise<SnapshotPins> {
    const at = instant.getTime();
    const found = await Promise.all(this.refs.map(async (ref): Promise<[string, string | undefined]> => {
      const key = pinKey(qualifiedName(ref), ref.version);
      if (Object.hasOwn(exact, key)) return [key, exact[key]];
      try {
        // TODO: every live version is resolved, a manifest or two each (cached forever), though a request reaches a
        // few: resolving only the products its plan reaches would need the query plan before the context exists.
        const ids = await this.index.ids(ref);
        for (let i = ids.length - 1; i >= 0; i--) {
          const m = await this.index.reader.manifest(ref, ids[i]!);
          if (Date.parse(m.publishedAt) <= at) return [key, m.snapshotId];
        }
        return [key, undefined];
      } catch (err) {
        this.options.onError?.(ref, err);
        return [key, undefined];
      }
    }));
    const pins: Record<string, string> = { [AS_OF_PIN]: instant.toISOString() };
    for (const [key, id] of found) if (id) pins[key] = id;
    return Object.freeze(pins);
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
