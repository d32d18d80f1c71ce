import type { ColumnContract } from '../contract/types';
import { decimalParts, duckdbType } from '../duckdb/duckdbType';
import { quoteIdent } from '../duckdb/sqlQuote';

/**
 * SQL over a raw input column read as text: whether each value fits the contract's type, and the value converted.
 * Text is converted explicitly (never sniffed), so int64 beyond 2^53 and decimals keep every digit, and a decimal with
 * more fractional digits than its scale is rejected rather than rounded. Booleans are `true` or `false` in any case
 * (not `1`, `yes` or `t`); timestamps are ISO 8601 with a time part and at most microseconds (a date alone or a
 * nanosecond value is rejected rather than padded or truncated). For non-string columns an empty text is null.
 */
export interface ColumnConversion {
  column: ColumnContract;
  /** What a value must look like, for the report of values that do not fit (`int64`, `boolean (true or false)`). */
  expected: string;
  /** TRUE when the raw value is null or converts without loss. */
  fits: string;
  /** The converted value, typed as the contract says. */
  value: string;
}

/** Builds the conversion of one contract column from the raw text column of the same name. */
export function columnConversion(column: ColumnContract): ColumnConversion {
  const raw = quoteIdent(column.name);
  const type = duckdbType(column.type);
  if (column.type === 'string') return { column, expected: column.type, fits: 'TRUE', value: raw };
  const text = `NULLIF(trim(${raw}), '')`;
  const value = column.type === 'timestamp'
    // Through TIMESTAMPTZ in a UTC session: an explicit offset is honoured, a bare time is taken as UTC.
    ? `CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`
    : `TRY_CAST(${text} AS ${type})`;
  const shape = textShape(column.type);
  const shapeOk = shape ? ` AND regexp_full_match(${text}, '${shape}')` : '';
  return { column, expected: EXPECTED[column.type] ?? column.type, fits: `(${text} IS NULL OR (${value} IS NOT NULL${shapeOk}))`, value };
}

const EXPECTED: Partial<Record<ColumnContract['type'], string>> = {
  boolean: 'boolean (true or false)',
  timestamp: 'timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM])',
};

/** An ISO 8601 date and time: `T` or a space between them, at most six fractional digits, an optional zone. */
const TIMESTAMP_SHAPE = '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?';

/**
 * A regular expression a value's text must match in addition to converting, where a cast alone would round or
 * accept more than the contract's type says.
 */
function textShape(type: ColumnContract['type']): string | undefined {
  if (type === 'int32' || type === 'int64') return '[+-]?[0-9]+';
  if (type === 'boolean') return '(?i)true|false';
  if (type === 'timestamp') return TIMESTAMP_SHAPE;
  const d = decimalParts(type);
  if (!d) return undefined;
  return d.scale === 0 ? '[+-]?[0-9]+\\.?' : `[+-]?([0-9]+(\\.[0-9]{0,${d.scale}})?|\\.[0-9]{1,${d.scale}})`;
}
