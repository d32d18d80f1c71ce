import { encodeCursor } from '../query/cursor';
import type { Row } from '../query/executor';
import type { ConnectionPage } from '../queryEngine/queryEngine';

/** Resolvers of every `<Type>Connection`: nodes, edges with cursors, page info, lazy totalCount, catalog stub. */
export const connectionResolvers = {
  nodes: (c: ConnectionPage): Row[] => c.rows,
  edges: (c: ConnectionPage): { cursor: string; node: Row }[] => c.rows.map((node) => ({ cursor: encodeCursor(c.orderBy, node), node })),
  pageInfo: (c: ConnectionPage): { hasNextPage: boolean; endCursor: string | null } => {
    const last = c.rows[c.rows.length - 1];
    return { hasNextPage: c.hasNextPage, endCursor: last ? encodeCursor(c.orderBy, last) : null };
  },
  totalCount: (c: ConnectionPage): Promise<number> => c.count(),
  dataProduct: (c: ConnectionPage): { id: string } => ({ id: c.model.qualified }),
};
