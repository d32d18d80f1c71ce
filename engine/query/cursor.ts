import { createHash } from 'node:crypto';
import { ErrorCode, TesseraError } from '../errors';
import type { KeysetPosition, SortKey } from './queryPlan';
import type { SqlValue } from './scalarValue';
import { parseScalarValue } from './scalarValue';

/**
 * A string sort value too long to carry in a cursor, carried as a digest instead: its first characters and the
 * SHA-256 of its UTF-8 bytes. It is exact, not a truncation: the value is read back from the snapshot (the row whose
 * sort values match the cursor's) before the cursor is applied, see {@link cursorRowNeeded}.
 */
export interface LongValue {
  prefix: string;
  sha256: string;
}

/** A decoded cursor: one value per sort key, long strings as {@link LongValue} until resolved. */
export type CursorPosition = (SqlValue | null | LongValue)[];

/** Sort values whose JSON text is longer than this many UTF-8 bytes travel as a {@link LongValue}. */
export const INLINE_MAX_BYTES = 256;
/** UTF-8 bytes of the JSON text of a {@link LongValue}'s prefix, at most. */
const PREFIX_MAX_BYTES = 64;

/** The order a cursor belongs to (`AMOUNT_CENTS:DESC,ORDER_ID:ASC`); a cursor is refused under another order. */
export function orderSignature(keys: SortKey[]): string {
  return keys.map((k) => `${k.column.enumValue}:${k.descending ? 'DESC' : 'ASC'}`).join(',');
}

/**
 * The longest cursor {@link encodeCursor} makes for an order: every value at most INLINE_MAX_BYTES of JSON (a long
 * value's digest is shorter), plus the order signature, in base64url.
 */
export function maxCursorLength(keys: SortKey[]): number {
  return Math.ceil(((32 + orderSignature(keys).length + keys.length * (INLINE_MAX_BYTES + 1)) * 4) / 3);
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The SHA-256 of a string's UTF-8 bytes, in hex (what DuckDB's `sha256()` gives for the same VARCHAR). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function longValue(text: string): { p: string; h: string } {
  let prefix = '';
  for (const ch of text) {
    if (bytes(prefix + ch) > PREFIX_MAX_BYTES) break;
    prefix += ch;
  }
  return { p: prefix, h: sha256Hex(text) };
}

/**
 * An opaque cursor for a row: its sort key values (as served on the wire; a non-finite double as "NaN", "Infinity"
 * or "-Infinity"; a string longer than INLINE_MAX_BYTES as a digest) and the order they belong to. Its length is at
 * most {@link maxCursorLength}, whatever the values.
 */
export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((k) => {
    const v = row[k.column.field] ?? null;
    return typeof v === 'string' && k.column.scalar === 'String' && bytes(v) > INLINE_MAX_BYTES ? longValue(v) : v;
  });
  return Buffer.from(JSON.stringify({ o: orderSignature(keys), v: values })).toString('base64url');
}

function invalid(expected: string): TesseraError {
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `after: expected ${expected}, got something else (pass endCursor or an edge cursor unchanged)`);
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function decodeValue(key: SortKey, raw: unknown): SqlValue | null | LongValue {
  if (raw === null) return null;
  if (key.column.scalar === 'Float' && typeof raw === 'string' && raw in NON_FINITE) return NON_FINITE[raw]!;
  if (key.column.scalar === 'String' && typeof raw === 'object') {
    const { p, h } = raw as { p?: unknown; h?: unknown };
    if (typeof p === 'string' && typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)) return { prefix: p, sha256: h };
    throw invalid('a cursor returned by this field');
  }
  return parseScalarValue(key.column.scalar, raw);
}

/**
 * The keyset position of a cursor, each value checked against its column's type.
 * @throws TesseraError BAD_USER_INPUT for anything that is not a cursor of this order.
 */
export function decodeCursor(keys: SortKey[], cursor: string): CursorPosition {
  if (cursor.length > maxCursorLength(keys) || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid('a cursor returned by this field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('a cursor returned by this field');
  }
  const { o, v } = (parsed ?? {}) as { o?: unknown; v?: unknown };
  if (o !== orderSignature(keys)) throw invalid('a cursor made under the same orderBy');
  if (!Array.isArray(v) || v.length !== keys.length) throw invalid('a cursor returned by this field');
  return keys.map((k, i) => decodeValue(k, v[i]));
}

/** True for a value carried as a digest. */
export function isLongValue(v: SqlValue | null | LongValue): v is LongValue {
  return typeof v === 'object' && v !== null;
}

/** Whether a position holds digests, so its row must be read before the position can be applied. */
export function cursorRowNeeded(position: CursorPosition): boolean {
  return position.some(isLongValue);
}

/**
 * The keyset position of a cursor whose digests are replaced by the values read back (`values[i]` for each
 * digest at sort key i), after checking each against its digest.
 * @throws TesseraError BAD_USER_INPUT when a value read back does not match (the cursor's row is not in this snapshot).
 */
export function resolvedPosition(position: CursorPosition, values: (string | null | undefined)[]): KeysetPosition {
  return position.map((v, i) => {
    if (!isLongValue(v)) return v;
    const found = values[i];
    if (typeof found !== 'string' || !found.startsWith(v.prefix) || sha256Hex(found) !== v.sha256) {
      throw new TesseraError(ErrorCode.BAD_USER_INPUT,
        'after: expected a cursor of a row in this snapshot (a cursor over a long value is resolved against the snapshot read), got one whose row is not in it; page on a pinned snapshot');
    }
    return found;
  });
}
