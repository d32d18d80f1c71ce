import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBExecutor } from '../../engine/duckdb/duckdbExecutor';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { planExport } from '../../engine/query/planExport';
import { wireRows } from '../helpers/arrowRows';
import { edgesModel } from '../query/helpers/edgesModel';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-arrow-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an Arrow stream export on the DuckDB executor', () => {
  it('writes many record batches whose values equal DuckDB\'s exact text, nulls, negatives and 38-digit decimals included', async () => {
    const file = join(dir, 'edges.parquet');
    const db = await openDuckDB({ threads: 1 });
    let expected: Record<string, unknown>[];
    try {
      // 5,000 rows: more than two DuckDB chunks (2,048 rows), so the stream carries several batches.
      await db.connection.run(`COPY (SELECT i::BIGINT * 1844674407370955 - 4611686018427387904 AS id,
          CASE WHEN i % 7 = 0 THEN NULL ELSE ((i - 2500)::DECIMAL(10,2) / 3)::DECIMAL(10,2) END AS price,
          CASE WHEN i % 11 = 0 THEN NULL ELSE ('-' || repeat('9', 37) || (i % 10)::VARCHAR)::DECIMAL(38,0) + i END AS whole,
          TIMESTAMP '1969-12-31 23:59:59.999999' + to_microseconds(i * 123456789) AS "at",
          CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7.0 END AS ratio,
          CASE WHEN i % 13 = 0 THEN NULL ELSE 'label ' || i END AS label
        FROM range(5000) t(i)) TO '${file}' (FORMAT parquet)`);
      const reader = await db.connection.runAndReadAll(`SELECT CAST(id AS VARCHAR) AS id, CAST(price AS VARCHAR) AS price, CAST(whole AS VARCHAR) AS whole,
        strftime("at", '%Y-%m-%dT%H:%M:%S.%fZ') AS "at", ratio, label FROM read_parquet('${file}')`);
      expected = reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      db.close();
    }
    const executor = await DuckDBExecutor.open({ threads: 1, memoryLimit: '256MB', connections: 1 });
    try {
      const plan = planExport([edgesModel], { product: 't.edges', format: 'arrow' }, () => undefined, () => true);
      const target = join(dir, 'out.arrows');
      await executor.export(plan, { files: [file] }, target, { caller: 'test', cost: 1 });
      const table = tableFromIPC(new Uint8Array(await readFile(target)));
      expect(table.batches.length).toBeGreaterThan(2);
      expect(wireRows(table)).toEqual(expected);
    } finally {
      executor.close();
    }
  });
});
