import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdbParams } from '../duckdb/duckdbParams';
import type { DuckDBSession } from '../duckdb/openDuckDB';
import { openDuckDB } from '../duckdb/openDuckDB';
import { ErrorCode, TesseraError } from '../errors';
import type { CompiledSql } from '../query/queryPlan';

/** Rows as DuckDB renders them for JSON: BIGINT, HUGEINT and DECIMAL as exact strings, numbers, booleans, text. */
export type SqlRow = Record<string, unknown>;

/** Called after every statement a pool runs: lets tests count queries and operators log slow ones. */
export type QueryListener = (sql: CompiledSql, ms: number) => void;

/** How one statement runs. */
export interface QueryOptions {
  /** Instead of the pool's timeout. */
  timeoutMs?: number;
  /** Interrupts the statement when aborted (the client went away). */
  signal?: AbortSignal;
  /** The statement's text will not come again: run it unprepared. */
  once?: boolean;
}

/** Pool settings; threads and memory come from config. */
export interface PoolOptions {
  threads: number;
  memoryLimit: string;
  /** Concurrent connections. @default 4 */
  connections?: number;
  /** Where DuckDB spills sorts and joins that outgrow the memory limit. */
  tempDirectory?: string;
  /** Longest a statement may wait for a connection plus run; past it, it is interrupted. @default 30000 */
  timeoutMs?: number;
  onQuery?: QueryListener;
}

interface Slot {
  connection: DuckDBConnection;
  /** Prepared statements by SQL text; snapshot files are immutable, so a statement stays valid. */
  prepared: Map<string, DuckDBPreparedStatement>;
}

const PREPARED_PER_CONNECTION = 256;

/**
 * A small pool of connections to one in-memory DuckDB instance (threads and memory bounded by config). Statements
 * are prepared once per connection and reused; parquet metadata is cached (snapshot files never change).
 */
export class ConnectionPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;

  private constructor(private readonly session: DuckDBSession, private readonly timeoutMs: number, private readonly onQuery?: QueryListener) {}

  /** Opens the instance and its connections. */
  static async open(options: PoolOptions): Promise<ConnectionPool> {
    const session = await openDuckDB({ threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: options.tempDirectory });
    await session.connection.run('SET parquet_metadata_cache = true');
    const pool = new ConnectionPool(session, options.timeoutMs ?? 30_000, options.onQuery);
    pool.idle.push({ connection: session.connection, prepared: new Map() });
    for (let i = 1; i < (options.connections ?? 4); i++) {
      const connection = await session.instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      pool.idle.push({ connection, prepared: new Map() });
    }
    return pool;
  }

  /**
   * Runs one parameterised statement and returns its rows. Statements are prepared once per connection and reused,
   * unless `once` says the text will not come again (an export's target path): those run unprepared, so they never
   * push hot statements out of the cache.
   * @throws TesseraError QUERY_TIMEOUT when waiting for a connection and running took longer than the timeout (the
   *   pool's, or `options.timeoutMs`): the statement is interrupted, so an abandoned request stops costing the engine.
   *   An aborted `options.signal` interrupts it too.
   */
  async query(statement: CompiledSql, options: QueryOptions = {}): Promise<SqlRow[]> {
    if (this.closed) throw new Error('the DuckDB pool is closed');
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const started = performance.now();
    // The caller has already gone (a deadline that passed while the request waited): do not start.
    if (options.signal?.aborted) throw this.timeout(0);
    const slot = await this.acquire(started + timeoutMs, timeoutMs);
    let interrupted = false;
    const interrupt = (): void => {
      interrupted = true;
      slot.connection.interrupt();
    };
    const timer = setTimeout(interrupt, Math.max(0, started + timeoutMs - performance.now()));
    options.signal?.addEventListener('abort', interrupt, { once: true });
    try {
      if (options.once) {
        const reader = await slot.connection.runAndReadAll(statement.sql, duckdbParams(statement.params));
        return reader.getRowObjectsJson() as SqlRow[];
      }
      let prepared = slot.prepared.get(statement.sql);
      if (!prepared) {
        prepared = await slot.connection.prepare(statement.sql);
        if (slot.prepared.size >= PREPARED_PER_CONNECTION) {
          const oldest = slot.prepared.keys().next().value as string;
          slot.prepared.get(oldest)?.destroySync();
          slot.prepared.delete(oldest);
        }
        slot.prepared.set(statement.sql, prepared);
      }
      prepared.bind(duckdbParams(statement.params));
      const reader = await prepared.runAndReadAll();
      return reader.getRowObjectsJson() as SqlRow[];
    } catch (err) {
      throw interrupted ? this.timeout(timeoutMs) : err;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', interrupt);
      this.onQuery?.(statement, performance.now() - started);
      this.release(slot);
    }
  }

  /** Closes every connection and the instance. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.idle) {
      for (const p of slot.prepared.values()) p.destroySync();
      if (slot.connection !== this.session.connection) slot.connection.closeSync();
    }
    this.session.close();
  }

  private timeout(ms: number): TesseraError {
    return new TesseraError(ErrorCode.QUERY_TIMEOUT, `expected the query to finish within ${ms} ms, it took longer and was stopped; narrow the filter or ask for fewer rows`);
  }

  /** An idle connection, or the next one released; refused once `deadline` (performance.now() time) passes. */
  private acquire(deadline: number, timeoutMs: number): Promise<Slot> {
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => {
      const waiter = (s: Slot): void => {
        clearTimeout(timer);
        resolve(s);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(this.timeout(timeoutMs));
      }, Math.max(0, deadline - performance.now()));
      this.waiting.push(waiter);
    });
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}
