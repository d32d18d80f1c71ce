import type { ColumnModel } from '../model/productModel';
import type { ChangeSet, ChangesPlan } from '../query/planChanges';
import type { CompiledSql } from '../query/queryPlan';
import { compileKeyset, compileOrderBy } from './compileKeyset';
import { limitLiteral, whereClause } from './compileList';
import { quoteIdent } from './sqlQuote';
import { col, fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/** The change set's column holding each row's kind. */
const KIND_COLUMN = '__kind';

/** The change set's column of a column's value in the `from` (before) or `to` (after) snapshot. */
function sideColumn(side: 'before' | 'after', column: ColumnModel): string {
  return quoteIdent(`${side === 'before' ? '__b_' : '__a_'}${column.name}`);
}

/**
 * A subquery of the rows that differ between two snapshots: a full outer join of both on the primary key, keeping
 * rows on one side only and rows whose compared columns are distinct (`IS DISTINCT FROM`: nulls compare as values).
 * Its columns: the key under the contract's names, {@link KIND_COLUMN}, and each of `outputs` before and after.
 */
function changeSetSql(set: ChangeSet, outputs: readonly ColumnModel[], w: SqlWriter): string {
  // A renamed column's alias reads the same column: each column is read, and given a side, once.
  const once = (columns: readonly ColumnModel[]): ColumnModel[] => [...new Map(columns.map((c) => [c.name, c])).values()];
  const read = once([...set.key, ...set.compared, ...outputs]).map(col).join(', ');
  const sides = once(outputs);
  const first = col(set.key[0]!);
  const on = set.key.map((k) => `f.${col(k)} = t.${col(k)}`).join(' AND ');
  const kind = `CASE WHEN f.${first} IS NULL THEN 'ADDED' WHEN t.${first} IS NULL THEN 'REMOVED' ELSE 'CHANGED' END`;
  const differs = [`f.${first} IS NULL`, `t.${first} IS NULL`, ...set.compared.map((c) => `f.${col(c)} IS DISTINCT FROM t.${col(c)}`)];
  const select = [
    ...set.key.map((k) => `COALESCE(t.${col(k)}, f.${col(k)}) AS ${col(k)}`), `${kind} AS ${quoteIdent(KIND_COLUMN)}`,
    ...sides.map((c) => `f.${col(c)} AS ${sideColumn('before', c)}`), ...sides.map((c) => `t.${col(c)} AS ${sideColumn('after', c)}`),
  ];
  const kinds = set.kinds ? ` WHERE ${quoteIdent(KIND_COLUMN)} IN (${set.kinds.map((k) => w.typed(k, 'VARCHAR')).join(', ')})` : '';
  return `SELECT * FROM (SELECT ${select.join(', ')} FROM (SELECT ${read} FROM ${fromFiles(set.from)}) AS f ` +
    `FULL OUTER JOIN (SELECT ${read} FROM ${fromFiles(set.to)}) AS t ON ${on} WHERE ${differs.join(' OR ')}) AS d${kinds}`;
}

/** The alias of a column of the row before (`b.<field>`) or after (`a.<field>`) in a change page's result. */
export function changeAlias(side: 'before' | 'after', column: ColumnModel): string {
  return `${side === 'before' ? 'b' : 'a'}.${column.field}`;
}

/** One page of a change feed in primary-key order: the kind, the key by field name, and the row before and after. */
export function compileChanges(plan: ChangesPlan): CompiledSql {
  const w = new SqlWriter();
  const from = changeSetSql(plan, plan.columns, w);
  const conditions = plan.after ? [compileKeyset(plan.orderBy, plan.after, w)] : [];
  const select = [
    `${quoteIdent(KIND_COLUMN)} AS "kind"`, ...plan.key.map((k) => outputExpr(k)),
    ...plan.columns.map((c) => outputExpr(c, sideColumn('before', c), changeAlias('before', c))),
    ...plan.columns.map((c) => outputExpr(c, sideColumn('after', c), changeAlias('after', c))),
  ];
  return w.done(`SELECT ${select.join(', ')} FROM (${from}) AS changes${whereClause(conditions)} ORDER BY ${compileOrderBy(plan.orderBy)} LIMIT ${limitLiteral(plan.limit)}`);
}

/** The number of rows of a change set. */
export function compileChangeCount(set: ChangeSet): CompiledSql {
  const w = new SqlWriter();
  return w.done(`SELECT count(*) AS "count" FROM (${changeSetSql(set, [], w)}) AS changes`);
}

/**
 * A change set as a table an export reads like a snapshot (`FROM (…) AS changes`): `_change` (ADDED, REMOVED or
 * CHANGED) and every column under its contract name, holding the row after the change (before it, for REMOVED).
 */
export function changeTableSql(set: ChangeSet, columns: readonly ColumnModel[], w: SqlWriter): string {
  const select = [`${quoteIdent(KIND_COLUMN)} AS "_change"`, ...columns.map((c) => (c.key ? col(c)
    : `CASE WHEN ${quoteIdent(KIND_COLUMN)} = 'REMOVED' THEN ${sideColumn('before', c)} ELSE ${sideColumn('after', c)} END AS ${col(c)}`))];
  return `(SELECT ${select.join(', ')} FROM (${changeSetSql(set, columns.filter((c) => !c.key), w)}) AS d) AS changes`;
}
