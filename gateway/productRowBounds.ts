import type { Logger } from 'pino';
import { groupKeys } from '../engine/model/aggregateModel';
import type { GroupKeyModel } from '../engine/model/aggregateModel';
import type { ProductModel } from '../engine/model/productModel';
import type { Manifest } from '../engine/snapshot/manifest';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { pinOf } from '../engine/snapshot/snapshotPins';
import type { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { modelsByRootField } from './rootFields';

/** What the row estimate may know of the data behind the fields of the schema (see estimateRows.ts). */
export interface DataBounds {
  /** The most rows the field can return for one parent: the rows of the snapshot of its product version the request reads. */
  rows(field: string): number | undefined;
  /** The most groups the aggregate field can return grouped by these `groupBy` enum values. */
  groups(field: string, groupBy: readonly string[]): number | undefined;
  /** True for the entity types of product versions (`OrderV2`): a field of one returns one row of its product. */
  isEntity(typeName: string): boolean;
}

/** Values a group key can take at most (null included), when the contract bounds them; else undefined. */
function valuesOf(model: ProductModel, key: GroupKeyModel): number | undefined {
  if (key.grain) return undefined;
  if (key.column.type === 'boolean') return 3;
  const accepted = model.version.tests.find((t) => t.kind === 'accepted_values' && t.column === key.column.name && t.severity === 'error');
  return accepted?.kind === 'accepted_values' ? new Set(accepted.values).size + 1 : undefined;
}

/**
 * The gateway's knowledge of the data each request reads, for the row estimate: the row count of the snapshot the
 * request pinned for each product version (from its manifest, read once and cached by the reader: snapshots are
 * immutable), and the values its group keys can take (booleans; columns with an `accepted_values` test of severity
 * error, which no published snapshot can violate). Fields are matched by name, which the generated schema makes
 * unique per product version (`ordersV2` on Query and on CustomerV1 both read `sales.orders` v2).
 */
export class ProductRowBounds {
  private byField = new Map<string, ProductModel>();
  private entities = new Set<string>();
  private models: ProductModel[] = [];

  constructor(models: readonly ProductModel[], private readonly reader: SnapshotReader, private readonly logger: Logger) {
    this.setModels(models);
  }

  /** Follows a new set of product versions (a changed supergraph). */
  setModels(models: readonly ProductModel[]): void {
    this.models = [...models];
    this.byField = modelsByRootField(models);
    this.entities = new Set(models.map((m) => m.typeName));
  }

  /**
   * The bounds of a request that reads the snapshots `pins`. A manifest that cannot be read leaves its product
   * unknown (its pages count `first` as asked): that only loosens the estimate, and the subgraph reports the store.
   */
  async forRequest(pins: SnapshotPins): Promise<DataBounds> {
    const manifests = new Map<ProductModel, Manifest>();
    await Promise.all(this.models.map(async (m) => {
      const id = pinOf(pins, m.qualified, m.version.version);
      if (!id) return;
      try {
        manifests.set(m, await this.reader.manifest({ domain: m.contract.domain, product: m.contract.product, version: m.version.version }, id));
      } catch (err) {
        this.logger.warn({ product: m.qualified, version: m.version.version, err: (err as Error).message }, 'could not read a manifest for the row estimate');
      }
    }));
    const rowsOf = (field: string): number | undefined => {
      const model = this.byField.get(field);
      return model && manifests.get(model)?.rowCount;
    };
    return {
      rows: rowsOf,
      groups: (field, groupBy) => {
        const model = this.byField.get(field);
        if (!model) return undefined;
        const rows = rowsOf(field);
        const keys = groupKeys(model);
        let product = 1;
        for (const value of new Set(groupBy)) {
          const key = keys.find((k) => k.enumValue === value);
          const bound = key ? valuesOf(model, key) : undefined;
          if (bound === undefined) return rows;
          product *= bound;
        }
        return rows === undefined ? product : Math.min(product, Math.max(rows, 1));
      },
      isEntity: (typeName) => this.entities.has(typeName),
    };
  }
}
