import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext } from '../queryEngine/requestContext';

/**
 * Adds `extensions.tessera.products` to every response: one ServedProduct per product version (and snapshot) the
 * request read, so consumers and the gateway know what answered and how fresh it is; and `extensions.tessera.usage`,
 * what its SQL read per product version (see ScanUsage), for the gateway's usage log.
 */
export function tesseraExtensionsPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, tessera: { products: [...contextValue.served.values()], usage: await contextValue.usage.settled() } };
        },
      };
    },
  };
}
