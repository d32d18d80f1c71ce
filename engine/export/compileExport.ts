import { quoteIdent, quoteString } from '../duckdb/sqlQuote';
import { compileFilter } from '../query/compileFilter';
import { limitLiteral, whereClause } from '../query/compileList';
import type { CompiledSql, Source } from '../query/queryPlan';
import { col, fromFiles, SqlWriter } from '../query/sqlWriter';
import type { ExportPlan } from './exportRequest';

const FORMAT_OPTIONS = {
  parquet: "FORMAT parquet, COMPRESSION zstd",
  csv: 'FORMAT csv, HEADER true',
  jsonl: 'FORMAT json',
} as const;

/**
 * `COPY (SELECT … WHERE …) TO '<file>'` for an export. Columns keep the contract's names and native types (a parquet
 * export is a slice of the data product itself); rows come in primary-key order, the order the snapshot's files are
 * written in, which DuckDB preserves. The target path is chosen by the server, never by the client.
 */
export function compileExport(plan: ExportPlan, source: Source, target: string): CompiledSql {
  const w = new SqlWriter();
  const conditions = plan.filter ? [compileFilter(plan.filter, w)] : [];
  const select = plan.columns.map((c) => `${col(c)} AS ${quoteIdent(c.name)}`).join(', ');
  const limit = plan.limit === undefined ? '' : ` LIMIT ${limitLiteral(plan.limit)}`;
  return w.done(`COPY (SELECT ${select} FROM ${fromFiles(source)}${whereClause(conditions)}${limit}) TO ${quoteString(target)} (${FORMAT_OPTIONS[plan.format]})`);
}
