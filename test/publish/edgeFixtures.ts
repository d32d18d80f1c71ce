import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { samplesContract } from './fixtures';

/** A contract with a column of every logical type, decimals at precision 38. */
export const EDGES_YAML = `product: edges
domain: lab
owner: qa-team
description: Each type's values at the ends of its domain.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [edge_id]
    columns:
      - { name: edge_id, type: int32 }
      - { name: s, type: string }
      - { name: i, type: int32 }
      - { name: l, type: int64 }
      - { name: d, type: double }
      - { name: m, type: "decimal(38,6)" }
      - { name: f, type: "decimal(38,38)" }
      - { name: b, type: boolean }
      - { name: day, type: date }
      - { name: at, type: timestamp }
`;

export const edgesContract = (): ReturnType<typeof samplesContract> => samplesContract(EDGES_YAML);

/** The columns of the edges contract, in order. */
export const EDGE_COLUMNS = ['edge_id', 's', 'i', 'l', 'd', 'm', 'f', 'b', 'day', 'at'] as const;
export type EdgeColumn = typeof EDGE_COLUMNS[number];
/** One row as written in text: every value as its text, null for no value. */
export type EdgeRow = Partial<Record<EdgeColumn, string | null>>;

/** Columns written as JSON strings (the others as JSON numbers or booleans, exactly as their text). */
const JSON_STRINGS = new Set<EdgeColumn>(['s', 'day', 'at']);

/** A CSV field: null is an unquoted empty field, any text is quoted (so "" is the empty string). */
function csvField(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : `"${value.replace(/"/g, '""')}"`;
}

/** The rows as CSV with a header, every value quoted. */
export function edgesCsv(rows: EdgeRow[]): string {
  return `${EDGE_COLUMNS.join(',')}\n${rows.map((r) => EDGE_COLUMNS.map((c) => csvField(r[c])).join(',')).join('\n')}\n`;
}

/** The rows as JSON lines: strings for s, day and at, every other value as a JSON literal spelled exactly as given. */
export function edgesJsonl(rows: EdgeRow[]): string {
  return rows.map((r) => `{${EDGE_COLUMNS.filter((c) => r[c] !== undefined).map((c) => {
    const v = r[c];
    return `"${c}": ${v === null ? 'null' : JSON_STRINGS.has(c) ? JSON.stringify(v) : v}`;
  }).join(', ')}}`).join('\n') + '\n';
}

/** Writes a new temporary file, gzip-compressed when its name ends in `.gz`, and returns its path. */
export async function inputFile(name: string, text: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tessera-input-')), name);
  await writeFile(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return path;
}

/** Writes the result of a DuckDB query to a new parquet file named `name` (DuckDB picks the encoding from the types). */
export async function parquetFile(name: string, select: string): Promise<string> {
  const [path] = await parquetFiles([[name, select]]);
  return path!;
}

/** Writes one parquet file per `[name, select]`, in one folder, and returns their paths. */
export async function parquetFiles(files: [string, string][]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-input-'));
  const db = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  try {
    const paths: string[] = [];
    for (const [name, select] of files) {
      const path = join(dir, name);
      await db.connection.run(`COPY (${select}) TO ${quoteString(path)} (FORMAT parquet)`);
      paths.push(path);
    }
    return paths;
  } finally {
    db.close();
  }
}

/** SQL for one value as a DuckDB literal of `type`, or a typed NULL. */
export function sqlValue(value: string | null | undefined, type: string): string {
  return value === null || value === undefined ? `NULL::${type}` : `CAST(${quoteString(value)} AS ${type})`;
}

/** The DuckDB type each column is written to parquet as, by default. */
export const PARQUET_TYPES: Record<string, string> = {
  edge_id: 'INTEGER', s: 'VARCHAR', i: 'INTEGER', l: 'BIGINT', d: 'DOUBLE', m: 'DECIMAL(38,6)', f: 'DECIMAL(38,38)',
  b: 'BOOLEAN', day: 'DATE', at: 'TIMESTAMPTZ',
};

/**
 * A SELECT of the rows with each column as `types` says (default PARQUET_TYPES), for COPY … TO parquet; `sql` gives
 * a column's SQL expression outright.
 */
export function edgesSelect(rows: EdgeRow[], types: Record<string, string> = {}, sql: Partial<Record<EdgeColumn, string>> = {}): string {
  return rows.map((r) => `SELECT ${EDGE_COLUMNS.map((c) => {
    if (sql[c] !== undefined) return `${sql[c]} AS ${c}`;
    const type = types[c] ?? PARQUET_TYPES[c]!;
    // Timestamps go through TIMESTAMPTZ so that the `Z` is read, then to the encoding under test.
    const value = c === 'at' ? `CAST(${sqlValue(r[c], 'TIMESTAMPTZ')} AS ${type})`
      // BINARY holding the text's UTF-8 bytes.
      : type === 'BLOB' ? `encode(${sqlValue(r[c], 'VARCHAR')})` : sqlValue(r[c], type);
    return `${value} AS ${c}`;
  }).join(', ')}`).join(' UNION ALL ');
}

/**
 * Marks the one TIMESTAMP(NANOS) column of a DuckDB-written parquet file as adjusted to UTC, which DuckDB itself never
 * writes: in the footer's thrift (compact protocol) the TimestampType's isAdjustedToUTC is the field header byte 0x12
 * (false) right before the NANOS unit (0x1C 0x3C 0x00 0x00); 0x11 makes it true.
 * @throws Error unless the file has exactly one such column.
 */
export async function markNanosAdjustedToUtc(path: string): Promise<void> {
  const bytes = await readFile(path);
  const length = bytes.readUInt32LE(bytes.length - 8);
  const footer = bytes.length - 8 - length;
  const pattern = Buffer.from([0x12, 0x1c, 0x3c, 0x00, 0x00]);
  const at = bytes.indexOf(pattern, footer);
  if (at < 0 || bytes.indexOf(pattern, at + 1) >= 0) throw new Error(`expected one TIMESTAMP(NANOS) column in ${path}`);
  bytes[at] = 0x11;
  await writeFile(path, bytes);
}
