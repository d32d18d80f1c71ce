import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext } from '../queryEngine/requestContext';

/**
 * Adds `extensions.tessera.products` to every response: one ServedProduct per product version (and snapshot) the
 * request read, so consumers and the gateway know what answered and how fresh it is.
 */
export function tesseraExtensionsPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, tessera: { products: [...contextValue.served.values()] } };
        },
      };
    },
  };
}
