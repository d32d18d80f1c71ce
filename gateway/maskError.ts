import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, isClientErrorCode } from '../engine/errors';

/** Extension keys that may carry internals (stack traces, subgraph responses with URLs). */
const HIDDEN_EXTENSIONS = new Set(['exception', 'stacktrace', 'response', 'http', 'originalError']);

/** Removes URLs and host:port pairs from a message. */
export function scrub(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`)]+/gi, '<url>')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<host>')
    // host:port, where the host starts with a letter (so times such as 2026-11-21T06:53:32Z are left alone).
    .replace(/\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*:\d{2,5}\b/gi, '<host>');
}

/**
 * The development-mode detail of a masked error: its first line only (engines append the statement they ran) with
 * URLs, hosts and absolute file paths removed.
 */
export function scrubDetail(text: string): string {
  return scrub(text.split('\n')[0] ?? '').replace(/(?<![\w.:-])(?:[A-Za-z]:)?[\\/](?:[^\s\\/'"`)\]]+[\\/])+[^\s\\/'"`)\],;]*/g, '<path>');
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v)]));
  return value;
}

/**
 * The gateway's `formatError`: errors with a client-facing code keep their message (URLs and hosts scrubbed) and
 * their extensions minus internals; anything else is logged and masked as `INTERNAL_SERVER_ERROR`. In development
 * the masked error carries `extensions.detail`, the first line of the original message without URLs, hosts or file
 * paths. Never a stack trace, a statement or a path.
 */
export function maskError(logger: Logger, mode: 'development' | 'production') {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (isClientErrorCode(code)) {
      const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([k]) => !HIDDEN_EXTENSIONS.has(k)));
      return { ...formatted, message: scrub(formatted.message), extensions: scrubValue(extensions) as Record<string, unknown> };
    }
    logger.error({ error: formatted.message, code, path: formatted.path }, 'masked an unexpected error');
    const extensions: Record<string, unknown> = { code: ErrorCode.INTERNAL_SERVER_ERROR };
    if (mode === 'development') extensions.detail = scrubDetail(formatted.message);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions };
  };
}
