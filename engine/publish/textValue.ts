import type { LogicalType } from '../contract/types';
import { decimalParts } from '../contract/decimalType';
import { duckdbType } from '../duckdb/duckdbType';

/** SQL over one value's text: whether it is a value of the type, and that value. */
export interface TextValue {
  /** TRUE when the (non-null) text spells a value of the type that is stored without loss. */
  fits: string;
  /** The value, typed as the contract says. */
  value: string;
}

/** The earliest and latest instants the API can write (`0001-01-01T00:00:00Z` … `9999-12-31T23:59:59.999999Z`). */
export const FIRST_TIMESTAMP = "TIMESTAMP '0001-01-01 00:00:00'";
export const LAST_TIMESTAMP = "TIMESTAMP '9999-12-31 23:59:59.999999'";
/** The earliest date the API can write; the latest, 9999-12-31, is the largest a 4-digit year can spell. */
export const FIRST_DATE = "DATE '0001-01-01'";

/**
 * An ISO 8601 date and time: `T` or a space between them, hours 00–23 (or `24:00:00`, the end of the day, which is the
 * next day's start), at most six significant fractional digits (more digits only when they are zeros), an optional `Z`
 * or `±HH[[:]MM]` offset of at most 23:59.
 */
const TIMESTAMP_SHAPE = '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6}0*)?|24:00:00(\\.0+)?)' +
  '(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?';
/** A decimal number in plain notation (no exponent, no digit separators). */
const PLAIN_DECIMAL = '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)';
/** A decimal number with an optional exponent: what a double accepts (no `NaN`, `Infinity`, `0x…` or `1_000`). */
const DOUBLE_SHAPE = `${PLAIN_DECIMAL}([eE][+-]?[0-9]+)?`;

/**
 * The conversion of a text to a contract type, exact or not at all: text is matched against the type's spelling
 * before it is cast, so nothing DuckDB would also accept (`1_000`, `epoch`, `infinity`, `NaN`, `0x10`, a date for a
 * timestamp) slips through, and values the API cannot write back (non-finite or underflowing doubles, dates before
 * year 1, instants after 9999-12-31T23:59:59.999999Z once converted to UTC) are refused. The text is trimmed first
 * except for strings, which are taken as they are; an empty text is not a value of any type but string.
 * @param text SQL expression of type VARCHAR, not null.
 */
export function textValue(type: LogicalType, text: string): TextValue {
  if (type === 'string') return { fits: 'TRUE', value: text };
  const t = `trim(${text})`;
  // coalesce: a failed TRY_CAST is NULL, and a NULL here would let the row pass the NOT (fits) filter.
  const shaped = (shape: string, check: string): string => `coalesce(regexp_full_match(${t}, '${shape}') AND ${check}, FALSE)`;
  switch (type) {
    case 'int32':
    case 'int64': {
      const value = `TRY_CAST(${t} AS ${duckdbType(type)})`;
      return { value, fits: shaped('[+-]?[0-9]+', `${value} IS NOT NULL`) };
    }
    case 'double': {
      const value = `TRY_CAST(${t} AS DOUBLE)`;
      // A non-zero mantissa that comes out as zero underflowed: the written value is lost, not rounded.
      const underflow = `(${value} = 0 AND regexp_matches(regexp_replace(${t}, '[eE].*$', ''), '[1-9]'))`;
      return { value, fits: shaped(DOUBLE_SHAPE, `isfinite(${value}) AND NOT ${underflow}`) };
    }
    case 'boolean': {
      const value = `TRY_CAST(${t} AS BOOLEAN)`;
      return { value, fits: shaped('(?i)true|false', `${value} IS NOT NULL`) };
    }
    case 'date': {
      const value = `TRY_CAST(${t} AS DATE)`;
      return { value, fits: shaped('[0-9]{4}-[0-9]{2}-[0-9]{2}', `${value} >= ${FIRST_DATE}`) };
    }
    case 'timestamp': {
      // Through TIMESTAMPTZ in a UTC session: an explicit offset is honoured, a bare time is taken as UTC.
      const value = `CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AS TIMESTAMP)`;
      return { value, fits: shaped(TIMESTAMP_SHAPE, `${value} BETWEEN ${FIRST_TIMESTAMP} AND ${LAST_TIMESTAMP}`) };
    }
    default: {
      const d = decimalParts(type);
      if (!d) throw new Error(`expected a logical type, got "${String(type)}"`);
      // Trailing fractional zeros carry no value: 1.2300 is exactly the decimal(p,2) 1.23; a non-zero digit past the
      // scale would be rounded, so it is refused.
      const fraction = `rtrim(regexp_extract(${t}, '\\.([0-9]*)$', 1), '0')`;
      const value = `TRY_CAST(${t} AS ${duckdbType(type)})`;
      return { value, fits: shaped(PLAIN_DECIMAL, `length(${fraction}) <= ${d.scale} AND ${value} IS NOT NULL`) };
    }
  }
}
