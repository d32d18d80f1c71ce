import type { ColumnRename } from '../contract/columnRenames';
import type { AggregateFunction, GroupKeyModel } from '../model/aggregateModel';
import type { ColumnModel } from '../model/productModel';
import type { SqlValue } from './scalarValue';

export type { ColumnRename };

/** Comparison operators of a filter leaf. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'startsWith';

/**
 * A filter as a tree. Every leaf is false on a null column value (except `isNull`), and `not` is the plain
 * complement, so a row either matches or not: no SQL three-valued surprises.
 */
export type FilterNode =
  | { kind: 'and'; items: FilterNode[] }
  | { kind: 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'compare'; column: ColumnModel; op: CompareOp; value: SqlValue }
  | { kind: 'in'; column: ColumnModel; values: SqlValue[]; negated: boolean }
  | { kind: 'isNull'; column: ColumnModel; isNull: boolean };

/** One sort key; nulls sort as the largest value. */
export interface SortKey {
  column: ColumnModel;
  descending: boolean;
}

/** Keyset position: the sort key values of the row to start after, one per sort key (null for a null value). */
export type KeysetPosition = (SqlValue | null)[];

/** Files of one snapshot of one product version. */
export interface Source {
  files: string[];
  /**
   * The whole snapshot the files belong to (a lookup's files may be only those whose key ranges hold its keys): lets
   * an executor keep its own copy of an immutable snapshot to look rows up in.
   */
  snapshot?: SnapshotRef;
  /**
   * Columns the files hold under a former name (a snapshot published before a `renamedFrom` rename): read as the
   * column they became. None when absent.
   */
  renamed?: readonly ColumnRename[];
}

/** One snapshot of one product version, as an executor may copy it: identity, every file, and the columns rows are fetched by. */
export interface SnapshotRef {
  /** Unique and stable for the snapshot: `<domain>.<product>@<version>@<snapshotId>`. */
  id: string;
  /** Every file of the snapshot, in manifest order. */
  files: readonly string[];
  rows: number;
  /** The primary key. */
  key: readonly ColumnModel[];
  /** Columns reverse relations fetch rows by (the product's `references` columns), most used first. */
  relationKeys: readonly ColumnModel[];
  /** As {@link Source.renamed}: the copy holds every column under its current name. */
  renamed?: readonly ColumnRename[];
}


/** A page of rows: `SELECT columns WHERE filter AND after-position ORDER BY keys LIMIT limit`. */
export interface ListPlan {
  source: Source;
  columns: ColumnModel[];
  filter?: FilterNode;
  orderBy: SortKey[];
  after?: KeysetPosition;
  limit: number;
}

/** Rows by primary key values, for lookups and entity resolution: one query for any number of keys. */
export interface LookupPlan {
  source: Source;
  columns: ColumnModel[];
  key: ColumnModel[];
  keys: SqlValue[][];
}

/** A page of rows per parent key (reverse relations): one query for any number of parents. */
export interface RelationPlan {
  source: Source;
  columns: ColumnModel[];
  foreignKey: ColumnModel;
  parents: SqlValue[];
  filter?: FilterNode;
  orderBy: SortKey[];
  after?: KeysetPosition;
  /** Rows per parent. */
  limit: number;
}

/** One aggregate to compute per group. */
export interface Measure {
  fn: AggregateFunction;
  column: ColumnModel;
}

/** Grouped aggregates. */
export interface AggregatePlan {
  source: Source;
  filter?: FilterNode;
  groupBy: GroupKeyModel[];
  measures: Measure[];
  /** At most this many groups are returned. */
  limit: number;
}

/** One bound parameter: a value, or a list of values bound as one DuckDB LIST. */
export type SqlParam = SqlValue | readonly SqlValue[];

/** Parameterised SQL: identifiers come from the contract, values only from `params`. */
export interface CompiledSql {
  sql: string;
  params: SqlParam[];
}
