import { basename, extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { VersionContract } from '../contract/types';
import { ErrorCode, TesseraError } from '../errors';
import { quoteIdent, quoteString } from '../duckdb/sqlQuote';
import type { ColumnConversion } from './columnConversion';
import { columnConversion } from './columnConversion';
import { readCsvHeader } from './csvHeader';
import { loadJsonInput } from './loadJsonInput';
import { uncompressedName } from './openInput';

/** An input file loaded into DuckDB, one row per record in file order (the table's rowid), with its conversions. */
export interface LoadedInput {
  file: string;
  format: 'csv' | 'json' | 'parquet';
  /** Table of raw values, columns named as in the contract (text for CSV and JSON, as read for parquet). */
  table: string;
  /** Per contract column, in contract order, how its raw values convert to the contract's type. */
  conversions: ColumnConversion[];
  /** A column holding each row's line, when the rowid alone cannot say it (JSON: blank lines, unreadable records). */
  lineColumn?: string;
  /** Records the CSV reader could not split into the header's columns (1-based record lines), sorted. */
  rejectedLines: number[];
  /** The rejected records themselves, for the report. */
  rejects: { line: number; value: string; message: string }[];
}

/** The input formats `publish` accepts, by file extension (before a `.gz` or `.zst` compression suffix). */
export function inputFormat(file: string): LoadedInput['format'] {
  const ext = extname(uncompressedName(file)).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'json';
  if (ext === '.parquet') return 'parquet';
  throw new TesseraError(ErrorCode.INPUT_INVALID,
    `expected an input file ending in .csv, .jsonl, .ndjson, .json or .parquet, got "${basename(file)}"`);
}

/**
 * Loads one input file into table `table`. CSV: the header names the columns, every field is read as text; an unquoted
 * empty field is null and a quoted `""` is the empty string. JSON lines: each record is an object whose keys are
 * columns, every value kept as written (numbers as their digits) with its JSON kind; a missing key or `null` is null,
 * an unknown key is an error. Parquet: columns are read by name with their parquet types. CSV and JSON may be gzip
 * (`.gz`) or zstd (`.zst`) compressed.
 * @throws TesseraError INPUT_INVALID when columns are missing or unexpected (JSON: a key no column has, or a record
 * that is not an object), or the file cannot be read at all.
 */
export async function loadInput(db: DuckDBConnection, file: string, version: VersionContract, table: string): Promise<LoadedInput> {
  const format = inputFormat(file);
  const names = version.columns.map((c) => c.name);
  const path = quoteString(file);
  if (format === 'json') {
    const json = await loadJsonInput(db, file, names, table);
    const conversions = version.columns.map((c, i) => columnConversion(c, { format: 'json', kindColumn: json.kindColumns[i]! }));
    return { file, format, table, conversions, lineColumn: json.lineColumn, rejects: json.rejects, rejectedLines: [] };
  }
  if (format === 'parquet') {
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${path})`).catch((err: Error) => fail(file, err.message));
    const types = new Map(described.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]));
    checkColumns(file, names, [...types.keys()]);
    for (const [name, label] of await truncatedTimestamps(db, path, names)) if (types.get(name) !== 'TIMESTAMP_NS') types.set(name, label);
    await db.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT ${names.map(quoteIdent).join(', ')} FROM read_parquet(${path})`)
      .catch((err: Error) => fail(file, err.message));
    const conversions = version.columns.map((c) => columnConversion(c, { format: 'parquet', type: types.get(c.name)! }));
    return { file, format, table, conversions, rejects: [], rejectedLines: [] };
  }
  const header = await readCsvHeader(file).catch((err: Error) => fail(file, err.message));
  checkColumns(file, names, header);
  const columns = header.map((h) => `${quoteString(h)}: 'VARCHAR'`).join(', ');
  const rejectsTable = `${table}_rejects`;
  await db.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT ${names.map(quoteIdent).join(', ')} FROM read_csv(${path}, header = true, auto_detect = false,
      columns = {${columns}}, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false,
      store_rejects = true, rejects_table = ${quoteString(rejectsTable)}, rejects_scan = ${quoteString(`${table}_scan`)})`)
    .catch((err: Error) => fail(file, err.message));
  const rejects = await readRejects(db, rejectsTable);
  const conversions = version.columns.map((c) => columnConversion(c, { format: 'text' }));
  return { file, format, table, conversions, rejects, rejectedLines: rejects.map((r) => r.line) };
}

/**
 * The columns whose timestamps DuckDB truncates to microseconds as it reads them, by the label their refusal shows:
 * INT96 and TIMESTAMP(NANOS) adjusted to UTC come out as microsecond TIMESTAMP / TIMESTAMPTZ, so their sub-microsecond
 * digits could not be checked (TIMESTAMP(NANOS) not adjusted to UTC is read as TIMESTAMP_NS and checked).
 */
async function truncatedTimestamps(db: DuckDBConnection, path: string, names: string[]): Promise<Map<string, string>> {
  const schema = await db.runAndReadAll(`SELECT name, type, logical_type FROM parquet_schema(${path})`);
  const found = new Map<string, string>();
  for (const r of schema.getRowObjectsJson()) {
    const name = String(r.name);
    if (!names.includes(name)) continue;
    if (r.type === 'INT96') found.set(name, 'INT96 timestamp (read truncated to microseconds)');
    else if (/NANOS=NanoSeconds/.test(String(r.logical_type)) && /isAdjustedToUTC=1/.test(String(r.logical_type))) {
      found.set(name, 'TIMESTAMP(NANOS) adjusted to UTC (read truncated to microseconds)');
    }
  }
  return found;
}

async function readRejects(db: DuckDBConnection, table: string): Promise<LoadedInput['rejects']> {
  const reader = await db.runAndReadAll(
    `SELECT line, csv_line, error_message FROM ${quoteIdent(table)} ORDER BY line`);
  return reader.getRowObjectsJson().map((r) => ({
    line: Number(r.line), value: String(r.csv_line ?? ''), message: String(r.error_message ?? ''),
  }));
}

function checkColumns(file: string, expected: string[], found: string[]): void {
  const missing = expected.filter((n) => !found.includes(n));
  const unexpected = found.filter((n) => !expected.includes(n));
  const duplicated = found.filter((n, i) => found.indexOf(n) !== i);
  if (!missing.length && !unexpected.length && !duplicated.length) return;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
    duplicated.length ? `duplicated ${duplicated.join(', ')}` : '',
  ].filter(Boolean);
  throw new TesseraError(ErrorCode.INPUT_INVALID,
    `${basename(file)}: expected the columns ${expected.join(', ')}, found ${found.join(', ') || 'none'} (${parts.join('; ')})`,
    { file: basename(file) });
}

function fail(file: string, message: string): never {
  // DuckDB's messages can be long and multi-line; the first line says what went wrong.
  const first = message.split('\n')[0] ?? message;
  throw new TesseraError(ErrorCode.INPUT_INVALID, `${basename(file)}: could not read the input: ${first}`, { file: basename(file) });
}
