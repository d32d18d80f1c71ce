import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { DuckDBSession } from '../engine/duckdb/openDuckDB';
import { openDuckDB } from '../engine/duckdb/openDuckDB';
import { quoteString } from '../engine/duckdb/sqlQuote';
import type { SqlRequest } from './queries/family';

/** Parquet files of the products the reference queries read, by the placeholder name (`orders`, `customers`). */
export type ReferenceTables = Record<string, string[]>;

interface Slot { connection: DuckDBConnection; prepared: Map<string, DuckDBPreparedStatement> }

/**
 * DuckDB asked directly, in the benchmark process: the engine floor Tessera is compared with. Same thread count and
 * memory limit as the subgraphs, parquet metadata cached like theirs, one connection per concurrent client, every
 * statement prepared once per connection (the best a hand-written client can do).
 */
export class ReferenceEngine {
  private readonly idle: Slot[] = [];

  private constructor(private readonly session: DuckDBSession, private readonly tables: ReferenceTables) {}

  /** Opens an in-memory DuckDB with `connections` connections. */
  static async open(options: { threads: number; memoryLimit: string; tables: ReferenceTables; connections: number }): Promise<ReferenceEngine> {
    const session = await openDuckDB({ threads: options.threads, memoryLimit: options.memoryLimit });
    await session.connection.run('SET parquet_metadata_cache = true');
    const engine = new ReferenceEngine(session, options.tables);
    engine.idle.push({ connection: session.connection, prepared: new Map() });
    for (let n = 1; n < options.connections; n++) {
      const connection = await session.instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      engine.idle.push({ connection, prepared: new Map() });
    }
    return engine;
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
  async query(request: SqlRequest): Promise<Record<string, unknown>[]> {
    const slot = this.idle.pop();
    if (!slot) throw new Error('expected a free reference connection, got none (more concurrent callers than connections)');
    try {
      let prepared = slot.prepared.get(request.sql);
      if (!prepared) {
        prepared = await slot.connection.prepare(this.expand(request.sql));
        slot.prepared.set(request.sql, prepared);
      }
      prepared.bind(request.params);
      const reader = await prepared.runAndReadAll();
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      this.idle.push(slot);
    }
  }

  /** Runs a statement that returns nothing worth reading (COPY). */
  async run(sql: string): Promise<void> {
    const slot = this.idle.pop();
    if (!slot) throw new Error('expected a free reference connection, got none');
    try {
      await slot.connection.run(this.expand(sql));
    } finally {
      this.idle.push(slot);
    }
  }

  /** Closes the connections and the instance. */
  close(): void {
    for (const slot of this.idle) {
      for (const p of slot.prepared.values()) p.destroySync();
      if (slot.connection !== this.session.connection) slot.connection.closeSync();
    }
    this.session.close();
  }
}
