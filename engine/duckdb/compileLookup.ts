import type { CompiledSql, LookupPlan } from '../query/queryPlan';
import { quoteIdent } from './sqlQuote';
import { col, fromFiles, IN_LIST_INLINE_MAX, KEY_COLUMN, outputExpr, SqlWriter } from './sqlWriter';

/**
 * Rows for a batch of primary keys in one statement: `key IN (…)` for a single-column key (see SqlWriter.inList;
 * files are sorted by key at publish, so few row groups match), an OR of key tuples otherwise. Over a lookup table
 * (engine/duckdb/lookupTables.ts, `table`), a long batch of single-column keys is joined as rows instead
 * (SqlWriter.keyRows); a short one stays `IN (…)`, which DuckDB answers by the table's index.
 */
export function compileLookup(plan: LookupPlan, table?: string): CompiledSql {
  const w = new SqlWriter();
  const select = plan.columns.map((c) => outputExpr(c)).join(', ');
  const from = table ?? fromFiles(plan.source);
  let where: string;
  if (!plan.keys.length) where = 'FALSE';
  else if (plan.key.length === 1) {
    const k = plan.key[0]!;
    const keys = plan.keys.map((v) => v[0]!);
    if (table && keys.length > IN_LIST_INLINE_MAX) {
      const rows = w.keyRows(k, keys);
      if (rows) return w.done(`SELECT ${select} FROM ${rows} JOIN ${table} ON ${col(k)} = ${quoteIdent(KEY_COLUMN)}`);
      where = 'FALSE';
    } else where = w.inList(k, keys);
  } else {
    where = plan.keys.map((values) => `(${plan.key.map((k, i) => w.equals(k, values[i]!)).join(' AND ')})`).join(' OR ');
  }
  return w.done(`SELECT ${select} FROM ${from} WHERE ${where}`);
}
