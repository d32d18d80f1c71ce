import { duckdbType } from './duckdbType';
import { quoteIdent, quoteString } from './sqlQuote';
import { placeInColumn } from '../query/columnDomain';
import type { ColumnModel } from '../model/productModel';
import type { CompiledSql, SqlParam, Source } from '../query/queryPlan';
import type { SqlValue } from '../query/scalarValue';

/** Batches of at most this many keys are written as plain parameters; longer ones as one list parameter. */
export const IN_LIST_INLINE_MAX = 16;

/** Column types whose lists are bound as one JSON text (see {@link SqlWriter.list}): the usual key types. */
const TEXT_LIST_TYPES: ReadonlySet<string> = new Set(['string', 'int32', 'int64']);

/** The column of the key rows of {@link SqlWriter.keyRows}. */
export const KEY_COLUMN = '__key';

/** Collects positional parameters while SQL text is assembled; every value becomes `CAST($n AS <type>)`. */
export class SqlWriter {
  readonly params: SqlParam[] = [];

  /**
   * A parameter cast to the column's DuckDB type, so comparisons never fall back to text. The value must be one the
   * column can hold (see columnDomain); a cast would round any other.
   */
  value(value: SqlValue, column: ColumnModel): string {
    return this.typed(bindable(value, column), duckdbType(column.type));
  }

  /** `column = value`, or FALSE for a value the column cannot hold (a decimal past its scale, say). */
  equals(column: ColumnModel, value: SqlValue): string {
    const exact = placeInColumn(column, value).exact;
    return exact === undefined ? 'FALSE' : `${col(column)} = ${this.value(exact, column)}`;
  }

  /** A parameter cast to an explicit DuckDB type. */
  typed(value: SqlValue, sqlType: string): string {
    this.params.push(value);
    return `CAST($${this.params.length} AS ${sqlType})`;
  }

  /**
   * A list of values as ONE parameter, cast to a list of the column's type: `CAST($n AS BIGINT[])`. The statement text
   * is then the same for any number of values, so one prepared statement serves every batch size.
   */
  list(values: readonly SqlValue[], column: ColumnModel): string {
    const type = duckdbType(column.type);
    if (TEXT_LIST_TYPES.has(column.type)) {
      // One text parameter: binding a list value converts each element in JavaScript (a third of a millisecond for
      // 1,000 keys), JSON text is one string that DuckDB splits. Text casts to these types exactly.
      this.params.push(JSON.stringify(values.map(String)));
      const texts = `CAST(CAST($${this.params.length} AS JSON) AS VARCHAR[])`;
      return type === 'VARCHAR' ? texts : `CAST(${texts} AS ${type}[])`;
    }
    this.params.push(values.map((v) => bindable(v, column)));
    return `CAST($${this.params.length} AS ${type}[])`;
  }

  /**
   * `column IN (…)` for a batch of keys: a short batch as plain parameters (DuckDB then prunes row groups by their
   * statistics), a long one as one list parameter, which is faster from a few dozen keys on and prepares once.
   */
  inList(column: ColumnModel, keys: readonly SqlValue[]): string {
    // A key the column cannot hold matches no row; casting it would round it onto a row it is not.
    const values = keys.map((v) => placeInColumn(column, v).exact).filter((v) => v !== undefined);
    if (!values.length) return 'FALSE';
    if (values.length <= IN_LIST_INLINE_MAX) return `${col(column)} IN (${values.map((v) => this.value(v, column)).join(', ')})`;
    return `${col(column)} IN (SELECT unnest(${this.list(values, column)}))`;
  }

  /**
   * A batch of keys as rows to join a table with, `(SELECT DISTINCT unnest(CAST($n AS T[])) AS "__key")`, for a
   * batch too long for plain parameters: DuckDB then builds its hash table from the keys and probes it with the
   * table's rows (and skips the blocks whose key range holds none of them), where `IN (SELECT unnest(…))` builds it
   * from the table's rows. Undefined when the column can hold none of the keys.
   */
  keyRows(column: ColumnModel, keys: readonly SqlValue[]): string | undefined {
    const values = keys.map((v) => placeInColumn(column, v).exact).filter((v) => v !== undefined);
    if (!values.length) return undefined;
    return `(SELECT DISTINCT unnest(${this.list(values, column)}) AS ${quoteIdent(KEY_COLUMN)})`;
  }

  /** The finished statement. */
  done(sql: string): CompiledSql {
    return { sql, params: this.params };
  }
}

/**
 * A value as it is bound: doubles as their shortest decimal text, which DuckDB reads back to the same double. Bound
 * as numbers, integral doubles beyond 2^63 fail the driver's conversion to BIGINT, and a list mixing whole and
 * fractional doubles fails its conversion to one list type.
 */
function bindable(value: SqlValue, column: ColumnModel): SqlValue {
  return column.type === 'double' && typeof value === 'number' ? String(value) : value;
}

/** A quoted column identifier. */
export function col(column: ColumnModel): string {
  return quoteIdent(column.name);
}

/**
 * `read_parquet([...])` over a snapshot's files. Paths come from the store and the manifest (never from a client)
 * and are quoted as literals; DuckDB needs the file list at bind time.
 */
export function fromFiles(source: Source): string {
  if (!source.files.length) throw new Error('expected at least one file in a snapshot, got none');
  const files = `read_parquet([${source.files.map(quoteString).join(', ')}])`;
  if (!source.renamed?.length) return files;
  // Files written before a rename: the old name read as the new one (DuckDB pushes filters and projections through).
  return `(SELECT * RENAME (${source.renamed.map((r) => `${quoteIdent(r.from)} AS ${quoteIdent(r.to)}`).join(', ')}) FROM ${files})`;
}

/**
 * The select expression of a column under its GraphQL field name, in the wire format: timestamps as ISO 8601 UTC
 * text (microseconds), everything else as DuckDB returns it (BIGINT and DECIMAL become text when read as JSON).
 */
export function outputExpr(column: ColumnModel, expr: string = col(column), alias: string = column.field): string {
  const value = column.type === 'timestamp' ? `strftime(${expr}, '%Y-%m-%dT%H:%M:%S.%fZ')` : expr;
  return `${value} AS ${quoteIdent(alias)}`;
}

/**
 * What a statement keyed by one column reads and the condition on its keys: the snapshot's files with `column IN (…)`,
 * or a lookup table (engine/duckdb/lookupTables.ts), which a long batch of keys is joined with as rows
 * ({@link SqlWriter.keyRows}); a short batch stays `IN (…)`, which DuckDB answers by the table's index.
 */
export function keyedSource(source: Source, table: string | undefined, column: ColumnModel, keys: readonly SqlValue[], w: SqlWriter): { from: string; condition?: string } {
  if (table && keys.length > IN_LIST_INLINE_MAX) {
    const rows = w.keyRows(column, keys);
    return rows ? { from: `${rows} JOIN ${table} ON ${col(column)} = ${quoteIdent(KEY_COLUMN)}` } : { from: table, condition: 'FALSE' };
  }
  return { from: table ?? fromFiles(source), condition: w.inList(column, keys) };
}
