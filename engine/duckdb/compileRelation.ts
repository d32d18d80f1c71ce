import { quoteIdent } from './sqlQuote';
import { compileFilter } from './compileFilter';
import { compileKeyset, compileOrderBy } from './compileKeyset';
import { limitLiteral, whereClause } from './compileList';
import type { CompiledSql, FilterNode, RelationPlan, Source } from '../query/queryPlan';
import type { ColumnModel } from '../model/productModel';
import type { SqlValue } from '../query/scalarValue';
import { col, keyedSource, outputExpr, SqlWriter } from './sqlWriter';

/** Name of the output column holding the parent key a related row belongs to. */
export const PARENT_COLUMN = '__parent';

/**
 * The first `limit` related rows of every parent in one statement: `row_number() over (partition by fk order by …)`
 * numbers each parent's rows in the relation's order, and the outer query keeps the first `limit` of each.
 */
export function compileRelation(plan: RelationPlan, table?: string): CompiledSql {
  const w = new SqlWriter();
  const { from, condition } = keyedSource(plan.source, table, plan.foreignKey, plan.parents, w);
  const conditions = condition ? [condition] : [];
  if (plan.filter) conditions.push(compileFilter(plan.filter, w));
  if (plan.after) conditions.push(compileKeyset(plan.orderBy, plan.after, w));
  const order = compileOrderBy(plan.orderBy);
  const select = [...plan.columns.map((c) => outputExpr(c)), outputExpr(plan.foreignKey, col(plan.foreignKey), PARENT_COLUMN)];
  const inner = `SELECT ${select.join(', ')}, row_number() OVER (PARTITION BY ${col(plan.foreignKey)} ORDER BY ${order}) AS "__rn" ` +
    `FROM ${from}${whereClause(conditions)}`;
  return w.done(`SELECT * EXCLUDE ("__rn") FROM (${inner}) WHERE "__rn" <= ${limitLiteral(plan.limit)} ORDER BY ${quoteIdent(PARENT_COLUMN)}, "__rn"`);
}

/** Matching related rows per parent key, for `totalCount` of a relation, in one statement. */
export function compileRelationCount(source: Source, fk: ColumnModel, parents: SqlValue[], filter: FilterNode | undefined, table?: string): CompiledSql {
  const w = new SqlWriter();
  const { from, condition } = keyedSource(source, table, fk, parents, w);
  const conditions = condition ? [condition] : [];
  if (filter) conditions.push(compileFilter(filter, w));
  return w.done(`SELECT ${outputExpr(fk, col(fk), PARENT_COLUMN)}, count(*) AS "count" FROM ${from}${whereClause(conditions)} GROUP BY ${col(fk)}`);
}
