import { ConnectionPool } from '../engine/duckdb/connectionPool';
import { quoteString } from '../engine/duckdb/sqlQuote';
import type { SqlRequest } from './queries/family';

/** Parquet files of the products the reference queries read, by the placeholder name (`orders`, `customers`). */
export type ReferenceTables = Record<string, string[]>;

/**
 * DuckDB asked directly, in the benchmark process: the engine floor Tessera is compared with. The same pool as the
 * subgraphs' executor (same thread count and memory limit, parquet metadata cached, every statement prepared once
 * per connection), one connection per concurrent client, and the statement text written by hand: what a
 * hand-written client over the same files would do.
 */
export class ReferenceEngine {
  private constructor(private readonly pool: ConnectionPool, private readonly tables: ReferenceTables) {}

  /** Opens an in-memory DuckDB with `connections` connections. */
  static async open(options: { threads: number; memoryLimit: string; tables: ReferenceTables; connections: number }): Promise<ReferenceEngine> {
    // No admission limits: the benchmark's clients are its only callers, as a hand-written client's would be.
    const pool = await ConnectionPool.open({
      threads: options.threads, memoryLimit: options.memoryLimit, connections: options.connections, timeoutMs: 600_000,
      admission: { heavySlots: options.connections, queueLimit: 1_000_000, callerQueueLimit: 1_000_000 },
    });
    return new ReferenceEngine(pool, options.tables);
  }

  /** The statement's text with `{table}` placeholders replaced by `read_parquet([...])` of the files. */
  expand(sql: string): string {
    return sql.replace(/\{(\w+)\}/g, (_, name: string) => {
      const files = this.tables[name];
      if (!files?.length) throw new Error(`expected parquet files for {${name}}, got none`);
      return `read_parquet([${files.map(quoteString).join(', ')}])`;
    });
  }

  /** Runs a statement with its parameters and returns the rows as JSON-friendly objects. */
  query(request: SqlRequest): Promise<Record<string, unknown>[]> {
    return this.pool.query({ sql: this.expand(request.sql), params: request.params });
  }

  /** Runs a statement that returns nothing worth reading (COPY), unprepared. */
  async run(sql: string): Promise<void> {
    await this.pool.query({ sql: this.expand(sql), params: [] }, { once: true });
  }

  /** Closes the connections and the instance. */
  close(): void {
    this.pool.close();
  }
}
