import { ErrorCode, TesseraError } from '../errors';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { CursorPosition } from './cursor';
import { decodeCursor } from './cursor';
import type { PageLimits } from './planList';
import { pageSize } from './planList';
import type { KeysetPosition, SortKey, Source } from './queryPlan';

/** How a row differs between two snapshots, by primary key. */
export const CHANGE_KINDS = ['ADDED', 'REMOVED', 'CHANGED'] as const;

/** One of {@link CHANGE_KINDS}. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * The rows that differ between two snapshots of one product version, matched by primary key: ADDED (only in `to`),
 * REMOVED (only in `from`), CHANGED (in both, with a compared column distinct; nulls compare as values).
 */
export interface ChangeSet {
  from: Source;
  to: Source;
  key: ColumnModel[];
  /** The columns whose difference makes a row CHANGED: the ones the caller may read. */
  compared: ColumnModel[];
  /** Only these kinds, when given. */
  kinds?: ChangeKind[];
}

/** A page of a change set in primary-key order: the key, the kind, and `columns` of the row before and after. */
export interface ChangesPlan extends ChangeSet {
  columns: ColumnModel[];
  orderBy: SortKey[];
  after?: KeysetPosition;
  limit: number;
}

/** The arguments of a change feed field (`ordersV2Changes(from, to, kinds, first, after)`), as GraphQL coerced them. */
export interface ChangesArgs {
  from: string;
  to: string;
  kinds?: ChangeKind[] | null;
  first?: number | null;
  after?: string | null;
}

/** A planned page of a change feed, before its snapshots are opened. */
export interface ChangesPage {
  columns: ColumnModel[];
  compared: ColumnModel[];
  kinds?: ChangeKind[];
  orderBy: SortKey[];
  after?: CursorPosition;
  first: number;
}

/** The order of a change feed: the primary key, ascending (as a snapshot is written). */
export function keyOrder(model: ProductModel): SortKey[] {
  return model.primaryKey.map((column) => ({ column, descending: false }));
}

/** The columns whose difference makes a row CHANGED: every non-key column the caller may use. */
export function comparedColumns(model: ProductModel, mayUse: (c: ColumnModel) => boolean): ColumnModel[] {
  return model.columns.filter((c) => !c.key && mayUse(c));
}

/**
 * Plans a page of a change feed: primary-key order, the page size, the decoded cursor, the columns to return
 * (`selected` plus the key) and to compare (every column the caller may use, so a change to a column it may not read
 * is not even visible as a change).
 * @throws TesseraError BAD_USER_INPUT for a malformed cursor or page size; PAGE_SIZE_EXCEEDED.
 */
export function planChangesPage(model: ProductModel, args: ChangesArgs, selected: readonly ColumnModel[], mayUse: (c: ColumnModel) => boolean, limits: PageLimits): ChangesPage {
  if (args.from === args.to) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `from and to: expected two different snapshots, got "${args.from}" twice`);
  const orderBy = keyOrder(model);
  const after = args.after === undefined || args.after === null ? undefined : decodeCursor(orderBy, args.after);
  const wanted = new Set<ColumnModel>([...selected, ...model.primaryKey]);
  return {
    columns: apiColumns(model).filter((c) => wanted.has(c)), compared: comparedColumns(model, mayUse),
    kinds: args.kinds?.length ? [...new Set(args.kinds)] : undefined, orderBy, after, first: pageSize(args.first, limits),
  };
}
