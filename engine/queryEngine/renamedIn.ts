import { columnRenames } from '../contract/columnRenames';
import type { ProductModel } from '../model/productModel';
import type { ColumnRename } from '../query/queryPlan';
import type { Manifest } from '../snapshot/manifest';

/**
 * The columns of a model that a snapshot holds under their former name (see {@link columnRenames}), read as the
 * columns they became.
 */
export function renamedIn(model: ProductModel, manifest: Manifest): ColumnRename[] {
  return model.aliases.length ? columnRenames(model.version, manifest.contract?.version?.columns) : [];
}
