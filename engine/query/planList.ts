import { ErrorCode, TesseraError } from '../errors';
import type { CursorPosition } from './cursor';
import { decodeCursor } from './cursor';
import type { ColumnGuard } from './planFilter';
import { planFilter } from './planFilter';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { FilterNode, KeysetPosition, ListPlan, SortKey, Source } from './queryPlan';

/** The arguments of a list field or relation, as GraphQL coerced them. */
export interface ListArgs {
  where?: unknown;
  orderBy?: { field: string; direction?: 'ASC' | 'DESC' | null }[] | null;
  first?: number | null;
  after?: string | null;
}

/** Page size bounds (config `defaultPageSize`, `maxPageSize`). */
export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

/** The parts of a list plan shared by top-level lists and relations. */
export interface PagedQuery {
  columns: ColumnModel[];
  filter?: FilterNode;
  orderBy: SortKey[];
  /** The decoded `after` cursor; long values are resolved against the snapshot before use (resolveAfter). */
  after?: CursorPosition;
  /** Rows asked for; plans read one more to know whether a next page exists. */
  first: number;
}

/**
 * The sort keys of an `orderBy` argument with the primary key appended as tie-breaker (a column named twice counts once).
 * @throws TesseraError BAD_USER_INPUT for an unknown field, FORBIDDEN (from `guard`) for a column the caller may not read.
 */
export function planOrderBy(model: ProductModel, orderBy: ListArgs['orderBy'], guard: ColumnGuard): SortKey[] {
  const keys: SortKey[] = [];
  for (const item of orderBy ?? []) {
    const column = apiColumns(model).find((c) => c.enumValue === item.field);
    if (!column) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `orderBy: expected a value of ${model.typeName}Field, got "${String(item.field)}"`);
    guard(column, 'sort');
    if (!keys.some((k) => k.column === column)) keys.push({ column, descending: item.direction === 'DESC' });
  }
  for (const column of model.primaryKey) if (!keys.some((k) => k.column === column)) keys.push({ column, descending: false });
  return keys;
}

/**
 * The page size of a `first` argument.
 * @throws TesseraError BAD_USER_INPUT when negative, PAGE_SIZE_EXCEEDED past the maximum.
 */
export function pageSize(first: number | null | undefined, limits: PageLimits): number {
  if (first === undefined || first === null) return limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 0) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `first: expected a whole number of 0 or more, got ${first}`);
  if (first > limits.maxPageSize) {
    throw new TesseraError(ErrorCode.PAGE_SIZE_EXCEEDED, `first: expected at most ${limits.maxPageSize} (the maximum page size), got ${first}`, { maxPageSize: limits.maxPageSize });
  }
  return first;
}

/**
 * Plans a page: filter, order (with the primary key), cursor position, page size and the columns to read — the
 * selected ones plus the primary key and sort keys (needed for cursors and entity references), nothing else.
 */
export function planPage(model: ProductModel, args: ListArgs, selected: readonly ColumnModel[], guard: ColumnGuard, limits: PageLimits): PagedQuery {
  const orderBy = planOrderBy(model, args.orderBy, guard);
  const filter = planFilter(model, args.where, guard);
  const first = pageSize(args.first, limits);
  const after = args.after === undefined || args.after === null ? undefined : decodeCursor(orderBy, args.after);
  const wanted = new Set<ColumnModel>([...selected, ...model.primaryKey, ...orderBy.map((k) => k.column)]);
  const columns = apiColumns(model).filter((c) => wanted.has(c));
  return { columns, filter, orderBy, after, first };
}

/** A list plan from a planned page over a snapshot's files, starting after `after` (the page's resolved cursor). */
export function listPlan(page: PagedQuery, source: Source, after: KeysetPosition | undefined): ListPlan {
  return { source, columns: page.columns, filter: page.filter, orderBy: page.orderBy, after, limit: page.first + 1 };
}
