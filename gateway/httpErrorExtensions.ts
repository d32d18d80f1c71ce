import { HeaderMap } from '@apollo/server';
import type { GraphQLErrorExtensions } from 'graphql';
import type { ErrorCode } from '../engine/errors';
import { HTTP_STATUS } from '../engine/errors';

/**
 * Extensions for an error thrown before execution that sets the HTTP status (the catalogue's for its code) and headers
 * of the response, in the form Apollo Server reads (`http.headers` must be a `HeaderMap`). Typed loosely on purpose:
 * another package's global augmentation of `GraphQLErrorExtensions.http` declares a different header type.
 */
export function httpErrorExtensions(code: ErrorCode, headers: Record<string, string> = {}): GraphQLErrorExtensions {
  const extensions: Record<string, unknown> = { code, http: { status: HTTP_STATUS[code], headers: new HeaderMap(Object.entries(headers)) } };
  return extensions;
}
