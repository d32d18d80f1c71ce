import { encodeCursor } from '../query/cursor';
import type { ProductModel } from '../model/productModel';
import type { SortKey } from '../query/queryPlan';
import type { SqlRow } from '../duckdb/connectionPool';

/** What a list field or relation resolves to; the connection type's resolvers read it. */
export interface ConnectionValue {
  model: ProductModel;
  rows: SqlRow[];
  hasNextPage: boolean;
  orderBy: SortKey[];
  /** Counts the matching rows; called only when `totalCount` is selected. */
  count: () => Promise<number>;
}

/** Splits `first + 1` fetched rows into the page and whether more follow. */
export function pageOf(rows: SqlRow[], first: number): { rows: SqlRow[]; hasNextPage: boolean } {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Resolvers of every `<Type>Connection`: nodes, edges with cursors, page info, lazy totalCount, catalog stub. */
export const connectionResolvers = {
  nodes: (c: ConnectionValue): SqlRow[] => c.rows,
  edges: (c: ConnectionValue): { cursor: string; node: SqlRow }[] => c.rows.map((node) => ({ cursor: encodeCursor(c.orderBy, node), node })),
  pageInfo: (c: ConnectionValue): { hasNextPage: boolean; endCursor: string | null } => {
    const last = c.rows[c.rows.length - 1];
    return { hasNextPage: c.hasNextPage, endCursor: last ? encodeCursor(c.orderBy, last) : null };
  },
  totalCount: (c: ConnectionValue): Promise<number> => c.count(),
  dataProduct: (c: ConnectionValue): { id: string } => ({ id: c.model.qualified }),
};
