import { ErrorCode, TesseraError } from '../errors';
import type { ScalarName } from './productModel';

/** A typed value as the query layer carries it: canonical text for Long, Decimal, Date and DateTime. */
export type SqlValue = string | number | boolean;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bad(scalar: string, expected: string, got: unknown): TesseraError {
  const shown = typeof got === 'string' ? JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got) : String(got);
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `${scalar}: expected ${expected}, got ${shown}`);
}

/** A Long from a string of digits or a safe integer, as canonical digits. @throws TesseraError BAD_USER_INPUT */
export function parseLong(raw: unknown): string {
  let text: string;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) text = String(raw);
  else if (typeof raw === 'bigint') text = raw.toString();
  else if (typeof raw === 'string' && /^-?\d{1,19}$/.test(raw)) text = raw;
  else throw bad('Long', 'a 64-bit integer as a string of digits', raw);
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX) throw bad('Long', 'a value within the 64-bit signed range', raw);
  return n.toString();
}

/** A Decimal from a string or finite number, as canonical text. @throws TesseraError BAD_USER_INPUT */
export function parseDecimal(raw: unknown): string {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof text !== 'string' || !/^-?\d{1,38}(\.\d{1,38})?$/.test(text)) throw bad('Decimal', 'a decimal number such as "12.30"', raw);
  return text;
}

/** A Date `YYYY-MM-DD` that exists in the calendar. @throws TesseraError BAD_USER_INPUT */
export function parseDate(raw: unknown): string {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    throw bad('Date', 'a calendar date such as "2026-11-21"', raw);
  }
  return raw;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A DateTime in ISO 8601 (any offset, `Z` or none meaning UTC), as canonical UTC text with microseconds
 * (`2026-11-21 06:01:32.123456`), the form DuckDB casts to TIMESTAMP.
 * @throws TesseraError BAD_USER_INPUT
 */
export function parseDateTime(raw: unknown): string {
  const m = typeof raw === 'string' ? DATE_TIME.exec(raw) : null;
  if (!m) throw bad('DateTime', 'an ISO 8601 date-time such as "2026-11-21T06:01:32.123456Z"', raw);
  const [, day, time, fraction = '', zone = 'Z'] = m;
  const whole = Date.parse(`${day}T${time!.length === 5 ? `${time}:00` : time}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
  if (Number.isNaN(whole)) throw bad('DateTime', 'a valid date and time', raw);
  const iso = new Date(whole).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}`;
}

/** The canonical UTC text of a DateTime as the wire format (`2026-11-21T06:01:32.123456Z`). */
export function formatDateTime(canonical: string): string {
  return `${canonical.replace(' ', 'T')}Z`;
}

/**
 * Checks and normalises a value of a scalar, from a GraphQL input or a decoded cursor.
 * @throws TesseraError BAD_USER_INPUT naming the scalar, what was expected and what was received.
 */
export function parseScalarValue(scalar: ScalarName, raw: unknown): SqlValue {
  switch (scalar) {
    case 'Long': return parseLong(raw);
    case 'Decimal': return parseDecimal(raw);
    case 'Date': return parseDate(raw);
    case 'DateTime': return parseDateTime(raw);
    case 'Int':
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= -(2 ** 31) && raw < 2 ** 31) return raw;
      throw bad('Int', 'a 32-bit integer', raw);
    case 'Float':
      if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
      throw bad('Float', 'a finite number', raw);
    case 'Boolean':
      if (typeof raw === 'boolean') return raw;
      throw bad('Boolean', 'true or false', raw);
    case 'String':
      if (typeof raw === 'string') return raw;
      throw bad('String', 'a string', raw);
  }
}
