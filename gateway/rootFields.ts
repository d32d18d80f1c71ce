import type { ProductModel } from '../engine/model/productModel';

/** The product version each root field reads (its list, lookup and aggregate fields), by field name. */
export function modelsByRootField(models: readonly ProductModel[]): Map<string, ProductModel> {
  const byField = new Map<string, ProductModel>();
  for (const m of models) for (const f of [m.listField, m.lookupField, m.aggregateField]) byField.set(f, m);
  return byField;
}
