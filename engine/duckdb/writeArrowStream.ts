import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { RecordBatchStreamWriter } from 'apache-arrow';
import type { ExportPlan } from '../query/planExport';
import type { Source } from '../query/queryPlan';
import { arrowBatch, arrowSchema } from './arrowBatch';
import { compileExportSelect, exportName } from './compileExport';
import type { ConnectionPool, QueryOptions } from './connectionPool';
import { SqlWriter } from './sqlWriter';

/**
 * Writes an export's rows to `target` as an Arrow IPC stream (`application/vnd.apache.arrow.stream`): the schema,
 * then one record batch per DuckDB result chunk, as the chunks come, so the rows are never all in memory. The
 * schema is written even when no row matches. Resolves to the rows written.
 */
export async function writeArrowStream(pool: ConnectionPool, plan: ExportPlan, source: Source, target: string, options: QueryOptions): Promise<number> {
  const w = new SqlWriter();
  const statement = w.done(compileExportSelect(plan, source, w));
  const schema = arrowSchema(plan.columns, plan.columns.map((c) => exportName(c, plan)), plan.naming === 'graphql', plan.changes ? ['_change'] : []);
  const writer = new RecordBatchStreamWriter();
  const written = pipeline(writer.toNodeStream(), createWriteStream(target));
  writer.reset(undefined, schema);
  let rows = 0;
  try {
    await pool.stream(statement, options, (chunk) => {
      rows += chunk.rowCount;
      writer.write(arrowBatch(schema, chunk));
    });
  } finally {
    writer.close();
    await written;
  }
  return rows;
}
