import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, isClientErrorCode, isTesseraError } from '../errors';

/**
 * A `formatError` for domain subgraphs: Tessera errors carry their code and message; client errors from GraphQL pass;
 * anything else is unexpected and, in production, masked as INTERNAL_SERVER_ERROR with no details (`onUnexpected`
 * sees the original, for logs).
 */
export function formatSubgraphError(production: boolean, onUnexpected: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isTesseraError(original)) {
      // Server-side faults keep their cause for the logs; the client sees only the code and message.
      if (original.code === ErrorCode.STORAGE_UNAVAILABLE || original.code === ErrorCode.DATA_CORRUPT) onUnexpected(original.cause ?? original);
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code, ...original.details } };
    }
    if (isClientErrorCode(formatted.extensions?.code)) {
      return production ? { ...formatted, extensions: { code: formatted.extensions?.code } } : formatted;
    }
    onUnexpected(original);
    if (!production) return formatted;
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
