import type { GraphQLResolveInfo } from 'graphql';
import type { ProductModel } from '../model/productModel';
import type { SqlRow } from '../duckdb/connectionPool';
import { entityLoader, keyOf } from '../queryEngine/entityLoader';
import { readColumns } from '../access/readColumns';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { fieldNames } from './selection';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import type { SubgraphEngine } from '../queryEngine/queryEngine';
import { assertReadable } from '../queryEngine/queryEngine';

/** Loads one row by key (through the request's batching loader), reading only the selected columns. */
function loadByKey(engine: SubgraphEngine, ctx: SubgraphContext, model: ProductModel, source: Record<string, unknown>, choice: SnapshotChoice, info: GraphQLResolveInfo): Promise<SqlRow | null> {
  assertReadable(ctx.identity, model);
  const key = keyOf(model, model.primaryKey.map((k) => source[k.field]));
  const columns = readColumns(ctx, model, engine.domain.references, fieldNames(info, model.typeName));
  return entityLoader(engine, ctx, model, choice, columns).load(key);
}

/** Resolves a lookup field (`orderV2(orderId: …, snapshot, asOf)`). */
export function lookupResolver(engine: SubgraphEngine, model: ProductModel) {
  return (_parent: unknown, args: Record<string, unknown> & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<SqlRow | null> =>
    loadByKey(engine, ctx, model, args, { snapshot: args.snapshot, asOf: args.asOf }, info);
}

/**
 * `__resolveReference` of an entity type: the gateway's representations of one type in one `_entities` call are
 * batched into one statement on the latest snapshot (pinned for the request).
 */
export function referenceResolver(engine: SubgraphEngine, model: ProductModel) {
  return (reference: Record<string, unknown>, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<SqlRow | null> =>
    loadByKey(engine, ctx, model, reference, {}, info);
}
