import type { ApolloServerPlugin } from '@apollo/server';
import type { CallerLimits } from './callerLimits';
import { rateLimitHeaders } from './callerLimits';
import type { GatewayContext } from './gatewayContext';
import { operationRows } from './operationRows';
import type { RowLimitOptions } from './rowLimitPlugin';

/**
 * Charges each operation's estimated rows (see estimateRows.ts) to its caller's rows quota before any subgraph is
 * asked (an operation over `maxRows` is left to the row limit, which refuses it), and puts the caller's standing in
 * the `RateLimit-Policy` and `RateLimit` headers of every response.
 */
export function rateLimitPlugin(limits: CallerLimits, options: RowLimitOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          const state = request.contextValue.limits;
          if (!request.operation || !state) return;
          const rows = await operationRows(request, options);
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
