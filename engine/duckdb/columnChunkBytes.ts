import type { DuckDBSession } from './openDuckDB';
import { openDuckDB } from './openDuckDB';
import { quoteString } from './sqlQuote';

/** Files whose sizes are remembered at once; past it the least recently used are forgotten (and read again if needed). */
const MAX_FILES = 10_000;

/**
 * Compressed bytes per column of parquet files, summed over their row groups, read from each file's footer with
 * DuckDB's `parquet_metadata` once per file and process: snapshot files are immutable, so a size never changes. The
 * footers are read on a DuckDB of their own (one thread, opened on first use), never on the query pool, so measuring
 * takes no connection or admission from the queries it measures.
 */
export class ColumnChunkBytes {
  private readonly sizes = new Map<string, Promise<ReadonlyMap<string, number>>>();
  private duck: Promise<DuckDBSession> | undefined;

  constructor(private readonly maxFiles = MAX_FILES) {}

  /**
   * Bytes per column name of the file at `path`.
   * @throws whatever DuckDB throws when the footer cannot be read (the failure is not remembered).
   */
  of(path: string): Promise<ReadonlyMap<string, number>> {
    const known = this.sizes.get(path);
    if (known) {
      this.sizes.delete(path);
      this.sizes.set(path, known);
      return known;
    }
    const read = this.read(path);
    read.catch(() => this.sizes.delete(path));
    this.sizes.set(path, read);
    if (this.sizes.size > this.maxFiles) this.sizes.delete(this.sizes.keys().next().value as string);
    return read;
  }

  /** Closes the DuckDB the footers are read with, if it was opened. */
  async close(): Promise<void> {
    const duck = this.duck;
    this.duck = undefined;
    if (duck) (await duck).close();
  }

  private async read(path: string): Promise<ReadonlyMap<string, number>> {
    this.duck ??= openDuckDB({ threads: 1, memoryLimit: '64MB' });
    const reader = await (await this.duck).connection.runAndReadAll(
      `SELECT path_in_schema AS "column", sum(total_compressed_size)::BIGINT AS "bytes" FROM parquet_metadata(${quoteString(path)}) GROUP BY 1`);
    return new Map((reader.getRowObjectsJson() as Record<string, unknown>[]).map((r) => [String(r.column), Number(r.bytes)]));
  }
}
