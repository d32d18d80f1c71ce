import DataLoader from 'dataloader';
import type { ReferenceModel } from '../model/relations';
import type { Row } from '../query/executor';
import type { ListArgs, PagedQuery } from '../query/planList';
import type { SqlValue } from '../query/scalarValue';
import type { QueryEngine } from './queryEngine';
import type { SubgraphContext } from './requestContext';
import { loaderFor } from './requestContext';
import { resolveAfter } from './resolveAfter';
import { admissionOf, scanCost } from './statementCost';

/** The request's loaders of one reverse relation asked with one set of arguments: rows and counts per parent key. */
export interface RelationLoaders {
  rows: DataLoader<SqlValue, Row[], string>;
  counts: DataLoader<SqlValue, number, string>;
}

/**
 * The loaders of a reverse relation for the parents that ask with the same arguments in one tick: all of them are
 * answered by ONE statement with a per-parent window (`row_number() over (partition by fk …)`), and `totalCount`,
 * when selected, by one more grouped statement.
 */
export function relationLoaders(engine: QueryEngine, ctx: SubgraphContext, ref: ReferenceModel, args: ListArgs, page: PagedQuery): RelationLoaders {
  const model = ref.from;
  const id = `${model.typeName}|${ref.column.name}|${JSON.stringify(args)}`;
  const rows = loaderFor(ctx, `rel|${id}|${page.columns.map((c) => c.field).join(',')}`, () => new DataLoader<SqlValue, Row[], string>(async (parents) => {
    const snapshot = await engine.open(ctx, model);
    const after = await resolveAfter(engine, ctx, snapshot, page.orderBy, page.after);
    return engine.run(snapshot, (x) => x.relation({ source: snapshot, columns: page.columns, foreignKey: ref.column, parents: [...parents],
      filter: page.filter, orderBy: page.orderBy, after, limit: page.first + 1 }, admissionOf(ctx, scanCost(snapshot))));
  }, { cacheKeyFn: String, maxBatchSize: 10_000 }));
  const counts = loaderFor(ctx, `relcount|${id}`, () => new DataLoader<SqlValue, number, string>(async (parents) => {
    const snapshot = await engine.open(ctx, model);
    return engine.run(snapshot, (x) => x.relationCount({ source: snapshot, foreignKey: ref.column, parents: [...parents], filter: page.filter }, admissionOf(ctx, scanCost(snapshot))));
  }, { cacheKeyFn: String, maxBatchSize: 10_000 }));
  return { rows, counts };
}
