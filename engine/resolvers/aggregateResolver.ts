import type { GraphQLResolveInfo } from 'graphql';
import { ErrorCode, isTesseraError, TesseraError } from '../errors';
import type { AggregateFunction } from '../model/aggregateModel';
import { compileAggregate, keyAlias } from '../duckdb/compileAggregate';
import { checkedValue, measureValue } from '../duckdb/measureValue';
import { planAggregate } from '../query/planAggregate';
import type { ProductModel } from '../model/productModel';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { childFields, selectedFields } from './selection';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import type { SubgraphEngine } from '../queryEngine/queryEngine';
import { assertReadable } from '../queryEngine/queryEngine';
import { admissionOf, scanCost } from '../queryEngine/statementCost';

const FUNCTIONS: AggregateFunction[] = ['sum', 'avg', 'min', 'max', 'countDistinct'];

type Group = Record<string, unknown>;

/**
 * Resolves `<products>V<N>Aggregate(where, groupBy, snapshot, asOf)` in one statement that computes only the
 * selected aggregates. More groups than the maximum page size is an error rather than a silent cut. A measure or key
 * its scalar cannot represent is null with a VALUE_OUT_OF_RANGE error at its path; the rest of the answer stands.
 */
export function aggregateResolver(engine: SubgraphEngine, model: ProductModel) {
  return async (_parent: unknown, args: { where?: unknown; groupBy?: string[] | null } & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<Group[]> => {
    assertReadable(ctx.identity, model);
    const selections: Partial<Record<AggregateFunction, string[]>> = {};
    for (const fn of FUNCTIONS) {
      const nodes = childFields(info, fn);
      if (nodes.length) selections[fn] = selectedFields(info, nodes.map((n) => n.selectionSet)).map((f) => f.name.value).filter((n) => n !== '__typename');
    }
    const max = engine.limits.maxPageSize;
    const snapshot = await engine.open(ctx, model, args);
    const plan = planAggregate(model, { where: args.where, groupBy: args.groupBy, selections }, engine.guard(ctx), snapshot, max);
    const rows = await engine.run(compileAggregate(plan), admissionOf(ctx, scanCost(snapshot)));
    if (rows.length > max) {
      throw new TesseraError(ErrorCode.PAGE_SIZE_EXCEEDED, `groupBy: expected at most ${max} groups (the maximum page size), got more; filter or group more coarsely`);
    }
    // A value its scalar cannot represent is returned as an error in its place: graphql-js reports it at that path.
    const served = (v: unknown): unknown => (isTesseraError(v) ? v.toGraphQLError() : v);
    return rows.map((row) => {
      const keys = plan.groupBy.map((k) => [k.field, served(checkedValue(`keys.${k.field}`, k.scalar, row[keyAlias(k)]))]);
      const group: Group = { count: row.count, keys: Object.fromEntries(keys) };
      for (const fn of FUNCTIONS) {
        const measures = plan.measures.filter((m) => m.fn === fn);
        group[fn] = Object.fromEntries(measures.map((m) => [m.column.field, served(measureValue(m, row))]));
      }
      return group;
    });
  };
}
