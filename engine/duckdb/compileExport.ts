import { quoteIdent, quoteString } from './sqlQuote';
import { changeTableSql } from './compileChanges';
import { compileFilter } from './compileFilter';
import { compileOrderBy } from './compileKeyset';
import { limitLiteral, whereClause } from './compileList';
import type { ColumnModel } from '../model/productModel';
import type { CompiledSql, Source } from '../query/queryPlan';
import { col, fromFiles, SqlWriter } from './sqlWriter';
import type { ExportFormat, ExportPlan } from '../query/planExport';
import { keyOrder } from '../query/planChanges';

const FORMAT_OPTIONS: Record<Exclude<ExportFormat, 'arrow'>, string> = {
  parquet: "FORMAT parquet, COMPRESSION zstd",
  csv: 'FORMAT csv, HEADER true',
  jsonl: 'FORMAT json',
};

/**
 * The value written for a column in a format. Parquet and Arrow keep the native type; under GraphQL naming a
 * timestamp is a UTC instant (`TIMESTAMPTZ`, parquet's `isAdjustedToUTC`), as GraphQL's DateTime is. The text formats
 * write timestamps as ISO 8601 UTC with microseconds, as the GraphQL API does; JSON lines also writes int64 and
 * decimals as strings (the wire form of GraphQL's Long and Decimal), because JSON numbers lose digits beyond 2^53 in
 * most parsers.
 */
function exportExpr(column: ColumnModel, plan: ExportPlan): string {
  const { format } = plan;
  if (format === 'parquet' || format === 'arrow') {
    return column.type === 'timestamp' && plan.naming === 'graphql' ? `CAST(${col(column)} AS TIMESTAMPTZ)` : col(column);
  }
  if (column.type === 'timestamp') return `strftime(${col(column)}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (format === 'jsonl' && (column.scalar === 'Long' || column.scalar === 'Decimal')) return `CAST(${col(column)} AS VARCHAR)`;
  return col(column);
}

/** The name a column has in an export: its GraphQL field name, or its contract name under `naming: "contract"`. */
export function exportName(column: ColumnModel, plan: ExportPlan): string {
  return plan.naming === 'contract' ? column.alias?.formerName ?? column.name : column.field;
}

/**
 * `SELECT … WHERE …` of an export's rows: columns named as {@link exportName}, typed as `exportExpr`. Rows come in
 * primary-key order, the order the snapshot's files are written in, which DuckDB preserves. A change feed's export
 * reads the change set instead (see changeTableSql), with its `_change` column first.
 */
export function compileExportSelect(plan: ExportPlan, source: Source, w: SqlWriter = new SqlWriter()): string {
  const changes = plan.changes;
  let from = fromFiles(source);
  let order = '';
  if (changes) {
    if (!changes.sources) throw new Error('expected the snapshots of a change export to be opened before it is compiled');
    const key = plan.model.primaryKey;
    from = changeTableSql({ ...changes.sources, key, compared: changes.compared, kinds: changes.kinds }, plan.columns, w);
    // A full outer join has no order of its own: a change feed comes in primary-key order, as a snapshot does.
    order = ` ORDER BY ${compileOrderBy(keyOrder(plan.model))}`;
  }
  const conditions = plan.filter ? [compileFilter(plan.filter, w)] : [];
  const select = [...(changes ? ['"_change"'] : []), ...plan.columns.map((c) => `${exportExpr(c, plan)} AS ${quoteIdent(exportName(c, plan))}`)].join(', ');
  const limit = plan.limit === undefined ? '' : ` LIMIT ${limitLiteral(plan.limit)}`;
  return `SELECT ${select} FROM ${from}${whereClause(conditions)}${order}${limit}`;
}

/**
 * `COPY (SELECT … WHERE …) TO '<file>'` for a parquet, CSV or JSON lines export (an Arrow stream is written from the
 * rows of {@link compileExportSelect}). The target path is chosen by the server, never by the client.
 */
export function compileExport(plan: ExportPlan, source: Source, target: string): CompiledSql {
  if (plan.format === 'arrow') throw new Error('an Arrow export is written from its rows, not by COPY');
  const w = new SqlWriter();
  const select = compileExportSelect(plan, source, w);
  return w.done(`COPY (${select}) TO ${quoteString(target)} (${FORMAT_OPTIONS[plan.format]})`);
}
