import { isTesseraError } from '../errors';
import type { ColumnModel } from '../model/productModel';
import { checkedValue } from '../query/checkedValue';
import type { CursorPosition } from '../query/cursor';
import type { AggregateGroup, ChangeRow, Executor, RelationCountPlan, Row, RunOptions } from '../query/executor';
import type { ChangeKind, ChangeSet, ChangesPlan } from '../query/planChanges';
import type { ExportPlan } from '../query/planExport';
import type { AggregatePlan, CompiledSql, FilterNode, ListPlan, LookupPlan, RelationPlan, SnapshotRef, SortKey, Source } from '../query/queryPlan';
import { parseScalarValue } from '../query/scalarValue';
import type { SqlValue } from '../query/scalarValue';
import type { CacheCompanion } from '../snapshot/cacheCompanion';
import { compileAggregate, keyAlias } from './compileAggregate';
import { changeAlias, compileChangeCount, compileChanges } from './compileChanges';
import { compileExport, compileExportSelect } from './compileExport';
import { compileCursorRow } from './compileKeyset';
import { compileCount, compileList } from './compileList';
import { compileLookup } from './compileLookup';
import { compileRelation, compileRelationCount, PARENT_COLUMN } from './compileRelation';
import { ColumnChunkBytes } from './columnChunkBytes';
import type { PoolOptions, QueryOptions, SqlRow } from './connectionPool';
import { ConnectionPool } from './connectionPool';
import type { LookupTableStatus } from './lookupTableReport';
import type { LookupTableOptions } from './lookupTables';
import { LookupTables } from './lookupTables';
import { measureValue } from './measureValue';
import { fromFiles, outputExpr, SqlWriter } from './sqlWriter';
import { statementRead } from './statementRead';
import { writeArrowStream } from './writeArrowStream';

/** Memory limit of the one-thread instance the lookup copies are read on, unless `lookupTables.memoryLimit` says. */
const LOOKUP_MEMORY_LIMIT = '512MB';

/** The first line of a DuckDB error when it could not read a file: absent, no parquet footer, undecodable pages. */
const UNREADABLE = /no files found|magic bytes|tprotocol|thrift|parquet|footer|decompress|corrupt/i;

/** The pool's settings, and where snapshots are copied for lookups (none without `lookupTables`). */
export interface DuckDBExecutorOptions extends PoolOptions {
  lookupTables?: LookupTableOptions;
}

/**
 * The DuckDB executor: compiles plans to DuckDB SQL over `read_parquet` of the snapshot's local files (engine/duckdb's
 * compilers are its dialect) and runs them on a pool of prepared statements with fair admission. Routing is by plan
 * kind: key lookups, entity batches and relation fetches read the snapshot's lookup table once it is built
 * (engine/duckdb/lookupTables.ts; parquet until then, and for snapshots above the configured size); lists, counts,
 * aggregates, cursors and exports always read parquet.
 */
export class DuckDBExecutor implements Executor {
  /** Reads the files' footers for what statements read (on a DuckDB of its own, never the pool's connections). */
  private readonly footers = new ColumnChunkBytes();
  /** The lookup copies, bounded with the subgraph's snapshot cache (they live in its folder). */
  readonly cacheCompanion: CacheCompanion | undefined;

  /**
   * @param lookupPool the instance the lookup copies are attached to: one DuckDB thread, so a one-row lookup wakes
   *   no worker threads (measured in bench/README.md, "Where the time goes (2026-12-02)"), while scans keep `pool`'s.
   */
  private constructor(private readonly pool: ConnectionPool, private readonly lookupPool: ConnectionPool | undefined, private readonly tables: LookupTables | undefined) {
    this.cacheCompanion = tables;
  }

  /** Opens the DuckDB instance and its connections, and with lookup tables a one-thread instance for the copies. */
  static async open(options: DuckDBExecutorOptions): Promise<DuckDBExecutor> {
    const pool = await ConnectionPool.open(options);
    const copies = options.lookupTables && options.lookupTables.maxRows > 0 ? options.lookupTables : undefined;
    if (!copies) return new DuckDBExecutor(pool, undefined, undefined);
    const lookupPool = await ConnectionPool.open({ ...options, threads: 1, memoryLimit: copies.memoryLimit ?? LOOKUP_MEMORY_LIMIT }).catch((err: unknown) => {
      pool.close();
      throw err;
    });
    return new DuckDBExecutor(pool, lookupPool, new LookupTables(() => lookupPool.connect(), copies));
  }

  /** Lookup tables being built, attached, or failed (then read from parquet). */
  lookupTableStatus(): LookupTableStatus {
    return this.tables?.status() ?? { building: 0, ready: 0, failed: 0, tables: [] };
  }

  list(plan: ListPlan, options: RunOptions): Promise<Row[]> {
    return this.query(compileList(plan), plan.source, options);
  }

  async count(source: Source, filter: FilterNode | undefined, options: RunOptions): Promise<number> {
    const [row] = await this.query(compileCount(source, filter), source, options);
    return Number(row?.count ?? 0);
  }

  lookup(plan: LookupPlan, options: RunOptions): Promise<Row[]> {
    return this.withTable(plan.source.snapshot, (table, pool) => this.query(compileLookup(plan, table), plan.source, options, pool));
  }

  async relation(plan: RelationPlan, options: RunOptions): Promise<Row[][]> {
    const rows = await this.withTable(plan.source.snapshot, (table, pool) => this.query(compileRelation(plan, table), plan.source, options, pool));
    return byParent(plan.parents, rows, plan.foreignKey).map((g) => g.map(withoutParent));
  }

