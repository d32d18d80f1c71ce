import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdbParams } from './duckdbParams';
import type { DuckDBSession } from './openDuckDB';
import { openDuckDB } from './openDuckDB';
import { ErrorCode, TesseraError } from '../errors';
import type { CompiledSql } from '../query/queryPlan';
import type { Admission, SchedulerOptions } from './statementScheduler';
import { StatementScheduler } from './statementScheduler';

/** Rows as DuckDB renders them for JSON: BIGINT, HUGEINT and DECIMAL as exact strings, numbers, booleans, text. */
export type SqlRow = Record<string, unknown>;

/** Called after every statement a pool runs: lets tests count queries and operators log slow ones. */
export type QueryListener = (sql: CompiledSql, ms: number) => void;

/** Called when a statement is admitted to a connection. */
export type AdmitListener = (admission: Admission, heavy: boolean, waitedMs: number) => void;

/** How one statement runs. */
export interface QueryOptions {
  /** Instead of the pool's timeout. */
  timeoutMs?: number;
  /** Interrupts the statement when aborted (the client went away). */
  signal?: AbortSignal;
  /** The statement's text will not come again: run it unprepared. */
  once?: boolean;
  /** Who asks (the request's signed subject); callers share the pool fairly. @default "internal" */
  caller?: string;
  /** Estimated rows the statement reads: orders admission and marks heavy statements. @default 1 */
  cost?: number;
  /** Called when the statement ends with the milliseconds it held a connection (its wait not included). */
  onRun?: (ms: number) => void;
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
  /** Admission control: heavy statements, queue bounds (see {@link StatementScheduler}). */
  admission?: Omit<SchedulerOptions, 'slots'>;
  /** Called when a statement is admitted to a connection, in order of admission. */
  onAdmit?: AdmitListener;
}

interface Slot {
  connection: DuckDBConnection;
  /**
   * Prepared statements by SQL text: snapshot files are immutable, and a lookup copy detached and attached again
   * under its alias makes DuckDB bind a statement naming it again, so a statement stays valid.
   */
  prepared: Map<string, DuckDBPreparedStatement>;
}

const PREPARED_PER_CONNECTION = 256;

/**
 * A small pool of connections to one in-memory DuckDB instance (threads and memory bounded by config). Statements
 * are prepared once per connection and reused; parquet metadata is cached (snapshot files never change). Which
 * waiting statement gets the next free connection is the {@link StatementScheduler}'s decision: fair per caller,
 * weighted by estimated cost, with heavy statements limited so light ones keep a connection.
 */
export class ConnectionPool {
  private readonly idle: Slot[] = [];
  private closed = false;

  private constructor(private readonly session: DuckDBSession, private readonly timeoutMs: number, private readonly scheduler: StatementScheduler,
    private readonly onQuery?: QueryListener) {}

  /** Opens the instance and its connections. */
  static async open(options: PoolOptions): Promise<ConnectionPool> {
    const session = await openDuckDB({ threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: options.tempDirectory });
    await session.connection.run('SET parquet_metadata_cache = true');
    const connections = options.connections ?? 4;
    const scheduler = new StatementScheduler({ ...options.admission, slots: connections });
    scheduler.onAdmit = options.onAdmit;
    const pool = new ConnectionPool(session, options.timeoutMs ?? 30_000, scheduler, options.onQuery);
    pool.idle.push({ connection: session.connection, prepared: new Map() });
    for (let i = 1; i < connections; i++) pool.idle.push({ connection: await pool.connect(), prepared: new Map() });
    return pool;
  }

  /**
   * Runs one parameterised statement and returns its rows. Statements are prepared once per connection and reused,
   * unless `once` says the text will not come again (an export's target path): those run unprepared, so they never
   * push hot statements out of the cache.
   * @throws TesseraError QUERY_TIMEOUT when waiting for a connection and running took longer than the timeout (the
   *   pool's, or `options.timeoutMs`): the statement is interrupted, so an abandoned request stops costing the engine.
   *   An aborted `options.signal` interrupts it too; a statement still waiting when either happens never starts.
   * @throws TesseraError RATE_LIMITED when the caller (or everyone) already has as many statements waiting as allowed.
   */
  async query(statement: CompiledSql, options: QueryOptions = {}): Promise<SqlRow[]> {
    return this.withConnection(statement, options, async (slot, interrupted) => {
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
      if (interrupted()) throw new Error('interrupted');
      prepared.bind(duckdbParams(statement.params));
      const reader = await prepared.runAndReadAll();
      return reader.getRowObjectsJson() as SqlRow[];
    });
  }

  /**
   * Runs one statement unprepared and hands its result to `onChunk` one chunk at a time (about 2,048 rows each), so
   * a result larger than memory can be written out as it comes; the connection is held until the last chunk was
   * handled. Admission, timeout and interruption as for {@link query}.
   */
  async stream(statement: CompiledSql, options: QueryOptions, onChunk: (chunk: DuckDBDataChunk) => void | Promise<void>): Promise<void> {
    await this.withConnection(statement, options, async (slot, interrupted) => {
      const result = await slot.connection.stream(statement.sql, duckdbParams(statement.params));
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        if (interrupted()) throw new Error('interrupted');
        await onChunk(chunk);
      }
    });
  }

  /** Admits a statement, lends it a connection and interrupts it at its timeout or when its signal aborts. */
  private async withConnection<T>(statement: CompiledSql, options: QueryOptions, work: (slot: Slot, interrupted: () => boolean) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the DuckDB pool is closed');
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const started = performance.now();
    // The caller has already gone (a deadline that passed while the request waited): do not start.
    if (options.signal?.aborted) throw this.timeout(0);
    const grant = await this.scheduler.admit({
      caller: options.caller ?? 'internal', cost: options.cost ?? 1, deadline: started + timeoutMs, signal: options.signal,
    }, timeoutMs);
    const slot = this.idle.pop();
    if (!slot) {
      grant.done();
      throw new Error('the DuckDB pool admitted a statement without a free connection');
    }
    if (options.signal?.aborted) {
      this.idle.push(slot);
      grant.done();
      throw this.timeout(0);
    }
    const admitted = performance.now();
    let interrupted = false;
    let repeat: NodeJS.Timeout | undefined;
    const interrupt = (): void => {
      interrupted = true;
      slot.connection.interrupt();
      // An interrupt that lands while the statement is still being prepared or bound is lost (DuckDB only stops a
      // running query): repeat it until the statement ends.
      repeat ??= setInterval(() => slot.connection.interrupt(), 25);
    };
    const timer = setTimeout(interrupt, Math.max(0, started + timeoutMs - performance.now()));
    options.signal?.addEventListener('abort', interrupt, { once: true });
    try {
      return await work(slot, () => interrupted);
    } catch (err) {
      throw interrupted ? this.timeout(timeoutMs) : err;
    } finally {
      clearTimeout(timer);
      clearInterval(repeat);
      options.signal?.removeEventListener('abort', interrupt);
      this.onQuery?.(statement, performance.now() - started);
      options.onRun?.(performance.now() - admitted);
      this.idle.push(slot);
      grant.done();
    }
  }

  /** A new connection to the pool's instance, outside the pool (the caller closes it). */
  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the DuckDB pool is closed');
    const connection = await this.session.instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return connection;
  }

  /** Statements waiting for their turn now. */
  get waiting(): number {
    return this.scheduler.waiting;
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
}
