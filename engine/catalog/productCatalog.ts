import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { ErrorCode, TesseraError, isTesseraError } from '../errors';
import type { Manifest } from '../snapshot/manifest';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import type { SnapshotIndex } from '../snapshot/snapshotIndex';
import type { HubLineage } from '../lineage/hubLineage';
import { joinLineage } from '../lineage/hubLineage';
import type { UsageReader } from '../usage/usageReader';

/** Options of a {@link ProductCatalog}. */
export interface ProductCatalogOptions {
  /** The hub's lineage with its builds extracted. @default declared upstream and references only */
  lineage?: HubLineage;
  /** The usage log's recent readers, for impact analysis. @default none: no consumer is known */
  usage?: Pick<UsageReader, 'recentReaders'>;
}

/** The contracts and lineage a catalog answers from, replaced whole when the contracts change. */
interface CatalogState {
  byId: Map<string, ProductContract>;
  downstream: Map<string, string[]>;
  lineage: HubLineage;
}

function stateOf(contracts: readonly ProductContract[], lineage: HubLineage | undefined): CatalogState {
  const sorted = [...contracts].sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
  const byId = new Map(sorted.map((c) => [qualifiedName(c), c]));
  const joined = lineage ?? joinLineage(sorted);
  const downstream = new Map<string, string[]>();
  for (const [from, edges] of joined.edgesFrom) {
    if (!byId.has(from)) continue;
    const to = [...new Set(edges.map((e) => e.to).filter((id) => byId.has(id)))].sort();
    if (to.length) downstream.set(from, to);
  }
  return { byId, downstream, lineage: joined };
}

/**
 * What the hub knows about its data products: the contracts (loaded at start, replaced by {@link reload} when they
 * change) and the committed snapshots of each version (from the process's snapshot index). The platform's catalog
 * subgraph answers from it.
 */
export class ProductCatalog {
  private state: CatalogState;
  /** Where recent reads come from, when usage is recorded. */
  readonly usage: Pick<UsageReader, 'recentReaders'> | undefined;

  constructor(contracts: readonly ProductContract[], private readonly index: SnapshotIndex, options: ProductCatalogOptions = {}) {
    this.state = stateOf(contracts, options.lineage);
    this.usage = options.usage;
  }

  /** The hub's table- and column-level lineage. */
  get lineage(): HubLineage {
    return this.state.lineage;
  }

  /** Answers from these contracts (and their lineage) from now on: a new domain's products appear, removed ones go. */
  reload(contracts: readonly ProductContract[], lineage?: HubLineage): void {
    this.state = stateOf(contracts, lineage);
  }

  /** Every product, sorted by id, optionally only one domain's. */
  products(domain?: string): ProductContract[] {
    const all = [...this.state.byId.values()];
    return domain === undefined ? all : all.filter((c) => c.domain === domain);
  }

  /** The product with id `<domain>.<product>`, or undefined. */
  product(id: string): ProductContract | undefined {
    return this.state.byId.get(id);
  }

  /** The products one hop downstream of `id` (built from it, declaring it upstream, referencing it), sorted by id. */
  downstreamOf(id: string): ProductContract[] {
    return (this.state.downstream.get(id) ?? []).map((d) => this.state.byId.get(d)).filter((c): c is ProductContract => c !== undefined);
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
