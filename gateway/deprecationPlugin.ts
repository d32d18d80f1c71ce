import type { ApolloServerPlugin } from '@apollo/server';
import type { ProductContract } from '../engine/contract/types';
import { deprecationHeaders, deprecationNotices, deprecationWarnings } from './deprecationNotices';
import type { GatewayContext } from './gatewayContext';
import { servedProductsOf } from './servedProductsPlugin';

/**
 * Tells a client that its response read a deprecated product version: the `Deprecation`, `Sunset` and `Link`
 * headers (see {@link deprecationHeaders}) and one warning per version in `extensions.tessera.warnings`. A response
 * that read no deprecated version is left as it is. `contracts` gives the contracts in force (they are reloaded
 * with the supergraph).
 */
export function deprecationPlugin(contracts: () => ReadonlyMap<string, ProductContract>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const notices = deprecationNotices(contracts(), servedProductsOf(contextValue));
          if (!notices.length) return;
          for (const [name, value] of Object.entries(deprecationHeaders(notices))) response.http.headers.set(name, value);
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const tessera = (result.extensions?.tessera ?? {}) as Record<string, unknown>;
          const earlier = Array.isArray(tessera.warnings) ? tessera.warnings as unknown[] : [];
          result.extensions = { ...result.extensions, tessera: { ...tessera, warnings: [...earlier, ...deprecationWarnings(notices)] } };
        },
      };
    },
  };
}
