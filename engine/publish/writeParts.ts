import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteString } from '../duckdb/sqlQuote';
import type { ManifestFile } from '../snapshot/manifest';
import { sha256File } from '../snapshot/sha256File';

/** How the hub lays out parquet, whatever the input was. */
export interface PartLayout {
  /**
   * Rows per row group: small enough that key lookups and filters skip most of a file. DuckDB decodes whole row groups,
   * so this bounds the work of a key lookup; measured on 1M orders (bench/README.md), 30720 rather than DuckDB's 122880
   * cuts a lookup from ~7 to ~2.5 ms and a filtered page from ~9 to ~3 ms, for ~10% more on full scans. @default 30720
   */
  rowGroupSize: number;
  /** Rows per file at most. @default 1_000_000 */
  rowsPerFile: number;
}

/** The layout every publish uses unless a caller (a test, a benchmark) asks otherwise. */
export const DEFAULT_LAYOUT: Readonly<PartLayout> = Object.freeze({ rowGroupSize: 30_720, rowsPerFile: 1_000_000 });

/** `part-00000.parquet`, `part-00001.parquet`, … */
export function partName(index: number): string {
  return `part-${String(index).padStart(5, '0')}.parquet`;
}

/**
 * Writes a sorted table to parquet parts in `dir`: ZSTD, row groups of `rowGroupSize`, min/max statistics (DuckDB
 * writes them for every column), at most `rowsPerFile` rows per file. The table's rowid order is the sort order, so
 * consecutive rowid ranges give files whose key ranges do not overlap. A table with no rows still gets one (empty) part,
 * so the schema travels with the snapshot. With `keyColumn` (the first primary-key column) each file records its
 * range of that column, for file pruning on key lookups.
 */
export async function writeParts(db: DuckDBConnection, table: string, dir: string, layout: PartLayout = DEFAULT_LAYOUT, keyColumn?: string): Promise<ManifestFile[]> {
  const counted = await db.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`);
  const rows = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
  const files: ManifestFile[] = [];
  const parts = Math.max(1, Math.ceil(rows / layout.rowsPerFile));
  for (let i = 0; i < parts; i++) {
    const name = partName(i);
    const path = join(dir, name);
    const from = i * layout.rowsPerFile;
    const to = from + layout.rowsPerFile;
    await db.run(`COPY (SELECT * FROM ${quoteIdent(table)} WHERE rowid >= ${from} AND rowid < ${to} ORDER BY rowid) TO ${quoteString(path)}
      (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${layout.rowGroupSize})`);
    const file: ManifestFile = { path: name, bytes: (await stat(path)).size, sha256: await sha256File(path), rows: Math.max(0, Math.min(layout.rowsPerFile, rows - from)) };
    if (keyColumn) file.keyRange = await keyRange(db, table, keyColumn, from, to);
    files.push(file);
  }
  return files;
}


async function keyRange(db: DuckDBConnection, table: string, column: string, from: number, to: number): Promise<ManifestFile['keyRange']> {
  const c = quoteIdent(column);
  const reader = await db.runAndReadAll(`SELECT CAST(min(${c}) AS VARCHAR) AS lo, CAST(max(${c}) AS VARCHAR) AS hi FROM ${quoteIdent(table)} WHERE rowid >= ${from} AND rowid < ${to}`);
  const row = reader.getRowObjectsJson()[0] as { lo: string | null; hi: string | null } | undefined;
  return { min: row?.lo ?? null, max: row?.hi ?? null };
}
