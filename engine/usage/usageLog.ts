import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../duckdb/sqlQuote';
import type { ObjectStore } from '../storage/objectStore';
import type { FieldRow, RequestRow, UsageRows } from './usageAggregator';
import { groupBy } from '../groupBy';

/** Where the usage log lives in the store, beside the products (no product folder starts with `_`). */
export const USAGE_PREFIX = '_tessera/usage';

/** The two tables of the usage log. */
export type UsageTable = 'requests' | 'fields';

/** The parquet columns of each table and their DuckDB types, in file order (`minute` is a UTC TIMESTAMP). */
const USAGE_COLUMNS: Record<UsageTable, Record<string, string>> = {
  requests: {
    minute: 'TIMESTAMP', consumer: 'VARCHAR', operation: 'VARCHAR', product: 'VARCHAR', version: 'INTEGER', outcome: 'VARCHAR',
    requests: 'BIGINT', rows: 'BIGINT', bytes_scanned: 'BIGINT', engine_ms: 'DOUBLE', duration_ms: 'DOUBLE',
  },
  fields: { minute: 'TIMESTAMP', consumer: 'VARCHAR', product: 'VARCHAR', version: 'INTEGER', field: 'VARCHAR', column: 'VARCHAR', requests: 'BIGINT' },
};

/** `2026-12-02` of an epoch-milliseconds instant, UTC. */
export function usageDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The folder of one table's files of one UTC day: `_tessera/usage/<table>/day=<YYYY-MM-DD>/`. */
export function usageDayPrefix(table: UsageTable, day: string): string {
  return `${USAGE_PREFIX}/${table}/day=${day}/`;
}

function jsonLine(table: UsageTable, row: RequestRow | FieldRow): string {
  const { minute, ...rest } = row;
  const out: Record<string, unknown> = { minute_ms: minute };
  for (const [k, v] of Object.entries(rest)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  if (table === 'requests') out.rows = Math.round(out.rows as number);
  return JSON.stringify(out);
}

/**
 * Appends rows to the usage log: one new parquet file per table and UTC day the rows fall on, written by DuckDB
 * (ZSTD) and put under {@link usageDayPrefix} with a name no other writer uses (a time and random suffix), so
 * several gateways append without coordination and a file, once there, never changes.
 * @returns the keys written.
 * @throws whatever the store or DuckDB throw; nothing is written partially (each file is one put).
 */
export async function writeUsageLog(store: ObjectStore, connection: DuckDBConnection, rows: UsageRows, now: Date = new Date()): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'tessera-usage-'));
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const keys: string[] = [];
  try {
    for (const table of ['requests', 'fields'] as const) {
      const byDay = groupBy<RequestRow | FieldRow, string>(rows[table], (row) => usageDay(row.minute));
      for (const [day, dayRows] of byDay) {
        const json = join(work, `${table}-${day}.ndjson`);
        const parquet = join(work, `${table}-${day}.parquet`);
        await writeFile(json, dayRows.map((r) => jsonLine(table, r)).join('\n'));
        const types = { minute_ms: 'BIGINT', ...USAGE_COLUMNS[table] };
        delete (types as Record<string, string>).minute;
        const columns = Object.entries(types).map(([name, type]) => `"${name}": '${type}'`).join(', ');
        const select = Object.keys(USAGE_COLUMNS[table]).map((c) => (c === 'minute' ? 'make_timestamp(minute_ms * 1000) AS minute' : `"${c}"`)).join(', ');
        await connection.run(`COPY (SELECT ${select} FROM read_json(${quoteString(json)}, format = 'newline_delimited', columns = {${columns}})) `
          + `TO ${quoteString(parquet)} (FORMAT parquet, COMPRESSION zstd)`);
        const key = `${usageDayPrefix(table, day)}${stamp}-${randomBytes(4).toString('hex')}.parquet`;
        await store.putFile(key, parquet);
        keys.push(key);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return keys;
}
