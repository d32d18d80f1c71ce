import type { CompiledSql, LookupPlan } from './queryPlan';
import { col, fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/**
 * Rows for a batch of primary keys in one statement: `key IN (…)` for a single-column key (DuckDB prunes row groups
 * by their min/max statistics, and files are sorted by key at publish), an OR of key tuples otherwise.
 */
export function compileLookup(plan: LookupPlan): CompiledSql {
  const w = new SqlWriter();
  const select = plan.columns.map((c) => outputExpr(c)).join(', ');
  let where: string;
  if (!plan.keys.length) where = 'FALSE';
  else if (plan.key.length === 1) {
    const k = plan.key[0]!;
    where = `${col(k)} IN (${plan.keys.map((v) => w.value(v[0]!, k)).join(', ')})`;
  } else {
    where = plan.keys.map((values) => `(${plan.key.map((k, i) => `${col(k)} = ${w.value(values[i]!, k)}`).join(' AND ')})`).join(' OR ');
  }
  return w.done(`SELECT ${select} FROM ${fromFiles(plan.source)} WHERE ${where}`);
}
