import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { ErrorCode, TesseraError, isTesseraError } from '../errors';
import type { Manifest } from '../snapshot/manifest';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import type { SnapshotReader } from '../snapshot/snapshotReader';
import { downstreamIndex } from './lineage';

/** Options of a {@link ProductCatalog}. */
export interface ProductCatalogOptions {
  /** How long a snapshot listing is trusted before the store is listed again. @default 5000 */
  refreshMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * What the hub knows about its data products: the contracts (loaded once at start) and the committed snapshots of
 * each version (listed from the store, cached for `refreshMs`). The platform's catalog subgraph answers from it.
 */
export class ProductCatalog {
  private readonly byId: Map<string, ProductContract>;
  private readonly downstream: Map<string, string[]>;
  private readonly listings = new Map<string, { at: number; manifests: Promise<Manifest[]> }>();
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(contracts: readonly ProductContract[], private readonly reader: SnapshotReader, options: ProductCatalogOptions = {}) {
    const sorted = [...contracts].sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
    this.byId = new Map(sorted.map((c) => [qualifiedName(c), c]));
    this.downstream = downstreamIndex(sorted);
    this.refreshMs = options.refreshMs ?? 5000;
    this.now = options.now ?? Date.now;
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
    const key = `${ref.domain}.${ref.product}.v${ref.version}`;
    const cached = this.listings.get(key);
    if (cached && this.now() - cached.at < this.refreshMs) return cached.manifests;
    const manifests = this.reader.listSnapshots(ref).then((list) => [...list].reverse(), (err: unknown) => {
      this.listings.delete(key);
      if (isTesseraError(err)) throw err;
      throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE,
        `expected to list the snapshots of ${ref.domain}.${ref.product} v${ref.version}, but the store did not answer`);
    });
    this.listings.set(key, { at: this.now(), manifests });
    return manifests;
  }

  /** The newest committed snapshot of a product version, or undefined when it was never published. */
  async latest(ref: ProductVersionRef): Promise<Manifest | undefined> {
    return (await this.snapshots(ref))[0];
  }
}
