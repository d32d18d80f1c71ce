import type { GraphQLResolveInfo } from 'graphql';
import { isTesseraError } from '../errors';
import type { AggregateFunction } from '../model/aggregateModel';
import type { ProductModel } from '../model/productModel';
import type { ReferenceModel } from '../model/relations';
import type { AggregateGroup, Row } from '../query/executor';
import type { ChangesArgs } from '../query/planChanges';
import type { ListArgs } from '../query/planList';
import type { ConnectionPage, QueryEngine } from '../queryEngine/queryEngine';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import { changeRowFields, childFields, connectionNodeFields, fieldNames, selectedFields } from './selection';

type Args = Record<string, unknown>;
const FUNCTIONS: AggregateFunction[] = ['sum', 'avg', 'min', 'max', 'countDistinct'];

/** `ordersV2(where, orderBy, first, after, snapshot, asOf)`: one page. */
export function listResolver(engine: QueryEngine, model: ProductModel) {
  return (_: unknown, args: ListArgs & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<ConnectionPage> =>
    engine.list(ctx, model, args, connectionNodeFields(info));
}

/** `orderV2(orderId: …, snapshot, asOf)`: one row by key, or null. */
export function lookupResolver(engine: QueryEngine, model: ProductModel) {
  return (_: unknown, args: Args & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<Row | null> =>
    engine.lookup(ctx, model, args, { snapshot: args.snapshot, asOf: args.asOf }, fieldNames(info, model.typeName));
}

/** `ordersV2Changes(from, to, kinds, first, after)`: one page of the rows that differ between two snapshots. */
export function changesResolver(engine: QueryEngine, model: ProductModel) {
  return (_: unknown, args: ChangesArgs, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<ConnectionPage> =>
    engine.changes(ctx, model, args, changeRowFields(info));
}

/** `__resolveReference` of an entity type: the gateway's representations, batched, in the request's snapshot. */
export function referenceResolver(engine: QueryEngine, model: ProductModel) {
  return (reference: Args, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<Row | null> =>
    engine.lookup(ctx, model, reference, {}, fieldNames(info, model.typeName));
}

/** A reference field (`OrderV2.customer`): the entity, or null when the key dangles. */
export function referenceFieldResolver(engine: QueryEngine, ref: ReferenceModel) {
  return (row: Row, _: unknown, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<Row | null> =>
    engine.reference(ctx, ref, row, fieldNames(info, ref.target.typeName));
}

/** A reverse relation (`CustomerV1.ordersV2(where, orderBy, first, after)`): one page per parent, batched. */
export function reverseRelationResolver(engine: QueryEngine, ref: ReferenceModel) {
  return (parent: Row, args: ListArgs, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<ConnectionPage> =>
    engine.related(ctx, ref, parent, args, connectionNodeFields(info));
}

/**
 * `<products>V<N>Aggregate(where, groupBy, snapshot, asOf)`, computing only the selected measures. A value its scalar
 * cannot hold is returned as an error in its place: graphql-js reports it at that path, and the rest stands.
 */
export function aggregateResolver(engine: QueryEngine, model: ProductModel) {
  return async (_: unknown, args: { where?: unknown; groupBy?: string[] | null } & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<Args[]> => {
    const selections: Partial<Record<AggregateFunction, string[]>> = {};
    for (const fn of FUNCTIONS) {
      const nodes = childFields(info, fn);
      if (nodes.length) selections[fn] = selectedFields(info, nodes.map((n) => n.selectionSet)).map((f) => f.name.value).filter((n) => n !== '__typename');
    }
    const groups = await engine.aggregate(ctx, model, { ...args, selections });
    return groups.map(servedGroup);
  };
}

function served(values: Record<string, unknown>): Args {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, isTesseraError(v) ? v.toGraphQLError() : v]));
}

function servedGroup(group: AggregateGroup): Args {
  const out: Args = { count: group.count, keys: served(group.keys) };
  for (const fn of FUNCTIONS) out[fn] = served(group.measures[fn] ?? {});
  return out;
}
