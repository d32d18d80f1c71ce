import { ErrorCode, TesseraError } from '../errors';
import type { KeysetPosition, SortKey } from './queryPlan';
import { parseScalarValue } from './scalarValue';

/** The order a cursor belongs to (`AMOUNT_CENTS:DESC,ORDER_ID:ASC`); a cursor is refused under another order. */
export function orderSignature(keys: SortKey[]): string {
  return keys.map((k) => `${k.column.enumValue}:${k.descending ? 'DESC' : 'ASC'}`).join(',');
}

/** An opaque cursor for a row: its sort key values (as served on the wire) and the order they belong to. */
export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((k) => row[k.column.field] ?? null);
  return Buffer.from(JSON.stringify({ o: orderSignature(keys), v: values })).toString('base64url');
}

function invalid(expected: string): TesseraError {
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `after: expected ${expected}, got something else (pass endCursor or an edge cursor unchanged)`);
}

/**
 * The keyset position of a cursor, each value checked against its column's type.
 * @throws TesseraError BAD_USER_INPUT for anything that is not a cursor of this order.
 */
export function decodeCursor(keys: SortKey[], cursor: string): KeysetPosition {
  if (cursor.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid('a cursor returned by this field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('a cursor returned by this field');
  }
  const { o, v } = (parsed ?? {}) as { o?: unknown; v?: unknown };
  if (o !== orderSignature(keys)) throw invalid('a cursor made under the same orderBy');
  if (!Array.isArray(v) || v.length !== keys.length) throw invalid('a cursor returned by this field');
  return keys.map((k, i) => (v[i] === null ? null : parseScalarValue(k.column.scalar, v[i])));
}
