import { LRUCache } from 'lru-cache';
import type { StatementRead } from '../query/executor';
import type { Source } from '../query/queryPlan';
import type { ColumnChunkBytes } from './columnChunkBytes';

/** Statement texts repeat (values are bound as parameters): their names are found once per text. */
const namesByText = new LRUCache<string, ReadonlySet<string>>({ max: 1000 });

/** The identifiers a statement names: every double-quoted name (the SQL writer quotes every column it uses). */
function namedIdentifiers(sql: string): ReadonlySet<string> {
  let names = namesByText.get(sql);
  if (!names) {
    const found = new Set<string>();
    for (const m of sql.matchAll(/"((?:[^"]|"")+)"/g)) found.add(m[1]!.replace(/""/g, '"'));
    namesByText.set(sql, (names = found));
  }
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
