import type { CompiledSql, LookupPlan } from '../query/queryPlan';
import { whereClause } from './compileList';
import { fromFiles, keyedSource, outputExpr, SqlWriter } from './sqlWriter';

/**
 * Rows for a batch of primary keys in one statement: `key IN (…)` for a single-column key (see SqlWriter.inList;
 * files are sorted by key at publish, so few row groups match), an OR of key tuples otherwise. Over a lookup table
 * (engine/duckdb/lookupTables.ts, `table`), a long batch of single-column keys is joined as rows instead
 * ({@link keyedSource}, shared with relations).
 */
export function compileLookup(plan: LookupPlan, table?: string): CompiledSql {
  const w = new SqlWriter();
  const select = plan.columns.map((c) => outputExpr(c)).join(', ');
  if (plan.keys.length && plan.key.length === 1) {
    const { from, condition } = keyedSource(plan.source, table, plan.key[0]!, plan.keys.map((v) => v[0]!), w);
    return w.done(`SELECT ${select} FROM ${from}${whereClause(condition ? [condition] : [])}`);
  }
  const where = !plan.keys.length ? 'FALSE'
    : plan.keys.map((values) => `(${plan.key.map((k, i) => w.equals(k, values[i]!)).join(' AND ')})`).join(' OR ');
  return w.done(`SELECT ${select} FROM ${table ?? fromFiles(plan.source)} WHERE ${where}`);
}
