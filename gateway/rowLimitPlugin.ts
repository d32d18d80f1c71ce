import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import type { GatewayContext } from './gatewayContext';
import { httpErrorExtensions } from './httpErrorExtensions';
import { operationRows } from './operationRows';
import type { DataBounds } from './productRowBounds';

/** Options of {@link rowLimitPlugin}. */
export interface RowLimitOptions {
  maxRows: number;
  defaultPageSize: number;
  /** Most groups one aggregate field returns (the subgraphs refuse more). */
  maxGroups: number;
  /** What is known of the data a request reads (see ProductRowBounds). */
  data?: (context: GatewayContext) => Promise<DataBounds>;
}

/**
 * The gateway's cost limit: refuses, before any subgraph is asked, an operation that could ask for more than
 * `maxRows` rows in all (see estimateRows.ts), e.g. 1,000 customers with 1,000 orders each. Paging or an export
 * is the way to read more.
 */
export function rowLimitPlugin(options: RowLimitOptions): ApolloServerPlugin<GatewayContext> {
  const { maxRows } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          if (!request.operation) return;
          const rows = await operationRows(request, options);
          if (rows > maxRows) {
            const count = Number.isFinite(rows) ? String(rows) : 'more than 2^53';
            throw new GraphQLError(
              `expected an operation asking for at most ${maxRows} rows in all, got one that may ask for ${count} ` +
              '(each page\'s "first" times the rows of its parents, every aggregate group and entity counted); ' +
              'ask for smaller pages, or use POST /export for bulk reads',
              { extensions: httpErrorExtensions(ErrorCode.QUERY_TOO_LARGE) });
          }
        },
      };
    },
  };
}
