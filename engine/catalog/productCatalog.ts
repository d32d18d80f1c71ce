import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { ErrorCode, TesseraError, isTesseraError } from '../errors';
import type { Manifest } from '../snapshot/manifest';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import type { SnapshotIndex } from '../snapshot/snapshotIndex';
import { downstreamIndex } from './lineage';

/**
 * What the hub knows about its data products: the contracts (loaded once at start) and the committed snapshots of
 * each version (from the process's snapshot index). The platform's catalog subgraph answers from it.
 */
export class ProductCatalog {
  private readonly byId: Map<string, ProductContract>;
  private readonly downstream: Map<string, string[]>;
  constructor(contracts: readonly ProductContract[], private readonly index: SnapshotIndex) {
    const sorted = [...contracts].sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
    this.byId = new Map(sorted.map((c) => [qualifiedName(c), c]));
    this.downstream = downstreamIndex(sorted);
  }

  /** Every product, sorted by id, optionally only one domain's. */
  products(domain?: string): ProductContract[] {
    const all = [...this.byId.values()];
    return domain === undefined ? all : all.filter((c) => c.domain === domain);
  }

  /** The product with id `<domain>.<product>`, or undefined. */
  product(id: string): ProductContract | undefined {
    return this.byId.get(id);
  }

  /** The products downstream of `id`, sorted by id. */
  downstreamOf(id: string): ProductContract[] {
    return (this.downstream.get(id) ?? []).map((d) => this.byId.get(d)).filter((c): c is ProductContract => c !== undefined);
  }

  /**
   * The committed snapshots of a product version, newest first.
   * @throws TesseraError STORAGE_UNAVAILABLE when the store cannot be listed (the message names no bucket or host),
   * DATA_CORRUPT when a manifest is unreadable.
   */
  async snapshots(ref: ProductVersionRef): Promise<Manifest[]> {
    try {
      return await this.index.manifests(ref);
    } catch (err) {
      if (isTesseraError(err)) throw err;
      throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE,
        `expected to list the snapshots of ${ref.domain}.${ref.product} v${ref.version}, but the store did not answer`);
    }
  }

  /** The newest committed snapshot of a product version, or undefined when it was never published. */
  async latest(ref: ProductVersionRef): Promise<Manifest | undefined> {
    return (await this.snapshots(ref))[0];
  }
}
