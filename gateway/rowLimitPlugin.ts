import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { FragmentDefinitionNode } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import { estimateRows } from './estimateRows';
import type { GatewayContext } from './gatewayContext';
import { httpErrorExtensions } from './httpErrorExtensions';

/**
 * The gateway's cost limit: refuses, before any subgraph is asked, an operation that could ask for more than
 * `maxRows` rows in all (see {@link estimateRows}), e.g. 1,000 customers with 1,000 orders each. Paging or an export
 * is the way to read more.
 */
export function rowLimitPlugin(maxRows: number, defaultPageSize: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const fragments = new Map(document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]));
          const rows = estimateRows(schema, operation, { fragments, variables: request.variables ?? {}, defaultPageSize });
          if (rows > maxRows) {
            throw new GraphQLError(
              `expected an operation asking for at most ${maxRows} rows in all, got one that may ask for ${rows} (the product of nested "first" values); ` +
              'ask for smaller pages, or use POST /export for bulk reads',
              { extensions: httpErrorExtensions(ErrorCode.QUERY_TOO_LARGE, 400) });
          }
        },
      };
    },
  };
}
