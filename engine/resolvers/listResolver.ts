import type { GraphQLResolveInfo } from 'graphql';
import { compileCount, compileList } from '../duckdb/compileList';
import type { ListArgs } from '../query/planList';
import { listPlan, planPage } from '../query/planList';
import type { ProductModel } from '../model/productModel';
import type { ConnectionValue } from './connectionValue';
import { pageOf } from './connectionValue';
import { readColumns } from '../access/readColumns';
import { resolveAfter } from '../queryEngine/resolveAfter';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { connectionNodeFields } from './selection';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import type { SubgraphEngine } from '../queryEngine/queryEngine';
import { assertReadable } from '../queryEngine/queryEngine';
import { admissionOf, pageCost, scanCost } from '../queryEngine/statementCost';

/** Resolves a list field (`ordersV2(where, orderBy, first, after, snapshot, asOf)`) to one page in one statement. */
export function listResolver(engine: SubgraphEngine, model: ProductModel) {
  return async (_parent: unknown, args: ListArgs & SnapshotChoice, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<ConnectionValue> => {
    assertReadable(ctx.identity, model);
    const guard = engine.guard(ctx);
    const selected = readColumns(ctx, model, engine.domain.references, connectionNodeFields(info));
    const page = planPage(model, args, selected, guard, engine.limits);
    const snapshot = await engine.open(ctx, model, args);
    const after = await resolveAfter(engine, ctx, snapshot, page.orderBy, page.after);
    const rows = await engine.run(compileList(listPlan(page, snapshot, after)), admissionOf(ctx, pageCost(snapshot, page.first + 1)));
    let counted: Promise<number> | undefined;
    return {
      model, orderBy: page.orderBy, ...pageOf(rows, page.first),
      count: () => (counted ??= engine.run(compileCount(snapshot, page.filter), admissionOf(ctx, scanCost(snapshot))).then((r) => Number(r[0]?.count ?? 0))),
    };
  };
}
