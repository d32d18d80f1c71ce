import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { FragmentDefinitionNode } from 'graphql';
import type { CallerLimits } from './callerLimits';
import { rateLimitHeaders } from './callerLimits';
import { estimateRows } from './estimateRows';
import type { GatewayContext } from './gatewayContext';
import type { RowLimitOptions } from './rowLimitPlugin';

/**
 * Charges each operation's estimated rows (see {@link estimateRows}) to its caller's rows quota before any subgraph is
 * asked (an operation over `maxRows` is left to the row limit, which refuses it), and puts the caller's standing in
 * the `RateLimit-Policy` and `RateLimit` headers of every response.
 */
export function rateLimitPlugin(limits: CallerLimits, options: RowLimitOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          const state = contextValue.limits;
          if (!operation || !state) return;
          const fragments = new Map(document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]));
          const { rows } = estimateRows(schema, operation, { ...options, fragments, variables: request.variables ?? {} });
          if (rows > options.maxRows) return;
          limits.chargeRows(state, rows);
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.limits) return;
          for (const [name, value] of Object.entries(rateLimitHeaders(contextValue.limits))) response.http.headers.set(name, value);
        },
      };
    },
  };
}
