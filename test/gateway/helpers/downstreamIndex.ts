import type { ProductContract } from '../../../engine/contract/types';
import { qualifiedName } from '../../../engine/contract/types';

/**
 * The lineage the health page is checked against, computed from the contracts alone: every product's downstream
 * products, those that declare it in `lineage.upstream` or have a column (in any version) whose `references` points
 * at it. Ids are `<domain>.<product>`; each list is sorted and free of duplicates,
 * and a product is never its own downstream.
 */
export function downstreamIndex(contracts: readonly ProductContract[]): Map<string, string[]> {
  const index = new Map<string, Set<string>>();
  for (const c of contracts) index.set(qualifiedName(c), new Set());
  for (const c of contracts) {
    const id = qualifiedName(c);
    const sources = new Set(c.lineage.upstream);
    for (const v of c.versions) {
      for (const col of v.columns) if (col.references) sources.add(`${col.references.domain}.${col.references.product}`);
    }
    for (const source of sources) {
      if (source !== id) index.get(source)?.add(id);
    }
  }
  return new Map([...index].map(([id, ids]) => [id, [...ids].sort()]));
}
