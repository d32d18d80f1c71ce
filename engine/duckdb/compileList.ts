import { compileFilter } from './compileFilter';
import { compileKeyset, compileOrderBy } from './compileKeyset';
import type { CompiledSql, FilterNode, ListPlan, Source } from '../query/queryPlan';
import { fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/** A safe LIMIT literal (limits come from validated page sizes, never from raw client text). */
export function limitLiteral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`expected a non-negative integer limit, got ${n}`);
  return String(n);
}

/** `WHERE …` from the given conditions, or nothing. */
export function whereClause(conditions: string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** One page of rows, projected to the plan's columns only (DuckDB then reads only those columns). */
export function compileList(plan: ListPlan): CompiledSql {
  const w = new SqlWriter();
  const conditions: string[] = [];
  if (plan.filter) conditions.push(compileFilter(plan.filter, w));
  if (plan.after) conditions.push(compileKeyset(plan.orderBy, plan.after, w));
  const select = plan.columns.map((c) => outputExpr(c)).join(', ');
  return w.done(`SELECT ${select} FROM ${fromFiles(plan.source)}${whereClause(conditions)} ORDER BY ${compileOrderBy(plan.orderBy)} LIMIT ${limitLiteral(plan.limit)}`);
}

/** The number of rows matching a filter (`totalCount`). */
export function compileCount(source: Source, filter: FilterNode | undefined): CompiledSql {
  const w = new SqlWriter();
  const conditions = filter ? [compileFilter(filter, w)] : [];
  return w.done(`SELECT count(*) AS "count" FROM ${fromFiles(source)}${whereClause(conditions)}`);
}
