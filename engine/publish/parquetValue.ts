import type { LogicalType } from '../contract/types';
import { FIRST_DATE, FIRST_TIMESTAMP, LAST_TIMESTAMP, textValue } from './textValue';

/** The conversion of one parquet column (as DuckDB reads it) to a contract type. */
export interface ParquetValue {
  /** Whether the column's type can hold values of the contract type at all; when not, every non-null value is refused. */
  accepted: boolean;
  /** TRUE when the (non-null) value converts without loss. */
  fits: string;
  value: string;
}

const INTEGER = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;
const DECIMAL = /^DECIMAL\(\d+,\d+\)$/;
/** Millisecond, second and microsecond timestamps; DuckDB reads INT96 and TIMESTAMP_MILLIS/MICROS as TIMESTAMP. */
const TIMESTAMP = /^(TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP WITH TIME ZONE)$/;

/**
 * How a parquet column converts, by its DuckDB type, never through a guess:
 * - strings (BINARY with the UTF-8 annotation) follow the text rules for every type; BINARY without it only fits a
 *   string column, and only when its bytes are valid UTF-8 (they are stored as those characters);
 * - integers of any width and signedness, and decimals, fit integer, decimal and double columns by their exact decimal
 *   text (so a value out of range, or with more fractional digits than the scale, is refused, never wrapped or
 *   rounded; into a double, as the nearest double like any decimal text);
 * - FLOAT and DOUBLE fit only double columns (FLOAT widened exactly), and only when finite;
 * - BOOLEAN fits boolean, DATE fits date from year 1, timestamps of any unit, UTC-adjusted or not (taken as UTC),
 *   fit timestamp within 0001-01-01 … 9999-12-31T23:59:59.999999; nanosecond ones only when whole microseconds;
 * - anything else (nested types, TIME, INTERVAL, UUID, a timestamp for a date, a number for a string) is refused.
 * @param raw SQL expression of the column, not null.
 */
export function parquetValue(type: LogicalType, raw: string, source: string): ParquetValue {
  const refused: ParquetValue = { accepted: false, fits: 'FALSE', value: `NULL` };
  if (source === 'VARCHAR') return { accepted: true, ...textValue(type, raw) };
  const numeric = INTEGER.test(source) || DECIMAL.test(source);
  switch (type) {
    case 'string': {
      if (source !== 'BLOB') return refused;
      const value = `TRY(decode(${raw}))`;
      return { accepted: true, value, fits: `(${value} IS NOT NULL)` };
    }
    case 'boolean':
      return source === 'BOOLEAN' ? { accepted: true, fits: 'TRUE', value: raw } : refused;
    case 'double':
      if (source === 'DOUBLE' || source === 'FLOAT') return { accepted: true, fits: `isfinite(${raw})`, value: `CAST(${raw} AS DOUBLE)` };
      return numeric ? { accepted: true, ...textValue(type, `CAST(${raw} AS VARCHAR)`) } : refused;
    case 'date':
      return source === 'DATE' ? { accepted: true, fits: `(${raw} BETWEEN ${FIRST_DATE} AND DATE '9999-12-31')`, value: raw } : refused;
    case 'timestamp': {
      const value = `CAST(${raw} AS TIMESTAMP)`;
      const inRange = `(${value} BETWEEN ${FIRST_TIMESTAMP} AND ${LAST_TIMESTAMP})`;
      if (TIMESTAMP.test(source)) return { accepted: true, fits: inRange, value };
      // Sub-microsecond digits would be truncated by the cast: refused instead.
      if (source === 'TIMESTAMP_NS') return { accepted: true, fits: `(epoch_ns(${raw}) % 1000 = 0 AND ${inRange})`, value };
      return refused;
    }
    default:
      // int32, int64 and decimal(p,s).
      return numeric ? { accepted: true, ...textValue(type, `CAST(${raw} AS VARCHAR)`) } : refused;
  }
}
