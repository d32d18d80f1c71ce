import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import type { Manifest } from '../../engine/snapshot/manifest';
import { SnapshotCache } from '../../engine/snapshot/snapshotCache';
import type { ObjectStore } from '../../engine/storage/objectStore';

/**
 * Reads a committed snapshot back through the snapshot cache and DuckDB, rows in file order, values as DuckDB's JSON
 * rendering (BIGINT and DECIMAL as exact strings, TIMESTAMP as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC).
 */
export async function readSnapshot(store: ObjectStore, manifest: Manifest, select = '*'): Promise<Record<string, unknown>[]> {
  const cache = new SnapshotCache(store, { dir: await mkdtemp(join(tmpdir(), 'tessera-read-')), maxBytes: 1e9 });
  const files = await cache.filesOf(manifest);
  const db = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  try {
    const reader = await db.connection.runAndReadAll(
      `SELECT ${select} FROM read_parquet([${files.map(quoteString).join(', ')}], file_row_number = false)`);
    return reader.getRowObjectsJson();
  } finally {
    db.close();
  }
}
