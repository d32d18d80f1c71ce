import type { AggregateFunction } from '../model/aggregateModel';
import type { ColumnModel } from '../model/productModel';
import type { CacheCompanion } from '../snapshot/cacheCompanion';
import type { CursorPosition } from './cursor';
import type { ChangeKind, ChangeSet, ChangesPlan } from './planChanges';
import type { ExportPlan } from './planExport';
import type { AggregatePlan, FilterNode, ListPlan, LookupPlan, RelationPlan, SortKey, Source } from './queryPlan';
import type { SqlValue } from './scalarValue';

/** One row as the executor returns it: field name → wire value (int64 and decimals as exact strings). */
export type Row = Record<string, unknown>;

/** How one statement runs: who asks (fair queueing), how much it reads, when to stop. */
export interface RunOptions {
  /** Who asks (the request's signed subject); callers share the executor fairly. */
  caller: string;
  /** Estimated rows the statement reads: orders admission and marks heavy statements. */
  cost: number;
  /** Interrupts the statement when aborted (the gateway's deadline passed, the client went away). */
  signal?: AbortSignal;
  /** Instead of the executor's statement timeout. */
  timeoutMs?: number;
  /**
   * Called once the statement has returned, with what it read as the executor measures it (the usage log's bytes,
   * rows and engine time). The measurement may still be running; it never fails the statement.
   */
  onRead?: (read: Promise<StatementRead>) => void;
}

/** What one statement read, as its executor measured it. */
export interface StatementRead {
  /** The local snapshot files the statement opened (all of one snapshot: a statement reads one source). */
  files: readonly string[];
  /**
   * Bytes the statement's scan may read from those files, as the executor counts them (DuckDB: the compressed column
   * chunks of the columns it names; docs/usage.md, "Bytes scanned").
   */
  bytesScanned: number;
  /** Rows the statement returned. */
  rows: number;
  /** Milliseconds the statement ran on the engine (waiting for a connection not included). */
  engineMs: number;
}

/** One group of an aggregate: each key and measure is its value, or a TesseraError when its scalar cannot hold it. */
export interface AggregateGroup {
  count: unknown;
  keys: Record<string, unknown>;
  measures: Partial<Record<AggregateFunction, Record<string, unknown>>>;
}

/** One row of a change feed: its kind, its primary key by field name, and the row before and after (null where absent). */
export interface ChangeRow {
  kind: ChangeKind;
  key: Row;
  before: Row | null;
  after: Row | null;
}

/** The rows related to a batch of parents, filtered and ordered like a list. */
export interface RelationCountPlan {
  source: Source;
  foreignKey: ColumnModel;
  parents: SqlValue[];
  filter?: FilterNode;
}

/**
 * What runs a query plan over a snapshot's files. Plans (engine/query) say what to read in the product model's
 * terms; an executor owns its SQL dialect and its connections. DuckDB over parquet is the first
 * (engine/duckdb/duckdbExecutor.ts); an executor for another engine implements this interface and nothing above it
 * changes (docs/scaling.md). Every method may reject with a TesseraError (QUERY_TIMEOUT, OVERLOADED, …); any other
 * rejection is an engine failure the query engine explains or masks.
 */
export interface Executor {
  /** Local files it derives from snapshots (the DuckDB executor's lookup copies), bounded with the snapshot cache. */
  readonly cacheCompanion?: CacheCompanion;
  /** A page of rows (`limit` of them at most, in `orderBy` order after the keyset position). */
  list(plan: ListPlan, options: RunOptions): Promise<Row[]>;
  /** The number of rows matching a filter. */
  count(source: Source, filter: FilterNode | undefined, options: RunOptions): Promise<number>;
  /** Rows by primary key, in no particular order; absent keys have no row. */
  lookup(plan: LookupPlan, options: RunOptions): Promise<Row[]>;
  /** The first `limit` related rows of each parent, one list per parent in `plan.parents` order. */
  relation(plan: RelationPlan, options: RunOptions): Promise<Row[][]>;
  /** The number of related rows of each parent, in `plan.parents` order. */
  relationCount(plan: RelationCountPlan, options: RunOptions): Promise<number[]>;
  /** Grouped aggregates, at most `plan.limit` groups. */
  aggregate(plan: AggregatePlan, options: RunOptions): Promise<AggregateGroup[]>;
  /**
   * The full sort values of the row a cursor that carries digests points at, one per position entry: the value for
   * an entry carried as a digest, `undefined` otherwise and for every entry when the row is not in the source.
   */
  cursorRow(source: Source, keys: SortKey[], position: CursorPosition, options: RunOptions): Promise<(string | null | undefined)[]>;
  /** Every value of one column (a key column: for key sets). */
  columnValues(source: Source, column: ColumnModel, options: RunOptions): Promise<unknown[]>;
  /** A page of the rows that differ between two snapshots, in primary-key order after the keyset position. */
  changes(plan: ChangesPlan, options: RunOptions): Promise<ChangeRow[]>;
  /** The number of rows that differ between two snapshots. */
  changeCount(set: ChangeSet, options: RunOptions): Promise<number>;
  /** Writes an export's rows to a local file at `target`, in the plan's format; resolves to the rows written. */
  export(plan: ExportPlan, source: Source, target: string, options: RunOptions): Promise<number>;
  /** Whether a failure says the engine could not read or decode a file (rather than anything else). */
  isUnreadableFile(err: unknown): boolean;
  /** Releases connections. */
  close(): void;
}
