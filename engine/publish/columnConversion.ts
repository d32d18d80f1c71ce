import type { ColumnContract } from '../contract/types';
import { quoteIdent } from '../duckdb/sqlQuote';
import { parquetValue } from './parquetValue';
import { textValue } from './textValue';

/**
 * Where a raw column's values come from: `text` (CSV fields, VARCHAR, SQL NULL for an unquoted empty field), `json`
 * (the value's text as written plus, in `kindColumn`, its JSON kind: `string`, `number`, `boolean`, `object`, or
 * `invalid` for a string that is not well-formed Unicode) or `parquet` (the column as DuckDB reads it, `type` its
 * DuckDB type such as `DECIMAL(18,4)` or `TIMESTAMP_NS`).
 */
export type ColumnSource =
  | { format: 'text' }
  | { format: 'json'; kindColumn: string }
  | { format: 'parquet'; type: string };

/**
 * SQL over one raw input column: whether each value fits the contract's type, and the value converted. Values are
 * converted explicitly (never sniffed) and exactly, or refused: see textValue and parquetValue for the rules.
 */
export interface ColumnConversion {
  column: ColumnContract;
  /** What a value must look like, for the report of values that do not fit (`int64`, `boolean (true or false)`). */
  expected: string;
  /** TRUE when the raw value is null or converts without loss; never NULL. */
  fits: string;
  /** The converted value, typed as the contract says. */
  value: string;
  /** The raw value as text, as written in the input where the input is text, for the report. */
  shown: string;
}

/** What each type's values must look like, for reports. */
export const EXPECTED: Record<string, string> = {
  boolean: 'boolean (true or false)',
  double: 'double (a finite number such as -1.5e300)',
  date: 'date (YYYY-MM-DD, years 0001 to 9999)',
  timestamp: 'timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM], years 0001 to 9999 in UTC)',
};

/** The JSON kinds each type takes: a string is read with the type's text rules; an object or array never fits. */
const JSON_KINDS: Record<string, string[]> = {
  string: ['string'], boolean: ['boolean', 'string'], date: ['string'], timestamp: ['string'],
  int32: ['number', 'string'], int64: ['number', 'string'], double: ['number', 'string'],
};

/** Builds the conversion of one contract column from the raw column of the same name. */
export function columnConversion(column: ColumnContract, source: ColumnSource): ColumnConversion {
  const raw = quoteIdent(column.name);
  const label = EXPECTED[column.type] ?? column.type;
  if (source.format === 'parquet') {
    const p = parquetValue(column.type, raw, source.type);
    return { column, expected: p.accepted ? label : `${label}, not a parquet ${source.type} column`, fits: `(${raw} IS NULL OR ${p.fits})`, value: p.value, shown: `CAST(${raw} AS VARCHAR)` };
  }
  const t = textValue(column.type, raw);
  if (source.format === 'text') return { column, expected: label, fits: `(${raw} IS NULL OR ${t.fits})`, value: t.value, shown: raw };
  const kinds = JSON_KINDS[column.type] ?? ['number', 'string'];
  const kind = quoteIdent(source.kindColumn);
  const expected = column.type === 'string' ? 'string (a JSON string)' : label;
  return {
    column, expected, shown: raw, value: t.value,
    fits: `(${raw} IS NULL OR (${kind} IN (${kinds.map((k) => `'${k}'`).join(', ')}) AND ${t.fits}))`,
  };
}
