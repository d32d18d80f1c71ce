import { quoteIdent } from '../duckdb/sqlQuote';
import type { GroupKeyModel } from './aggregateModel';
import { compileFilter } from './compileFilter';
import { limitLiteral, whereClause } from './compileList';
import type { AggregatePlan, CompiledSql, Measure } from './queryPlan';
import { col, fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/** Output column of a group key (`k_orderedAtMonth`). */
export function keyAlias(key: GroupKeyModel): string {
  return `k_${key.field}`;
}

/** Output column of a measure (`sum_amountCents`). */
export function measureAlias(m: Measure): string {
  return `${m.fn}_${m.column.field}`;
}

function keyExpr(key: GroupKeyModel): string {
  if (!key.grain) return col(key.column);
  const truncated = `date_trunc('${key.grain}', ${col(key.column)})`;
  return key.column.type === 'date' ? `CAST(${truncated} AS DATE)` : `CAST(${truncated} AS TIMESTAMP)`;
}

function measureExpr(m: Measure): string {
  const c = col(m.column);
  switch (m.fn) {
    case 'sum': return outputExpr(m.column, `sum(${c})`, measureAlias(m));
    case 'avg': return `CAST(avg(${c}) AS DOUBLE) AS ${quoteIdent(measureAlias(m))}`;
    case 'min': return outputExpr(m.column, `min(${c})`, measureAlias(m));
    case 'max': return outputExpr(m.column, `max(${c})`, measureAlias(m));
    case 'countDistinct': return `count(DISTINCT ${c}) AS ${quoteIdent(measureAlias(m))}`;
  }
}

/** Grouped aggregates in one statement, groups ordered by their keys (nulls last). */
export function compileAggregate(plan: AggregatePlan): CompiledSql {
  const w = new SqlWriter();
  const conditions = plan.filter ? [compileFilter(plan.filter, w)] : [];
  const keys = plan.groupBy.map((k) => outputExpr(k.column, keyExpr(k), keyAlias(k)));
  const select = [...keys, 'count(*) AS "count"', ...plan.measures.map(measureExpr)].join(', ');
  const grouping = plan.groupBy.length
    ? ` GROUP BY ${plan.groupBy.map(keyExpr).join(', ')} ORDER BY ${plan.groupBy.map((k) => `${keyExpr(k)} ASC NULLS LAST`).join(', ')}`
    : '';
  return w.done(`SELECT ${select} FROM ${fromFiles(plan.source)}${whereClause(conditions)}${grouping} LIMIT ${limitLiteral(plan.limit)}`);
}