  async relationCount(plan: RelationCountPlan, options: RunOptions): Promise<number[]> {
    const rows = await this.withTable(plan.source.snapshot, (table, pool) => this.query(compileRelationCount(plan.source, plan.foreignKey, plan.parents, plan.filter, table), plan.source, options, pool));
    return byParent(plan.parents, rows, plan.foreignKey).map((g) => Number(g[0]?.count ?? 0));
  }

  async aggregate(plan: AggregatePlan, options: RunOptions): Promise<AggregateGroup[]> {
    const rows = await this.query(compileAggregate(plan), plan.source, options);
    return rows.map((row) => {
      const measures: AggregateGroup['measures'] = {};
      for (const m of plan.measures) (measures[m.fn] ??= {})[m.column.field] = measureValue(m, row);
      return {
        count: row.count,
        keys: Object.fromEntries(plan.groupBy.map((k) => [k.field, checkedValue(`keys.${k.field}`, k.scalar, row[keyAlias(k)])])),
        measures,
      };
    });
  }

  async cursorRow(source: Source, keys: SortKey[], position: CursorPosition, options: RunOptions): Promise<(string | null | undefined)[]> {
    const [row] = await this.query(compileCursorRow(source, keys, position), source, options);
    return position.map((_, i) => row?.[`v${i}`] as string | null | undefined);
  }

  async columnValues(source: Source, column: ColumnModel, options: RunOptions): Promise<unknown[]> {
    const rows = await this.query(new SqlWriter().done(`SELECT ${outputExpr(column)} FROM ${fromFiles(source)}`), source, options);
    return rows.map((r) => r[column.field]);
  }

  async changes(plan: ChangesPlan, options: RunOptions): Promise<ChangeRow[]> {
    const rows = await this.query(compileChanges(plan), bothSnapshots(plan), options);
    const side = (row: Row, which: 'before' | 'after'): Row => Object.fromEntries(plan.columns.map((c) => [c.field, row[changeAlias(which, c)]]));
    return rows.map((row) => {
      const kind = row.kind as ChangeKind;
      return {
        kind, key: Object.fromEntries(plan.key.map((k) => [k.field, row[k.field]])),
        before: kind === 'ADDED' ? null : side(row, 'before'), after: kind === 'REMOVED' ? null : side(row, 'after'),
      };
    });
  }

  async changeCount(set: ChangeSet, options: RunOptions): Promise<number> {
    const [row] = await this.query(compileChangeCount(set), bothSnapshots(set), options);
    return Number(row?.count ?? 0);
  }

  async export(plan: ExportPlan, source: Source, target: string, options: RunOptions): Promise<number> {
    let engineMs = 0;
    const timed = { ...options, onRun: (ms: number) => { engineMs = ms; } };
    let rows: number;
    if (plan.format === 'arrow') rows = await writeArrowStream(this.pool, plan, source, target, timed);
    else {
      // The target path is new for every export: run unprepared, so it never pushes hot statements out of the cache.
      const [row] = await this.pool.query(compileExport(plan, source, target), { ...timed, once: true });
      // COPY answers the rows it wrote.
      rows = Number(row?.Count ?? 0);
    }
    // Both formats read what the export's SELECT names: the same columns of the same files.
    const sources = plan.changes?.sources;
    options.onRead?.(statementRead(this.footers, compileExportSelect(plan, source, new SqlWriter()), sources ? bothSnapshots(sources) : source, rows, engineMs));
    return rows;
  }

  isUnreadableFile(err: unknown): boolean {
    if (isTesseraError(err)) return false;
    return UNREADABLE.test((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '');
  }

  close(): void {
    this.tables?.close();
    this.pool.close();
    this.lookupPool?.close();
    void this.footers.close();
  }

  /**
   * Runs `work` with the snapshot's lookup table, if any, held until the statement is done (waiting or running, it
   * keeps the copy attached), or with undefined: read parquet.
   */
  private async withTable<T>(ref: SnapshotRef | undefined, work: (table: string | undefined, pool: ConnectionPool) => Promise<T>): Promise<T> {
    const lease = await this.tables?.leaseNow(ref);
    try {
      return await work(lease?.table, lease && this.lookupPool ? this.lookupPool : this.pool);
    } finally {
      lease?.release();
    }
  }

  /** Runs one statement over `source` on the pool and, when asked, reports what it read. */
  private query(statement: CompiledSql, source: Source, options: RunOptions & QueryOptions, pool: ConnectionPool = this.pool): Promise<SqlRow[]> {
    const { onRead } = options;
    if (!onRead) return pool.query(statement, options);
    let engineMs = 0;
    return pool.query(statement, { ...options, onRun: (ms) => { engineMs = ms; } }).then((rows) => {
      onRead(statementRead(this.footers, statement.sql, source, rows.length, engineMs));
      return rows;
    });
  }
}

/** The files a change set reads, the later snapshot's first (its snapshot is the one the read is counted to). */
function bothSnapshots(set: { from: Source; to: Source }): Source {
  return { files: [...set.to.files, ...set.from.files] };
}

function withoutParent(row: Row): Row {
  const rest = { ...row };
  delete rest[PARENT_COLUMN];
  return rest;
}

/** Rows grouped by their parent key column, one list per parent in order (a parent without rows has none). */
function byParent(parents: readonly SqlValue[], rows: Row[], foreignKey: ColumnModel): Row[][] {
  const grouped = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(parseScalarValue(foreignKey.scalar, r[PARENT_COLUMN]));
    let list = grouped.get(k);
    if (!list) grouped.set(k, (list = []));
    list.push(r);
  }
  return parents.map((p) => grouped.get(String(p)) ?? []);
}
