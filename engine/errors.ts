import { GraphQLError } from 'graphql';

/**
 * The one catalogue of error codes Tessera puts in `extensions.code`. Every client-facing error uses one of these;
 * anything else is masked as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  /** A request that is not a request the server takes: a body that is not JSON, a query missing. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A method the path does not serve (HTTP 405, with the methods it serves in `Allow`). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** No route at the path asked for. */
  NOT_FOUND: 'NOT_FOUND',
  /** A request body larger than the server reads. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** An export format the `Accept` header or `format` asks for that the server cannot produce. */
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  SNAPSHOT_NOT_FOUND: 'SNAPSHOT_NOT_FOUND',
  VERSION_RETIRED: 'VERSION_RETIRED',
  FORBIDDEN: 'FORBIDDEN',
  /** A document the caller's key may not run: the key runs only the trusted documents registered for it. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PAGE_SIZE_EXCEEDED: 'PAGE_SIZE_EXCEEDED',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  DATA_CORRUPT: 'DATA_CORRUPT',
  /** A stored or computed value outside its GraphQL scalar's domain (a sum beyond Long, a NaN double): that value only. */
  VALUE_OUT_OF_RANGE: 'VALUE_OUT_OF_RANGE',
  CONTRACT_INVALID: 'CONTRACT_INVALID',
  INPUT_INVALID: 'INPUT_INVALID',
  QUALITY_TEST_FAILED: 'QUALITY_TEST_FAILED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** One of the codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of each code, where it is the answer to the whole request (a non-GraphQL response, or a GraphQL
 * request refused before execution). A GraphQL response with field errors stays 200: its other fields stand.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400, METHOD_NOT_ALLOWED: 405, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 413, NOT_ACCEPTABLE: 406,
  BAD_USER_INPUT: 400, PRODUCT_NOT_FOUND: 404, SNAPSHOT_NOT_FOUND: 404, VERSION_RETIRED: 410,
  FORBIDDEN: 403, PERSISTED_QUERY_NOT_IN_LIST: 403, UNAUTHENTICATED: 401, PAGE_SIZE_EXCEEDED: 400, QUERY_TIMEOUT: 504, QUERY_TOO_LARGE: 400,
  SUBGRAPH_UNAVAILABLE: 502, RATE_LIMITED: 429, STORAGE_UNAVAILABLE: 503, DATA_CORRUPT: 502, VALUE_OUT_OF_RANGE: 500,
  CONTRACT_INVALID: 400, INPUT_INVALID: 400, QUALITY_TEST_FAILED: 422, INTERNAL_SERVER_ERROR: 500,
};

/**
 * An error Tessera raises on purpose: it has a code and a message fit to show a user (what was expected, what was
 * received). It never carries hostnames, bucket names or stack traces in its message.
 */
export class TesseraError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TesseraError';
  }

  /** The same error as a GraphQL error with `extensions.code`, for resolvers to throw. */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: { code: this.code, ...this.details } });
  }
}

/** True when `err` is a {@link TesseraError}, optionally with the given code. */
export function isTesseraError(err: unknown, code?: ErrorCode): err is TesseraError {
  return err instanceof TesseraError && (code === undefined || err.code === code);
}

/** Codes GraphQL and Apollo Server give client mistakes (parse, validation, bad request): shown as they are. */
const GRAPHQL_CLIENT_CODES = [
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
];

const CLIENT_CODES = new Set<unknown>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  ...GRAPHQL_CLIENT_CODES,
]);

/**
 * True when an error code's message is meant for clients: Tessera's own codes (but INTERNAL_SERVER_ERROR) and the
 * request errors of GraphQL and Apollo Server. Errors with any other code are masked.
 */
export function isClientErrorCode(code: unknown): boolean {
  return CLIENT_CODES.has(code);
}
