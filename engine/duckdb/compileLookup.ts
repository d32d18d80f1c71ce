import type { CompiledSql, LookupPlan } from '../query/queryPlan';
import { fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/**
 * Rows for a batch of primary keys in one statement: `key IN (…)` for a single-column key (see SqlWriter.inList;
 * files are sorted by key at publish, so few row groups match), an OR of key tuples otherwise.
 */
export function compileLookup(plan: LookupPlan): CompiledSql {
  const w = new SqlWriter();
  const select = plan.columns.map((c) => outputExpr(c)).join(', ');
  let where: string;
  if (!plan.keys.length) where = 'FALSE';
  else if (plan.key.length === 1) {
    const k = plan.key[0]!;
    where = w.inList(k, plan.keys.map((v) => v[0]!));
  } else {
    where = plan.keys.map((values) => `(${plan.key.map((k, i) => w.equals(k, values[i]!)).join(' AND ')})`).join(' OR ');
  }
  return w.done(`SELECT ${select} FROM ${fromFiles(plan.source)} WHERE ${where}`);
}
