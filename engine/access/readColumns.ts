import { hasScope } from '../auth/callerIdentity';
import type { ColumnModel, ProductModel } from '../model/productModel';
import type { ReferenceModel } from '../model/relations';
import type { SubgraphContext } from '../queryEngine/requestContext';

/**
 * The columns to read for a set of selected field names: the selected columns and the key columns behind selected
 * references — minus pii columns the caller may not read, which are never read at all (their fields then resolve
 * to null with a FORBIDDEN error).
 */
export function readColumns(ctx: SubgraphContext, model: ProductModel, references: ReferenceModel[], names: Set<string>): ColumnModel[] {
  const wanted = new Set<ColumnModel>();
  for (const c of model.columns) if (names.has(c.field)) wanted.add(c);
  for (const r of references) if (r.from === model && names.has(r.field)) wanted.add(r.column);
  const pii = hasScope(ctx.identity, 'pii');
  return model.columns.filter((c) => wanted.has(c) && (pii || !c.pii));
}
