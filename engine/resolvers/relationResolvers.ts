import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { hasScope } from '../auth/callerIdentity';
import { compileRelation, compileRelationCount, PARENT_COLUMN } from '../duckdb/compileRelation';
import type { ListArgs } from '../query/planList';
import { planPage } from '../query/planList';
import type { SqlValue } from '../query/scalarValue';
import { parseScalarValue } from '../query/scalarValue';
import type { SqlRow } from '../duckdb/connectionPool';
import type { ConnectionValue } from './connectionValue';
import { pageOf } from './connectionValue';
import { entityLoader } from '../queryEngine/entityLoader';
import { referencedKeyLoader } from '../queryEngine/referencedKeyLoader';
import { readColumns } from '../access/readColumns';
import { resolveAfter } from '../queryEngine/resolveAfter';
import type { ReferenceModel } from '../model/relations';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { loaderFor } from '../queryEngine/requestContext';
import { connectionNodeFields, fieldNames } from './selection';
import type { SubgraphEngine } from '../queryEngine/queryEngine';
import { assertReadable, piiForbidden } from '../queryEngine/queryEngine';
import { admissionOf, scanCost } from '../queryEngine/statementCost';

/**
 * Resolves a reference field (`OrderV2.customer`) to null when the key is null or not in the referenced product's
 * snapshot, else to the referenced row (an entity of this domain, batched) or, for another domain's entity, to a
 * stub `{ customerId }` the gateway completes from its subgraph. The existence of another domain's key is checked
 * here (a probe of the snapshot's key set, or a batched key-column lookup for a large product), because the gateway would otherwise build
 * an object from the stub alone: the owner's null answer for a representation does not null the field. Reading the
 * key set needs the caller to be granted the referenced product, like any read of it.
 * @throws TesseraError FORBIDDEN for a pii referencing column without the scope or a product outside the grant.
 */
export function referenceFieldResolver(engine: SubgraphEngine, ref: ReferenceModel) {
  const targetKey = ref.target.primaryKey[0]!;
  const local = ref.target.contract.domain === engine.domain.domain;
  return async (row: SqlRow, _args: unknown, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<SqlRow | null> => {
    if (ref.column.pii && !hasScope(ctx.identity, 'pii')) throw piiForbidden(ref.column);
    const value = row[ref.column.field];
    if (value === null || value === undefined) return null;
    const key = [parseScalarValue(targetKey.scalar, value)];
    if (!local) {
      assertReadable(ctx.identity, ref.target);
      return (await referencedKeyLoader(engine, ctx, ref.target).load(key)) ? { [targetKey.field]: value } : null;
    }
    const target = engine.domain.products.find((p) => p.typeName === ref.target.typeName)!;
    assertReadable(ctx.identity, target);
    const columns = readColumns(ctx, target, engine.domain.references, fieldNames(info, target.typeName));
    return entityLoader(engine, ctx, target, {}, columns).load(key);
  };
}

/**
 * Resolves a reverse relation (`CustomerV1.ordersV2(where, orderBy, first, after)`): all parents asking with the
 * same arguments in one tick are answered by ONE statement with a per-parent window (`row_number() over (partition
 * by fk …)`); `totalCount`, when selected, by one more grouped statement.
 */
export function reverseRelationResolver(engine: SubgraphEngine, ref: ReferenceModel) {
  const model = ref.from;
  const parentKey = ref.target.primaryKey[0]!;
  return async (parent: Record<string, unknown>, args: ListArgs, ctx: SubgraphContext, info: GraphQLResolveInfo): Promise<ConnectionValue> => {
    assertReadable(ctx.identity, model);
    const guard = engine.guard(ctx);
    guard(ref.column);
    const selected = readColumns(ctx, model, engine.domain.references, connectionNodeFields(info));
    const page = planPage(model, args, [...selected, ref.column], guard, engine.limits);
    const raw = parent[parentKey.field];
    const key = raw === null || raw === undefined ? undefined : parseScalarValue(ref.column.scalar, raw);
    const id = `${model.typeName}|${ref.column.name}|${JSON.stringify(args)}`;
    const rows = loaderFor(ctx, `rel|${id}|${page.columns.map((c) => c.name).join(',')}`, () => new DataLoader<SqlValue, SqlRow[], string>(async (parents) => {
      const snapshot = await engine.open(ctx, model);
      const after = await resolveAfter(engine, ctx, snapshot, page.orderBy, page.after);
      const found = await engine.run(compileRelation({ source: snapshot, columns: page.columns, foreignKey: ref.column, parents: [...parents],
        filter: page.filter, orderBy: page.orderBy, after, limit: page.first + 1 }), admissionOf(ctx, scanCost(snapshot)));
      return group(parents, found, (r) => parseScalarValue(ref.column.scalar, r[PARENT_COLUMN]));
    }, { cacheKeyFn: String, maxBatchSize: 10_000 }));
    const counts = loaderFor(ctx, `relcount|${id}`, () => new DataLoader<SqlValue, number, string>(async (parents) => {
      const snapshot = await engine.open(ctx, model);
      const found = await engine.run(compileRelationCount(snapshot, ref.column, [...parents], page.filter), admissionOf(ctx, scanCost(snapshot)));
      return group(parents, found, (r) => parseScalarValue(ref.column.scalar, r[PARENT_COLUMN])).map((g) => Number(g[0]?.count ?? 0));
    }, { cacheKeyFn: String, maxBatchSize: 10_000 }));
    const found = key === undefined ? [] : await rows.load(key);
    return { model, orderBy: page.orderBy, ...pageOf(found, page.first), count: () => (key === undefined ? Promise.resolve(0) : counts.load(key)) };
  };
}

function group(parents: readonly SqlValue[], rows: SqlRow[], keyOf: (row: SqlRow) => SqlValue): SqlRow[][] {
  const byParent = new Map<string, SqlRow[]>();
  for (const r of rows) {
    const k = String(keyOf(r));
    let list = byParent.get(k);
    if (!list) byParent.set(k, (list = []));
    list.push(r);
  }
  return parents.map((p) => byParent.get(String(p)) ?? []);
}
