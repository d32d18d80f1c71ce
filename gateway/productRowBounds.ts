import type { Logger } from 'pino';
import { groupKeys } from '../engine/query/aggregateModel';
import type { GroupKeyModel } from '../engine/query/aggregateModel';
import type { ProductModel } from '../engine/query/productModel';
import { buildProductModels } from '../engine/query/productModel';
import type { Manifest } from '../engine/snapshot/manifest';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import type { ObjectStore } from '../engine/storage/objectStore';

/** What the row estimate may know of the data behind the fields of the schema (see estimateRows.ts). */
export interface DataBounds {
  /** The most rows the field can return for one parent: the rows of the latest snapshot of its product version. */
  rows(field: string): number | undefined;
  /** The most groups the aggregate field can return grouped by these `groupBy` enum values. */
  groups(field: string, groupBy: readonly string[]): number | undefined;
  /** True for the entity types of product versions (`OrderV2`): a field of one returns one row of its product. */
  isEntity(typeName: string): boolean;
}

interface Known {
  manifest: Manifest | undefined;
  at: number;
  loading?: Promise<void>;
}

/** Values a group key can take at most (null included), when the contract bounds them; else undefined. */
function valuesOf(model: ProductModel, key: GroupKeyModel): number | undefined {
  if (key.grain) return undefined;
  if (key.column.type === 'boolean') return 3;
  const accepted = model.version.tests.find((t) => t.kind === 'accepted_values' && t.column === key.column.name && t.severity === 'error');
  return accepted?.kind === 'accepted_values' ? new Set(accepted.values).size + 1 : undefined;
}

/**
 * The gateway's knowledge of each product version's latest snapshot, for the row estimate: its row count (from the
 * manifest), and the values its group keys can take (booleans, columns with an `accepted_values` test of severity
 * error). Manifests are read in the background and trusted for `refreshMs`; until one is read, nothing is known and
 * the estimate counts `first` as asked. Fields are matched by name, which the generated schema makes unique per
 * product version (`ordersV2` on Query and on CustomerV1 both read `sales.orders` v2).
 */
export class ProductRowBounds implements DataBounds {
  private readonly byField = new Map<string, ProductModel>();
  private readonly entities = new Set<string>();
  private readonly known = new Map<string, Known>();
  private readonly reader: SnapshotReader;

  constructor(store: ObjectStore, private readonly models: ProductModel[], private readonly refreshMs: number, private readonly logger: Logger) {
    this.reader = new SnapshotReader(store);
    for (const m of models) {
      for (const field of [m.listField, m.lookupField, m.aggregateField]) this.byField.set(field, m);
      this.entities.add(m.typeName);
    }
  }

  /** Bounds over the product versions of `contracts` (see buildProductModels). */
  static of(store: ObjectStore, contracts: Parameters<typeof buildProductModels>[0], refreshMs: number, logger: Logger): ProductRowBounds {
    return new ProductRowBounds(store, buildProductModels(contracts), refreshMs, logger);
  }

  /** Reads the latest manifest of every product version; resolves when all are read or failed (never rejects). */
  async refreshAll(): Promise<void> {
    await Promise.all(this.models.map((m) => this.refresh(m)));
  }

  rows(field: string): number | undefined {
    const model = this.byField.get(field);
    return model && this.manifestOf(model)?.rowCount;
  }

  groups(field: string, groupBy: readonly string[]): number | undefined {
    const model = this.byField.get(field);
    if (!model) return undefined;
    const rows = this.manifestOf(model)?.rowCount;
    const keys = groupKeys(model);
    let product = 1;
    for (const value of new Set(groupBy)) {
      const key = keys.find((k) => k.enumValue === value);
      const bound = key ? valuesOf(model, key) : undefined;
      if (bound === undefined) return rows;
      product *= bound;
    }
    return rows === undefined ? product : Math.min(product, Math.max(rows, 1));
  }

  isEntity(typeName: string): boolean {
    return this.entities.has(typeName);
  }

  private manifestOf(model: ProductModel): Manifest | undefined {
    const known = this.known.get(model.typeName);
    if (!known || Date.now() - known.at > this.refreshMs) void this.refresh(model);
    return known?.manifest;
  }

  private refresh(model: ProductModel): Promise<void> {
    const known = this.known.get(model.typeName);
    if (known?.loading) return known.loading;
    const ref = { domain: model.contract.domain, product: model.contract.product, version: model.version.version };
    const loading = this.reader.latest(ref).then((manifest) => {
      this.known.set(model.typeName, { manifest, at: Date.now() });
    }, (err: unknown) => {
      // Unknown data only loosens the estimate back to `first` as asked; readiness reports a failing store.
      this.logger.warn({ product: model.qualified, version: ref.version, err: (err as Error).message }, 'could not read the latest manifest for the row estimate');
      this.known.set(model.typeName, { manifest: known?.manifest, at: Date.now() });
    });
    this.known.set(model.typeName, { manifest: known?.manifest, at: known?.at ?? 0, loading });
    return loading;
  }
}
