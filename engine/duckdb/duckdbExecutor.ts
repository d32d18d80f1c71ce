import { isTesseraError } from '../errors';
import type { ColumnModel } from '../model/productModel';
import { checkedValue } from '../query/checkedValue';
import type { CursorPosition } from '../query/cursor';
import type { AggregateGroup, Executor, RelationCountPlan, Row, RunOptions } from '../query/executor';
import type { ExportPlan } from '../query/planExport';
import type { AggregatePlan, FilterNode, ListPlan, LookupPlan, RelationPlan, SortKey, Source } from '../query/queryPlan';
import { parseScalarValue } from '../query/scalarValue';
import type { SqlValue } from '../query/scalarValue';
import { compileAggregate, keyAlias } from './compileAggregate';
import { compileExport } from './compileExport';
import { compileCursorRow } from './compileKeyset';
import { compileCount, compileList } from './compileList';
import { compileLookup } from './compileLookup';
import { compileRelation, compileRelationCount, PARENT_COLUMN } from './compileRelation';
import type { PoolOptions } from './connectionPool';
import { ConnectionPool } from './connectionPool';
import { measureValue } from './measureValue';
import { fromFiles, outputExpr, SqlWriter } from './sqlWriter';
import { writeArrowStream } from './writeArrowStream';

/** The first line of a DuckDB error when it could not read a file: absent, no parquet footer, undecodable pages. */
const UNREADABLE = /no files found|magic bytes|tprotocol|thrift|parquet|footer|decompress|corrupt/i;

/**
 * The DuckDB executor: compiles plans to DuckDB SQL over `read_parquet` of the snapshot's local files (engine/duckdb's
 * compilers are its dialect) and runs them on a pool of prepared statements with fair admission.
 */
export class DuckDBExecutor implements Executor {
  private constructor(private readonly pool: ConnectionPool) {}

  /** Opens the DuckDB instance and its connections. */
  static async open(options: PoolOptions): Promise<DuckDBExecutor> {
    return new DuckDBExecutor(await ConnectionPool.open(options));
  }

  list(plan: ListPlan, options: RunOptions): Promise<Row[]> {
    return this.pool.query(compileList(plan), options);
  }

  async count(source: Source, filter: FilterNode | undefined, options: RunOptions): Promise<number> {
    const [row] = await this.pool.query(compileCount(source, filter), options);
    return Number(row?.count ?? 0);
  }

  lookup(plan: LookupPlan, options: RunOptions): Promise<Row[]> {
    return this.pool.query(compileLookup(plan), options);
  }

  async relation(plan: RelationPlan, options: RunOptions): Promise<Row[][]> {
    const rows = await this.pool.query(compileRelation(plan), options);
    return byParent(plan.parents, rows, plan.foreignKey).map((g) => g.map(withoutParent));
  }

  async relationCount(plan: RelationCountPlan, options: RunOptions): Promise<number[]> {
    const rows = await this.pool.query(compileRelationCount(plan.source, plan.foreignKey, plan.parents, plan.filter), options);
    return byParent(plan.parents, rows, plan.foreignKey).map((g) => Number(g[0]?.count ?? 0));
  }

  async aggregate(plan: AggregatePlan, options: RunOptions): Promise<AggregateGroup[]> {
    const rows = await this.pool.query(compileAggregate(plan), options);
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
    const [row] = await this.pool.query(compileCursorRow(source, keys, position), options);
    return position.map((_, i) => row?.[`v${i}`] as string | null | undefined);
  }

  async columnValues(source: Source, column: ColumnModel, options: RunOptions): Promise<unknown[]> {
    const rows = await this.pool.query(new SqlWriter().done(`SELECT ${outputExpr(column)} FROM ${fromFiles(source)}`), options);
    return rows.map((r) => r[column.field]);
  }

  async export(plan: ExportPlan, source: Source, target: string, options: RunOptions): Promise<void> {
    if (plan.format === 'arrow') return writeArrowStream(this.pool, plan, source, target, options);
    // The target path is new for every export: run unprepared, so it never pushes hot statements out of the cache.
    await this.pool.query(compileExport(plan, source, target), { ...options, once: true });
  }

  isUnreadableFile(err: unknown): boolean {
    if (isTesseraError(err)) return false;
    return UNREADABLE.test((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '');
  }

  close(): void {
    this.pool.close();
  }
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
