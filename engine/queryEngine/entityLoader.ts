import DataLoader from 'dataloader';
import { filesForKeys } from '../query/filesForKeys';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { SqlValue } from '../query/scalarValue';
import { parseScalarValue } from '../query/scalarValue';
import type { Row } from '../query/executor';
import type { SubgraphContext } from './requestContext';
import { loaderFor } from './requestContext';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import type { QueryEngine } from './queryEngine';
import { admissionOf, lookupCost } from './statementCost';

/** The canonical key of a row or of key values, for matching lookups to rows. */
export function keyOf(model: ProductModel, values: unknown[]): SqlValue[] {
  return model.primaryKey.map((k, i) => parseScalarValue(k.scalar, values[i]));
}

/**
 * The text a canonical key is matched by: its one value as text for a single-column key (one column holds one type,
 * so texts never collide), its JSON otherwise.
 */
export function keyText(key: readonly SqlValue[]): string {
  return key.length === 1 ? String(key[0]) : JSON.stringify(key);
}

/** Loader names by set of columns: resolvers ask once per entity with the same (memoised) columns. */
const columnNames = new WeakMap<readonly ColumnModel[], string>();

function namesOf(columns: readonly ColumnModel[]): string {
  let names = columnNames.get(columns);
  if (names === undefined) columnNames.set(columns, (names = columns.map((c) => c.field).join(',')));
  return names;
}

/**
 * The request's loader of rows by primary key for one product version, snapshot choice and set of columns. It is
 * created and called synchronously by resolvers, so every key asked for in the same tick is read in ONE statement
 * (`key IN (…)`), whatever the number of keys, over only the files whose key ranges can hold them; the snapshot is
 * opened inside the batch.
 */
export function entityLoader(engine: QueryEngine, ctx: SubgraphContext, model: ProductModel, choice: SnapshotChoice, columns: readonly ColumnModel[]): DataLoader<SqlValue[], Row | null, string> {
  const chosen = choice.snapshot === undefined && choice.asOf === undefined ? '' : JSON.stringify([choice.snapshot ?? null, choice.asOf ?? null]);
  const name = `entity|${model.typeName}|${chosen}|${namesOf(columns)}`;
  return loaderFor(ctx, name, () => new DataLoader<SqlValue[], Row | null, string>(async (keys) => {
    const cols = apiColumns(model).filter((c) => columns.includes(c) || c.key);
    const snapshot = await engine.open(ctx, model, choice);
    const files = filesForKeys(snapshot.manifest.files, snapshot.files, model.primaryKey[0]!, keys.map((k) => k[0]!));
    // No file's key range holds any of the keys: nothing to read.
    if (!files.length) return keys.map(() => null);
    const source = { files, snapshot: snapshot.snapshot, renamed: snapshot.renamed };
    const rows = await engine.run(source, (x) => x.lookup({ source, columns: cols, key: model.primaryKey, keys: [...keys] }, admissionOf(ctx, lookupCost(snapshot, files, keys.length))));
    const byKey = new Map(rows.map((r) => [keyText(keyOf(model, model.primaryKey.map((k) => r[k.field]))), r]));
    return keys.map((k) => byKey.get(keyText(k)) ?? null);
  }, { cacheKeyFn: keyText, maxBatchSize: 10_000 }));
}
