import type { ColumnModel, ProductModel, ScalarName } from './productModel';
import { apiColumns } from './productModel';

/** A date truncation available in `groupBy` on date and timestamp columns. */
export type Grain = 'year' | 'month' | 'day';

/** One value of a product version's `<Type>GroupBy` enum. */
export interface GroupKeyModel {
  /** `ORDERED_AT_MONTH` */
  enumValue: string;
  /** Field in `<Type>AggregateKeys` (`orderedAtMonth`). */
  field: string;
  column: ColumnModel;
  grain?: Grain;
  scalar: ScalarName;
}

const GRAINS: Grain[] = ['year', 'month', 'day'];

/** Every group key of a product version: each column, then the grains of its date and timestamp columns. */
export function groupKeys(model: ProductModel): GroupKeyModel[] {
  const keys: GroupKeyModel[] = apiColumns(model).map((c) => ({ enumValue: c.enumValue, field: c.field, column: c, scalar: c.scalar }));
  for (const c of apiColumns(model)) {
    if (c.scalar !== 'Date' && c.scalar !== 'DateTime') continue;
    for (const grain of GRAINS) {
      const suffix = grain.charAt(0).toUpperCase() + grain.slice(1);
      keys.push({ enumValue: `${c.enumValue}_${grain.toUpperCase()}`, field: `${c.field}${suffix}`, column: c, grain, scalar: c.scalar });
    }
  }
  return keys;
}

/** The columns `sum` and `avg` apply to. */
export function numericColumns(model: ProductModel): ColumnModel[] {
  return apiColumns(model).filter((c) => ['Int', 'Long', 'Float', 'Decimal'].includes(c.scalar));
}

/** The columns `min` and `max` apply to: every orderable column (all but booleans). */
export function orderableColumns(model: ProductModel): ColumnModel[] {
  return apiColumns(model).filter((c) => c.scalar !== 'Boolean');
}

/** The scalar of `sum` over a column: integers sum to Long, decimals stay exact. */
export function sumScalar(c: ColumnModel): ScalarName {
  if (c.scalar === 'Int' || c.scalar === 'Long') return 'Long';
  return c.scalar;
}

/** The aggregate functions a group can select, each with the columns it applies to. */
export type AggregateFunction = 'sum' | 'avg' | 'min' | 'max' | 'countDistinct';
