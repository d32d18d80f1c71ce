import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import type { GatewayContext } from './gatewayContext';
import { httpErrorExtensions } from './httpErrorExtensions';

/**
 * Trusted documents: a key marked `trustedDocumentsOnly` runs only the documents listed for it (by the SHA-256 of
 * their text, the hash automatic persisted queries use, so a client may send the hash alone once the document is
 * registered). Any other document is refused before it runs or is registered: HTTP 403, `PERSISTED_QUERY_NOT_IN_LIST`.
 */
export function trustedDocumentsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, queryHash }) {
          const trusted = contextValue.trustedDocuments;
          if (!trusted || trusted.has(queryHash.toLowerCase())) return;
          throw new GraphQLError(
            `expected one of the ${trusted.size} documents trusted for this API key (by the SHA-256 of their text), got a document with SHA-256 ${queryHash}`,
            { extensions: httpErrorExtensions(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST) },
          );
        },
      };
    },
  };
}
