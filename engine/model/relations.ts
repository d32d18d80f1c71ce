import type { ColumnModel, ProductModel } from './productModel';
import { apiColumns, currentModel, lowerFirst } from './productModel';

/**
 * A column with `references` whose target is the primary key of the referenced product's current version: it gives
 * the referencing type a field resolving to the target entity, and the target entity a reverse relation.
 */
export interface ReferenceModel {
  from: ProductModel;
  column: ColumnModel;
  target: ProductModel;
  /** Field on `from` resolving to the target entity (`customer`). */
  field: string;
  /** Field on the target entity listing the referencing rows (`ordersV2`). */
  reverseField: string;
}

/**
 * Every reference from the given models to entities among `all` (any domain). References to anything but a
 * single-column primary key of a current version are left out: they stay quality tests only.
 */
export function findReferences(models: ProductModel[], all: ProductModel[]): ReferenceModel[] {
  const out: ReferenceModel[] = [];
  for (const from of models) {
    const fields = new Set(apiColumns(from).map((c) => c.field));
    for (const contractColumn of from.version.columns) {
      const ref = contractColumn.references;
      if (!ref) continue;
      const target = currentModel(all, ref.domain, ref.product);
      if (!target || target.primaryKey.length !== 1 || target.primaryKey[0]!.name !== ref.column) continue;
      const column = from.columns.find((c) => c.name === contractColumn.name)!;
      let field = lowerFirst(target.contract.entity);
      // Two references to one entity, or a column already named so: fall back to the column name without `_id`.
      if (fields.has(field)) field = column.field.replace(/Id$/, '') || `${column.field}Ref`;
      if (fields.has(field)) field = `${column.field}Ref`;
      fields.add(field);
      out.push({ from, column, target, field, reverseField: from.listField });
    }
  }
  // The same product referencing one entity through two columns: name the second reverse relation by its column.
  const seen = new Set<string>();
  for (const r of out) {
    const key = `${r.target.typeName}.${r.reverseField}`;
    if (seen.has(key)) r.reverseField = `${r.from.listField}By${r.column.field.charAt(0).toUpperCase()}${r.column.field.slice(1)}`;
    seen.add(`${r.target.typeName}.${r.reverseField}`);
  }
  return out;
}
