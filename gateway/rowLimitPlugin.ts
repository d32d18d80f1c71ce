import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { FragmentDefinitionNode } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import { estimateRows } from './estimateRows';
import type { GatewayContext } from './gatewayContext';
import { httpErrorExtensions } from './httpErrorExtensions';
import type { DataBounds } from './productRowBounds';

/** Options of {@link rowLimitPlugin}. */
export interface RowLimitOptions {
  maxRows: number;
  defaultPageSize: number;
  /** Most groups one aggregate field returns (the subgraphs refuse more). */
  maxGroups: number;
  /** What is known of the data (see ProductRowBounds). */
  data?: DataBounds;
}

/**
 * The gateway's cost limit: refuses, before any subgraph is asked, an operation that could ask for more than
 * `maxRows` rows in all (see {@link estimateRows}), e.g. 1,000 customers with 1,000 orders each. Paging or an export
 * is the way to read more.
 */
export function rowLimitPlugin(options: RowLimitOptions): ApolloServerPlugin<GatewayContext> {
  const { maxRows } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const fragments = new Map(document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]));
          const { rows } = estimateRows(schema, operation, { ...options, fragments, variables: request.variables ?? {} });
          if (rows > maxRows) {
            const count = Number.isFinite(rows) ? String(rows) : 'more than 2^53';
            throw new GraphQLError(
              `expected an operation asking for at most ${maxRows} rows in all, got one that may ask for ${count} ` +
              '(each page\'s "first" times the rows of its parents, every aggregate group and entity counted); ' +
              'ask for smaller pages, or use POST /export for bulk reads',
              { extensions: httpErrorExtensions(ErrorCode.QUERY_TOO_LARGE, 400) });
          }
        },
      };
    },
  };
}
