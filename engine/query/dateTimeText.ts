import { ErrorCode, TesseraError } from '../errors';
import { civilFromDays, daysFromCivil, daysInMonth, formatCivil } from './calendar';

/**
 * What a DateTime input may look like: ISO 8601 / RFC 3339 with the forms `tessera publish` accepts for timestamps,
 * within the range the wire form can write.
 */
export const DATE_TIME_EXPECTED = 'an ISO 8601 date-time YYYY-MM-DDTHH:MM[:SS[.fraction]] (T or a space) followed by Z, '
  + '±HH:MM, ±HHMM, ±HH or nothing for UTC, from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z, '
  + 'such as "2026-11-21T06:01:32.123456Z"';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})(\d*)$/;
/** Longer inputs are refused before parsing, so a fraction of a million digits costs nothing. */
const MAX_LENGTH = 64;
const SECONDS_PER_DAY = 86_400;
/** The first and last second of the domain (0001-01-01T00:00:00Z, 9999-12-31T23:59:59Z), from 1970-01-01. */
const FIRST_SECOND = daysFromCivil(1, 1, 1) * SECONDS_PER_DAY;
const LAST_SECOND = daysFromCivil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;
/** The last microsecond of the domain, from 1970-01-01. */
export const LAST_MICROS = BigInt(LAST_SECOND) * 1_000_000n + 999_999n;

function bad(raw: unknown, expected = DATE_TIME_EXPECTED): TesseraError {
  const shown = typeof raw === 'string' ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw) : String(raw);
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `DateTime: expected ${expected}, got ${shown}`);
}

function clock(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const s = seconds - day * SECONDS_PER_DAY;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${formatCivil(civilFromDays(day))} ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * A DateTime input as canonical UTC text: `2026-11-21 06:01:32.123456`, the form DuckDB casts to TIMESTAMP, followed
 * by any further non-zero fractional digits the input had (`…32.1234567`), so a filter can compare exactly. An offset
 * is applied (`+01:00` is one hour ahead of UTC); no offset means UTC; `24:00:00` is the start of the next day.
 * Lower-case `t` and `z` and offsets past ±23:59 are refused, as publish refuses them.
 * @throws TesseraError BAD_USER_INPUT naming the accepted forms and range.
 */
export function parseDateTime(raw: unknown): string {
  const m = typeof raw === 'string' && raw.length <= MAX_LENGTH ? DATE_TIME.exec(raw) : null;
  if (!m) throw bad(raw);
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw bad(raw, `${DATE_TIME_EXPECTED} (a day that exists)`);
  // `24:00:00` is the end of the day, i.e. the next day's start (ISO 8601), as publish takes it.
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction);
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) throw bad(raw, `${DATE_TIME_EXPECTED} (a time of day from 00:00:00 to 24:00:00)`);
  let offset = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = zone.length === 3 ? 0 : Number(zone.slice(-2));
    if (oh > 23 || om > 59) throw bad(raw, `${DATE_TIME_EXPECTED} (an offset from -23:59 to +23:59)`);
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  if (seconds < FIRST_SECOND || seconds > LAST_SECOND) throw bad(raw);
  return `${clock(seconds)}.${fraction.padEnd(6, '0').slice(0, 6)}${fraction.slice(6).replace(/0+$/, '')}`;
}

/** The wire form of canonical UTC text (`2026-11-21T06:01:32.123456Z`). */
export function formatDateTime(canonical: string): string {
  return `${canonical.replace(' ', 'T')}Z`;
}

/**
 * Microseconds since 1970-01-01 of canonical text (from parseDateTime), rounded down, and whether digits finer than
 * a microsecond were dropped.
 * @throws Error for text that is not canonical (a programming error: values come from parseDateTime).
 */
export function dateTimeMicros(canonical: string): { micros: bigint; finer: boolean } {
  const m = CANONICAL.exec(canonical);
  if (!m) throw new Error(`expected canonical DateTime text, got ${JSON.stringify(canonical)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  return { micros: BigInt(seconds) * 1_000_000n + BigInt(m[7]!), finer: /[1-9]/.test(m[8]!) };
}

/** Canonical UTC text of microseconds since 1970-01-01. */
export function microsText(micros: bigint): string {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const rest = micros - seconds * 1_000_000n;
  return `${clock(Number(seconds))}.${String(rest).padStart(6, '0')}`;
}
