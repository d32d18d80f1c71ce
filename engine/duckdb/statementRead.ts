import type { StatementRead } from '../query/executor';
import type { Source } from '../query/queryPlan';
import type { ColumnChunkBytes } from './columnChunkBytes';

/** The identifiers a statement names: every double-quoted name (the SQL writer quotes every column it uses). */
export function namedIdentifiers(sql: string): Set<string> {
  const names = new Set<string>();
  for (const m of sql.matchAll(/"((?:[^"]|"")+)"/g)) names.add(m[1]!.replace(/""/g, '"'));
  return names;
}

/**
 * What one DuckDB statement over `source` read: the compressed bytes of the column chunks of every column the
 * statement names, in every file it opens. That is what its scan may read at most (DuckDB also skips row groups whose
 * statistics exclude the filter); it is the same for every caller and every run, whatever is cached, which is what a
 * cost split needs. A statement that names no column (a bare count) reads only footers and costs 0 bytes; a file
 * whose footer cannot be read counts 0 bytes.
 */
export async function statementRead(chunks: ColumnChunkBytes, sql: string, source: Source, rows: number, engineMs: number): Promise<StatementRead> {
  const named = namedIdentifiers(sql);
  const sizes = await Promise.all(source.files.map((path) => chunks.of(path).catch(() => new Map<string, number>())));
  let bytesScanned = 0;
  for (const file of sizes) for (const [column, size] of file) if (named.has(column)) bytesScanned += size;
  return { files: source.files, bytesScanned, rows, engineMs };
}
