import { HeaderMap } from '@apollo/server';
import type { GraphQLErrorExtensions } from 'graphql';

/**
 * Extensions for an error thrown before execution that sets the HTTP status and headers of the response, in the form
 * Apollo Server reads (`http.headers` must be a `HeaderMap`). Typed loosely on purpose: another package's global
 * augmentation of `GraphQLErrorExtensions.http` declares a different header type.
 */
export function httpErrorExtensions(code: string, status: number, headers: Record<string, string> = {}): GraphQLErrorExtensions {
  const extensions: Record<string, unknown> = { code, http: { status, headers: new HeaderMap(Object.entries(headers)) } };
  return extensions;
}
