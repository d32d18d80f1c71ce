import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode, HTTP_STATUS, TesseraError, isTesseraError } from '../errors';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON response: health and readiness answer plain status objects this way. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, ...headers });
  res.end(JSON.stringify(body));
}

/** A refusal in GraphQL's own terms (a document GraphQL validation would refuse), with the status it is answered with. */
export interface HttpRefusal {
  status: number;
  code: string;
  message: string;
}

function isRefusal(error: unknown): error is HttpRefusal {
  if (typeof error !== 'object' || error === null || error instanceof Error) return false;
  const r = error as Partial<HttpRefusal>;
  return typeof r.status === 'number' && typeof r.code === 'string' && typeof r.message === 'string';
}

/**
 * The one writer of non-GraphQL error responses (routes, bodies, signatures, exports, unexpected failures):
 * `{ errors: [{ message, extensions: { code, …details } }] }` in the GraphQL error shape, so clients read every
 * error alike, with the status the catalogue gives the code. An error that is not a TesseraError is answered as a
 * masked INTERNAL_SERVER_ERROR: its message never reaches the client. A refusal in GraphQL's terms keeps its code.
 */
export function writeErrorResponse(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // Too late for a status: end what was started, so the client sees a truncated body rather than a wrong one.
    res.destroy();
    return;
  }
  if (isRefusal(error)) {
    writeJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] }, headers);
    return;
  }
  // A GraphQL error that says its HTTP answer (`extensions.http`, as the gateway's caller checks raise them).
  if (error instanceof GraphQLError && error.extensions.http) {
    const http = error.extensions.http as { status?: number; headers?: Iterable<[string, string]> };
    writeJson(res, http.status ?? 400, { errors: [{ message: error.message, extensions: { code: String(error.extensions.code ?? 'BAD_USER_INPUT') } }] },
      { ...Object.fromEntries(http.headers ?? []), ...headers });
    return;
  }
  const known = isTesseraError(error);
  const code: ErrorCode = known ? error.code : 'INTERNAL_SERVER_ERROR';
  const message = known ? error.message : 'Internal server error';
  writeJson(res, HTTP_STATUS[code], { errors: [{ message, extensions: { code, ...(known ? error.details : {}) } }] }, headers);
}

/**
 * HTTP 405 `METHOD_NOT_ALLOWED` for a method a path does not serve: the message says which methods were expected
 * (and for what, when `target` is given) and which was received, and `Allow` lists the same methods.
 */
export function writeMethodNotAllowed(res: ServerResponse, allowed: readonly string[], received: string | undefined, target?: string): void {
  const message = `expected ${allowed.join(' or ')}${target === undefined ? '' : ` to ${target}`}, got ${received ?? 'no method'}`;
  writeErrorResponse(res, new TesseraError(ErrorCode.METHOD_NOT_ALLOWED, message), { allow: allowed.join(', ') });
}
