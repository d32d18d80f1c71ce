import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { stringify } from 'lossless-json';
import { ErrorCode, TesseraError } from '../errors';
import { quoteIdent } from '../duckdb/sqlQuote';
import { JsonNumber, jsonRecords } from './jsonRecords';

/** The raw table of a JSON input: per column its text and its JSON kind, and each record's line. */
export interface LoadedJson {
  /** Column holding each record's line (or element number in a JSON array). */
  lineColumn: string;
  /** Per contract column, the column holding each value's JSON kind. */
  kindColumns: string[];
  /** Records that could not be read (not UTF-8, not JSON, a key given twice). */
  rejects: { line: number; value: string; message: string }[];
}

/** `string`, `number`, `boolean`, `object` (objects and arrays), or `invalid` (a string that is not Unicode text). */
function kindOf(value: unknown): string {
  // A lone surrogate (`"\ud800"`) is no character: stored as UTF-8 it would silently become U+FFFD.
  if (typeof value === 'string') return /\p{Cs}/u.test(value) ? 'invalid' : 'string';
  if (value instanceof JsonNumber) return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

/** A value's text as written: a string's characters, a number's digits, an object's JSON (numbers as written). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'boolean') return String(value);
  return stringify(value, null, undefined, [{ test: (v) => v instanceof JsonNumber, stringify: (v) => (v as JsonNumber).text }]) ?? '';
}

/**
 * Loads a JSON input into `table`: one row per record, each contract column as the value's text as written (a number
 * keeps every digit and its spelling) with its JSON kind beside it, so the conversion can refuse an object in a
 * string column or a number that a double cannot hold. A missing key is null (serializers often leave nulls out).
 * @throws TesseraError INPUT_INVALID for a record that is not an object or a key that names no column (with the first
 * line of each), or a file that cannot be read.
 */
export async function loadJsonInput(db: DuckDBConnection, file: string, names: string[], table: string): Promise<LoadedJson> {
  const lineColumn = '__tessera_line';
  const kindColumns = names.map((_n, i) => `__tessera_kind_${i}`);
  const columns = [`${quoteIdent(lineColumn)} BIGINT`, ...names.flatMap((n, i) => [`${quoteIdent(n)} VARCHAR`, `${quoteIdent(kindColumns[i]!)} VARCHAR`])];
  await db.run(`CREATE TABLE ${quoteIdent(table)} (${columns.join(', ')})`);
  const appender = await db.createAppender(table);
  const rejects: LoadedJson['rejects'] = [];
  const unexpected = new Map<string, number>();
  const fail = (message: string): never => {
    throw new TesseraError(ErrorCode.INPUT_INVALID, `${basename(file)}${message}`, { file: basename(file) });
  };
  try {
    for await (const record of jsonRecords(file)) {
      if ('error' in record) {
        rejects.push({ line: record.line, value: record.text, message: record.error });
        continue;
      }
      const { value, line } = record;
      if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof JsonNumber) {
        fail(` line ${line}: expected a JSON object per record, found another JSON value`);
      }
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) if (!names.includes(key) && !unexpected.has(key)) unexpected.set(key, line);
      appender.appendBigInt(BigInt(line));
      for (const name of names) {
        const v = Object.hasOwn(object, name) ? object[name] : null;
        if (v === null || v === undefined) { appender.appendNull(); appender.appendNull(); continue; }
        const kind = kindOf(v);
        // An ill-formed string is kept as its JSON escape (`"\ud800"`) for the report: as UTF-8 it would be U+FFFD.
        appender.appendVarchar(kind === 'invalid' ? JSON.stringify(v) : textOf(v));
        appender.appendVarchar(kind);
      }
      appender.endRow();
    }
    appender.flushSync();
  } catch (err) {
    if (err instanceof TesseraError) throw err;
    fail(`: could not read the input: ${(err as Error).message}`);
  } finally {
    appender.closeSync();
  }
  if (unexpected.size) {
    fail(`: expected keys among the columns ${names.join(', ')}, found ` +
      `${[...unexpected].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([k, l]) => `"${k}" (first at line ${l})`).join(', ')}`);
  }
  return { lineColumn, kindColumns, rejects };
}
