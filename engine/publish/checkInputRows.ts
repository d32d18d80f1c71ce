import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, TesseraError } from '../errors';
import { quoteIdent } from '../duckdb/sqlQuote';
import { counted } from './counted';
import type { LoadedInput } from './loadInput';

/** One value (or record) of the input that does not fit the contract. */
export interface OffendingValue {
  file: string;
  /** 1-based line of the record (CSV counts the header as line 1; parquet counts rows). */
  line: number;
  /** The column, or undefined when the whole record could not be split into columns. */
  column?: string;
  value: string | null;
  expected: string;
}

/** How many offending rows the report lists; the total is always given. */
export const REPORTED_ROWS = 20;

/**
 * Checks every row of every loaded input against the contract's types and throws before anything is written.
 * @throws TesseraError INPUT_INVALID whose message lists the first {@link REPORTED_ROWS} offending rows (file, line,
 * column, value, expected type) and the total count; `details.offending` holds the same as data.
 */
export async function checkInputRows(db: DuckDBConnection, inputs: LoadedInput[]): Promise<void> {
  const offending: OffendingValue[] = [];
  let total = 0;
  for (const input of inputs) {
    total += input.rejects.length;
    for (const r of input.rejects) {
      offending.push({ file: basename(input.file), line: r.line, value: r.value, expected: r.message });
    }
    const conversions = input.conversions;
    const allFit = conversions.map((c) => c.fits).join(' AND ');
    const table = quoteIdent(input.table);
    const counted = await db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE NOT (${allFit})`);
    const bad = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
    if (!bad) continue;
    total += bad;
    const flags = conversions.map((c, i) => `${c.fits} AS __fits_${i}, ${c.shown} AS __shown_${i}`).join(', ');
    const line = input.lineColumn ? quoteIdent(input.lineColumn) : 'NULL';
    const reader = await db.runAndReadAll(
      `SELECT rowid::BIGINT AS __row, ${line}::BIGINT AS __line, ${flags} FROM ${table} WHERE NOT (${allFit}) ORDER BY rowid LIMIT ${REPORTED_ROWS}`);
    for (const row of reader.getRowObjectsJson()) {
      const at = row.__line === null ? lineOf(input, Number(row.__row)) : Number(row.__line);
      conversions.forEach((c, i) => {
        if (row[`__fits_${i}`] === true) return;
        const value = row[`__shown_${i}`];
        offending.push({ file: basename(input.file), line: at, column: c.column.name, value: value === null || value === undefined ? null : String(value), expected: c.expected });
      });
    }
  }
  if (!total) return;
  const rows = [...new Map(offending.map((o) => [`${o.file}:${o.line}`, o])).keys()].slice(0, REPORTED_ROWS);
  const listed = offending.filter((o) => rows.includes(`${o.file}:${o.line}`));
  const lines = listed.map((o) => o.column === undefined
    ? `  ${o.file} line ${o.line}: ${o.expected}: ${truncate(o.value)}`
    : `  ${o.file} line ${o.line}, column ${o.column}: expected ${o.expected}, found ${o.value === null ? 'null' : JSON.stringify(truncate(o.value))}`);
  throw new TesseraError(ErrorCode.INPUT_INVALID,
    `${counted(total, 'input row')} ${total === 1 ? 'does' : 'do'} not fit the contract; nothing was written. ` +
    `${total > rows.length ? `The first ${rows.length}:` : total === 1 ? 'It is:' : 'They are:'}\n${lines.join('\n')}`,
    { offendingRows: total, offending: listed });
}

/** The line of the `row`-th accepted record: records the CSV reader rejected are skipped over. */
function lineOf(input: LoadedInput, row: number): number {
  let line = row + (input.format === 'csv' ? 2 : 1);
  for (const rejected of input.rejectedLines) if (rejected <= line) line++;
  return line;
}

function truncate(text: string | null): string {
  if (text === null) return 'null';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
