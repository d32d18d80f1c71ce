import type { ProductModel } from '../model/productModel';
import type { ColumnRename } from '../query/queryPlan';
import type { Manifest } from '../snapshot/manifest';

/**
 * The columns of a model that a snapshot holds under their former name: those the contract says were
 * `renamedFrom` a name the snapshot's own contract (recorded in its manifest) still has, where it lacks the new one.
 * None for a snapshot published after the renames, or whose manifest records no contract.
 */
export function renamedIn(model: ProductModel, manifest: Manifest): ColumnRename[] {
  const published = manifest.contract?.version?.columns;
  if (!published || !model.aliases.length) return [];
  const names = new Set(published.map((c) => c.name));
  return model.aliases
    .filter((a) => a.alias && !names.has(a.name) && names.has(a.alias.formerName))
    .map((a) => ({ from: a.alias!.formerName, to: a.name }));
}
