import { ErrorCode, TesseraError } from '../errors';
import { daysInMonth } from './calendar';
import { parseDateTime } from './dateTimeText';
import { parseDecimal } from './decimalText';
import type { ScalarName } from '../model/productModel';

// Kept importable from here: cursors, keys and scalars have always read them from this module.
export { formatDateTime, parseDateTime } from './dateTimeText';
export { parseDecimal } from './decimalText';

/**
 * A typed value as the query layer carries it: canonical text for Long, Decimal, Date and DateTime (a DateTime may
 * carry digits finer than a microsecond, and a Decimal more digits than a column holds: see columnDomain).
 */
export type SqlValue = string | number | boolean;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Longer Long texts are refused before BigInt sees them. */
const LONG_MAX_LENGTH = 40;
const LONG_EXPECTED = `a 64-bit integer from ${INT64_MIN} to ${INT64_MAX}, as a string of digits with an optional sign (or an integer of at most 2^53)`;
const DATE_EXPECTED = 'a calendar date YYYY-MM-DD from 0001-01-01 to 9999-12-31, such as "2026-11-21"';
/** A UTF-16 surrogate without its other half: no UTF-8 text holds it, so no stored string can equal it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function bad(scalar: string, expected: string, got: unknown): TesseraError {
  const shown = typeof got === 'string' ? JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got) : String(got);
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `${scalar}: expected ${expected}, got ${shown}`);
}

/**
 * A Long from a string of digits with an optional sign (`"-42"`, `"+42"`, `"007"`) or a safe integer, as canonical
 * digits (`"42"`, `"7"`). Exponents, fractions and spaces are refused, and so are values outside the signed 64-bit
 * range: a Long input is never rounded or clamped.
 * @throws TesseraError BAD_USER_INPUT naming the range.
 */
export function parseLong(raw: unknown): string {
  let text: string;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) text = String(raw);
  else if (typeof raw === 'bigint') text = raw.toString();
  else if (typeof raw === 'string' && raw.length <= LONG_MAX_LENGTH && /^[+-]?\d+$/.test(raw)) text = raw;
  else throw bad('Long', LONG_EXPECTED, raw);
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX) throw bad('Long', LONG_EXPECTED, raw);
  return n.toString();
}

/** A Date `YYYY-MM-DD` that exists in the (proleptic Gregorian) calendar, years 0001 to 9999. @throws TesseraError BAD_USER_INPUT */
export function parseDate(raw: unknown): string {
  const m = typeof raw === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw) : null;
  const [year, month, day] = m ? m.slice(1).map(Number) as [number, number, number] : [0, 0, 0];
  if (!m || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw bad('Date', DATE_EXPECTED, raw);
  return raw as string;
}

/**
 * Checks and normalises a value of a scalar, from a GraphQL input or a decoded cursor. Every accepted value is kept
 * exactly (see parseLong, parseDecimal, parseDateTime); fitting it to a column is columnDomain's job.
 * @throws TesseraError BAD_USER_INPUT naming the scalar, what was expected and what was received.
 */
export function parseScalarValue(scalar: ScalarName, raw: unknown): SqlValue {
  switch (scalar) {
    case 'Long': return parseLong(raw);
    case 'Decimal': return parseDecimal(raw);
    case 'Date': return parseDate(raw);
    case 'DateTime': return parseDateTime(raw);
    case 'Int':
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= INT32_MIN && raw <= INT32_MAX) return raw;
      throw bad('Int', `a 32-bit integer from ${INT32_MIN} to ${INT32_MAX}`, raw);
    case 'Float':
      if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
      throw bad('Float', 'a finite double-precision number (at most ±1.7976931348623157e308)', raw);
    case 'Boolean':
      if (typeof raw === 'boolean') return raw;
      throw bad('Boolean', 'true or false', raw);
    case 'String':
      if (typeof raw === 'string' && !LONE_SURROGATE.test(raw)) return raw;
      throw bad('String', 'a string of Unicode text (no unpaired surrogate)', raw);
  }
}
