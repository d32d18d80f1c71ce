import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, isClientErrorCode, isTesseraError } from '../errors';

/** Extension keys that carry internals. */
const INTERNAL_EXTENSIONS = new Set(['stacktrace', 'exception', 'originalError']);

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
      // Tessera's details (product, version, snapshot) stay; stack traces and wrapped errors never leave.
      const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([k]) => !INTERNAL_EXTENSIONS.has(k)));
      return production ? { ...formatted, extensions } : formatted;
    }
    onUnexpected(original);
    if (!production) return formatted;
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
