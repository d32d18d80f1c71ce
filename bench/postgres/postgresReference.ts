import { createHash } from 'node:crypto';
import type { PoolConfig } from 'pg';
import { Pool, types } from 'pg';
import type { SqlRequest } from '../queries/family';

const TIMESTAMP_OIDS = new Set([1114, 1184]);

/**
 * Timestamps stay the text PostgreSQL sends (`2024-01-01 00:00:00+00`), as DuckDB's JSON rows keep theirs: both
 * sides' fingerprints then normalise the same kind of value, and no Date is built per row.
 */
const TEXT_TIMESTAMPS: PoolConfig['types'] = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (TIMESTAMP_OIDS.has(oid) ? (value: string) => value : types.getTypeParser(oid, format))) as typeof types.getTypeParser,
};

/**
 * Plain SQL in PostgreSQL through `pg`, in the benchmark process: the floor PostGraphile is compared with. A pool of
 * one connection per concurrent client, every statement a named prepared statement (parsed and planned once per
 * connection, the best a hand-written client can do).
 */
export class PostgresReference {
  private readonly pool: Pool;

  constructor(connectionString: string, connections: number) {
    this.pool = new Pool({ connectionString, max: connections, types: TEXT_TIMESTAMPS });
    // An idle connection the server closes (it stops right after end() returns, before the sockets have closed)
    // reports here; the pool drops it, and a query on a broken connection still fails through its own promise.
    this.pool.on('error', () => undefined);
  }

  /** Runs a statement with its parameters and returns its rows (bigint and numeric as text, timestamps as sent). */
  async query(request: SqlRequest): Promise<Record<string, unknown>[]> {
    const name = createHash('sha1').update(request.sql).digest('hex').slice(0, 16);
    const result = await this.pool.query({ name, text: request.sql, values: request.params });
    return result.rows as Record<string, unknown>[];
  }

  /** Closes every connection. */
  close(): Promise<void> {
    return this.pool.end();
  }
}
