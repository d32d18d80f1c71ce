import DataLoader from 'dataloader';
import { snapshotRefId } from '../snapshot/snapshotLayout';
import type { ProductModel } from '../model/productModel';
import type { SqlValue } from '../query/scalarValue';
import { entityLoader, keyOf, keyText } from './entityLoader';
import { PackedKeySet } from './packedKeySet';
import type { SubgraphContext } from './requestContext';
import { loaderFor } from './requestContext';
import { admissionOf, scanCost } from './statementCost';
import type { QueryEngine } from './queryEngine';

/**
 * The request's loader of whether keys exist in a product version (another domain's, referenced by this one), in the
 * snapshot the request reads. A snapshot small enough (TESSERA_KEY_SET_MAX_KEYS) has its key column read once per
 * process and held as a set, so each later check is a probe; a larger one, or a composite key, is checked by one
 * key lookup per batch. The set is packed (engine/queryEngine/packedKeySet.ts): about a third of a `Set<string>`'s
 * memory.
 */
export function referencedKeyLoader(engine: QueryEngine, ctx: SubgraphContext, model: ProductModel): DataLoader<SqlValue[], boolean, string> {
  return loaderFor(ctx, `refkeys|${model.typeName}`, () => new DataLoader<SqlValue[], boolean, string>(async (keys) => {
    const snapshot = await engine.open(ctx, model);
    const rows = snapshot.manifest.rowCount;
    const key = model.primaryKey[0]!;
    if (model.primaryKey.length !== 1 || !engine.keySets.fits(rows)) {
      const found = await entityLoader(engine, ctx, model, {}, []).loadMany([...keys]);
      return found.map((f) => (f instanceof Error ? f : f !== null));
    }
    const id = snapshotRefId(snapshot.manifest, snapshot.manifest.snapshotId);
    const set = await engine.keySets.get(id, rows, async () => {
      const found = await engine.run(snapshot, (x) => x.columnValues(snapshot, key, admissionOf(ctx, scanCost(snapshot))));
      return new PackedKeySet(found.map((v) => keyText(keyOf(model, [v]))));
    });
    return keys.map((k) => set.has(keyText(k)));
  }, { cacheKeyFn: keyText, maxBatchSize: 10_000 }));
}
