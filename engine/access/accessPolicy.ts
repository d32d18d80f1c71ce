import type { CallerIdentity } from '../auth/callerIdentity';
import { hasScope } from '../auth/callerIdentity';
import { ErrorCode, TesseraError } from '../errors';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { ReferenceModel } from '../model/relations';
import type { ColumnUse } from '../query/planFilter';

/** The scope that lets a caller read, filter, sort and group by columns marked `pii`. */
export const PII_SCOPE = 'pii';

const USE_TEXT: Record<ColumnUse, string> = {
  read: 'reading', filter: 'filtering by', sort: 'sorting by', group: 'grouping by', measure: 'aggregating',
};

/**
 * What one caller may do with the hub's data, decided in one place for every path (lists, lookups, relations,
 * aggregates, exports, the catalog): a product version must be live and in the caller's grant; a column marked pii
 * may be read, filtered, sorted, grouped by or aggregated only with the {@link PII_SCOPE} scope — a filter on a pii
 * column would otherwise reveal its values one comparison at a time.
 */
export class AccessPolicy {
  /** Whether the caller may see personal data: pii column values and values quoted in quality results. */
  readonly seesPersonalData: boolean;
  /** {@link columnsToRead}'s answers by set of names and product version. */
  private readonly columnsRead = new WeakMap<ReadonlySet<string>, Map<ProductModel, { references: readonly ReferenceModel[]; columns: readonly ColumnModel[] }>>();

  constructor(readonly identity: CallerIdentity) {
    this.seesPersonalData = hasScope(identity, PII_SCOPE);
  }

  /** Whether the caller's grant covers a product (`<domain>.<product>`); a caller without a list is granted all. */
  grants(qualified: string): boolean {
    return !this.identity.products || this.identity.products.includes(qualified);
  }

  /**
   * Refuses retired versions and products outside the caller's grant.
   * @throws TesseraError VERSION_RETIRED or FORBIDDEN.
   */
  assertProduct(model: ProductModel): void {
    if (model.version.status === 'retired') {
      throw new TesseraError(ErrorCode.VERSION_RETIRED,
        `${model.qualified} v${model.version.version} is retired; expected a live version (current: v${model.contract.versions.find((v) => v.status === 'current')?.version})`);
    }
    if (!this.grants(model.qualified)) {
      throw new TesseraError(ErrorCode.FORBIDDEN, `expected a caller granted ${model.qualified}, got one granted ${this.identity.products?.join(', ') || 'no products'}`);
    }
  }

  /** Whether the caller may use a column at all (every use needs the same right). */
  mayUse(column: ColumnModel): boolean {
    return !column.pii || this.seesPersonalData;
  }

  /**
   * Refuses a use of a column the caller may not use; the shape of the planners' column guard.
   * @throws TesseraError FORBIDDEN naming the field, its column and the use.
   */
  readonly assertColumn = (column: ColumnModel, use: ColumnUse = 'read'): void => {
    if (this.mayUse(column)) return;
    const what = use === 'read' ? '' : ` (${USE_TEXT[use]} it)`;
    throw new TesseraError(ErrorCode.FORBIDDEN,
      `field ${column.field} (column ${column.name}) is personal data${what}: expected a caller with the ${PII_SCOPE} scope, got one without it`);
  };

  /**
   * The columns to read for selected field names: the selected columns and the key columns behind selected
   * references, minus columns the caller may not read — those are never read at all (their fields then resolve to
   * null with a FORBIDDEN error from the field's resolver).
   */
  columnsToRead(model: ProductModel, references: readonly ReferenceModel[], names: ReadonlySet<string>): readonly ColumnModel[] {
    // Resolvers ask once per row or entity with the same (memoised) set of names: answer them with one array.
    let byModel = this.columnsRead.get(names);
    if (!byModel) this.columnsRead.set(names, (byModel = new Map()));
    const known = byModel.get(model);
    if (known?.references === references) return known.columns;
    const columns = this.columnsFor(model, references, names);
    byModel.set(model, { references, columns });
    return columns;
  }

  private columnsFor(model: ProductModel, references: readonly ReferenceModel[], names: ReadonlySet<string>): ColumnModel[] {
    const wanted = new Set<ColumnModel>();
    const columns = apiColumns(model);
    for (const c of columns) if (names.has(c.field)) wanted.add(c);
    for (const r of references) if (r.from === model && names.has(r.field)) wanted.add(r.column);
    return columns.filter((c) => wanted.has(c) && this.mayUse(c));
  }

  /** The product versions among `models` the caller is granted (a caller is told only of those). */
  visible(models: readonly ProductModel[]): ProductModel[] {
    return models.filter((m) => this.grants(m.qualified));
  }
}
