import { basename, extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { VersionContract } from '../contract/types';
import { ErrorCode, TesseraError } from '../errors';
import { quoteIdent, quoteString } from '../duckdb/sqlQuote';
import { readCsvHeader } from './csvHeader';

/** An input file loaded into DuckDB as text columns, one row per record in file order (the table's rowid). */
export interface LoadedInput {
  file: string;
  format: 'csv' | 'json' | 'parquet';
  /** Table of raw text values, columns named as in the contract. */
  table: string;
  /** Records the CSV reader could not split into the header's columns (1-based record lines), sorted. */
  rejectedLines: number[];
  /** The rejected records themselves, for the report. */
  rejects: { line: number; value: string; message: string }[];
}

/** The input formats `publish` accepts, by file extension. */
export function inputFormat(file: string): LoadedInput['format'] {
  const ext = extname(file.replace(/\.(gz|zst)$/, '')).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'json';
  if (ext === '.parquet') return 'parquet';
  throw new TesseraError(ErrorCode.INPUT_INVALID,
    `expected an input file ending in .csv, .jsonl, .ndjson, .json or .parquet, got "${basename(file)}"`);
}

/**
 * Loads one input file into table `table` with every contract column as text (VARCHAR). CSV: the header names the
 * columns; an unquoted empty field is null and a quoted `""` is the empty string. JSON lines: each record is an object
 * whose keys are columns; a missing key is null (serializers often leave nulls out), an unknown key is an error. Parquet: columns are read by name and rendered as text, to be converted like any other input.
 * @throws TesseraError INPUT_INVALID when columns are missing or unexpected (JSON: a key no column has, or a record
 * that is not an object), or the file cannot be read at all.
 */
export async function loadInput(db: DuckDBConnection, file: string, version: VersionContract, table: string): Promise<LoadedInput> {
  const format = inputFormat(file);
  const names = version.columns.map((c) => c.name);
  const path = quoteString(file);
  let select: string;
  let rejectsTable: string | undefined;
  if (format === 'csv') {
    const header = await readCsvHeader(file).catch((err: Error) => fail(file, err.message));
    checkColumns(file, names, header);
    const columns = header.map((h) => `${quoteString(h)}: 'VARCHAR'`).join(', ');
    rejectsTable = `${table}_rejects`;
    select = `SELECT ${names.map(quoteIdent).join(', ')} FROM read_csv(${path}, header = true, auto_detect = false,
      columns = {${columns}}, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false,
      store_rejects = true, rejects_table = ${quoteString(rejectsTable)}, rejects_scan = ${quoteString(`${table}_scan`)})`;
  } else if (format === 'json') {
    const columns = names.map((n) => `${quoteString(n)}: 'VARCHAR'`).join(', ');
    const shape = extname(file).toLowerCase() === '.json' ? 'auto' : 'newline_delimited';
    await checkJsonKeys(db, file, shape, names);
    select = `SELECT ${names.map(quoteIdent).join(', ')} FROM read_json(${path}, format = '${shape}', columns = {${columns}})`;
  } else {
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${path})`).catch((err: Error) => fail(file, err.message));
    checkColumns(file, names, described.getRowObjectsJson().map((r) => String(r.column_name)));
    select = `SELECT ${names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR) AS ${quoteIdent(n)}`).join(', ')} FROM read_parquet(${path})`;
  }
  await db.run(`CREATE TABLE ${quoteIdent(table)} AS ${select}`).catch((err: Error) => fail(file, err.message));
  const rejects = rejectsTable ? await readRejects(db, rejectsTable) : [];
  return { file, format, table, rejects, rejectedLines: rejects.map((r) => r.line) };
}

async function readRejects(db: DuckDBConnection, table: string): Promise<LoadedInput['rejects']> {
  const reader = await db.runAndReadAll(
    `SELECT line, csv_line, error_message FROM ${quoteIdent(table)} ORDER BY line`);
  return reader.getRowObjectsJson().map((r) => ({
    line: Number(r.line), value: String(r.csv_line ?? ''), message: String(r.error_message ?? ''),
  }));
}

/**
 * Rejects JSON records that are not objects and keys that name no column, with the first record (line) of each:
 * `read_json` with explicit columns would silently drop a misspelt key and read the value as null.
 */
async function checkJsonKeys(db: DuckDBConnection, file: string, shape: string, names: string[]): Promise<void> {
  const reader = await db.runAndReadAll(`SELECT key, min(n)::BIGINT AS line FROM (
      SELECT n, unnest(CASE WHEN json_type(json) = 'OBJECT' THEN json_keys(json) ELSE [NULL::VARCHAR] END) AS key
      FROM (SELECT row_number() OVER () AS n, json FROM read_json_objects(${quoteString(file)}, format = '${shape}')))
    GROUP BY key ORDER BY line, key`).catch((err: Error) => fail(file, err.message));
  const keys = reader.getRowObjectsJson().map((r) => ({ key: r.key === null ? null : String(r.key), line: Number(r.line) }));
  const notObject = keys.find((k) => k.key === null);
  if (notObject) {
    throw new TesseraError(ErrorCode.INPUT_INVALID,
      `${basename(file)} line ${notObject.line}: expected a JSON object per record, found another JSON value`, { file: basename(file) });
  }
  const unexpected = keys.filter((k) => !names.includes(k.key!));
  if (!unexpected.length) return;
  throw new TesseraError(ErrorCode.INPUT_INVALID,
    `${basename(file)}: expected keys among the columns ${names.join(', ')}, found ` +
    `${unexpected.map((k) => `"${k.key}" (first at line ${k.line})`).join(', ')}`, { file: basename(file) });
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
