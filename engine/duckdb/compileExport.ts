import { quoteIdent, quoteString } from './sqlQuote';
import { compileFilter } from './compileFilter';
import { limitLiteral, whereClause } from './compileList';
import type { ColumnModel } from '../model/productModel';
import type { CompiledSql, Source } from '../query/queryPlan';
import { col, fromFiles, SqlWriter } from './sqlWriter';
import type { ExportFormat, ExportPlan } from '../query/planExport';

const FORMAT_OPTIONS: Record<ExportFormat, string> = {
  parquet: "FORMAT parquet, COMPRESSION zstd",
  csv: 'FORMAT csv, HEADER true',
  jsonl: 'FORMAT json',
};

/**
 * The value written for a column in a format. Parquet keeps the native type. The text formats write timestamps as
 * ISO 8601 UTC with microseconds, as the GraphQL API does; JSON lines also writes int64 and decimals as strings (the
 * wire form of GraphQL's Long and Decimal), because JSON numbers lose digits beyond 2^53 in most parsers.
 */
function exportExpr(column: ColumnModel, format: ExportFormat): string {
  if (format === 'parquet') return col(column);
  if (column.type === 'timestamp') return `strftime(${col(column)}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (format === 'jsonl' && (column.scalar === 'Long' || column.scalar === 'Decimal')) return `CAST(${col(column)} AS VARCHAR)`;
  return col(column);
}

/**
 * `COPY (SELECT … WHERE …) TO '<file>'` for an export. Columns keep the contract's names; parquet keeps their native
 * types (a parquet export is a slice of the data product itself), text formats use the API's wire forms (see
 * `exportExpr`). Rows come in primary-key order, the order the snapshot's files are written in, which DuckDB
 * preserves. The target path is chosen by the server, never by the client.
 */
export function compileExport(plan: ExportPlan, source: Source, target: string): CompiledSql {
  const w = new SqlWriter();
  const conditions = plan.filter ? [compileFilter(plan.filter, w)] : [];
  const select = plan.columns.map((c) => `${exportExpr(c, plan.format)} AS ${quoteIdent(c.name)}`).join(', ');
  const limit = plan.limit === undefined ? '' : ` LIMIT ${limitLiteral(plan.limit)}`;
  return w.done(`COPY (SELECT ${select} FROM ${fromFiles(source)}${whereClause(conditions)}${limit}) TO ${quoteString(target)} (${FORMAT_OPTIONS[plan.format]})`);
}
