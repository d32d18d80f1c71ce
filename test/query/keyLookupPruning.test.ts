import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../engine/contract/parseContract';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { duckdbParams } from '../../engine/duckdb/duckdbParams';
import { compileLookup } from '../../engine/duckdb/compileLookup';
import { IN_LIST_INLINE_MAX } from '../../engine/duckdb/sqlWriter';
import { buildProductModel } from '../../engine/model/productModel';

const contract = parseContract('schema/t/events.yaml', `
product: events
domain: t
owner: me
description: Events.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [event_id]
    columns: [{ name: event_id, type: int64 }, { name: label, type: string }]
`);
const model = buildProductModel(contract, contract.versions[0]!);

interface Profile { operator_type?: string; operator_name?: string; operator_cardinality?: number; children?: Profile[] }

function scanned(node: Profile): number {
  const own = /SCAN|READ_PARQUET/i.test(`${node.operator_type} ${node.operator_name}`) ? node.operator_cardinality ?? 0 : 0;
  return own + (node.children ?? []).reduce((n, c) => n + scanned(c), 0);
}

let dir: string;
let db: DuckDBSession;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-prune-'));
  db = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  file = join(dir, 'part-00000.parquet');
  // The publish layout: sorted by primary key, modest row groups, statistics on.
  await db.connection.run(`COPY (SELECT (9007199254740000 + i)::BIGINT AS event_id, 'e' || i AS label FROM range(100000) t(i) ORDER BY 1)
    TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION zstd)`);
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

it('a batched key lookup reads only the row groups whose statistics can match', async () => {
  const keys = [['9007199254740005'], ['9007199254790000'], ['9007199254839999']];
  const { sql, params } = compileLookup({ source: { files: [file] }, columns: model.columns, key: model.primaryKey, keys });
  const rows = (await db.connection.runAndReadAll(sql, duckdbParams(params))).getRowObjectsJson();
  expect(rows.map((r) => r.eventId).sort()).toEqual(keys.map((k) => k[0]).sort());
  const explained = await db.connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`, duckdbParams(params));
  const profile = JSON.parse(String(explained.getRows()[0]?.[1])) as Profile;
  const read = scanned(profile);
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThanOrEqual(3 * 2048);
  // The measure can tell: the same lookup on a column the files are not sorted by reads far more.
  const unsorted = await db.connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) SELECT * FROM read_parquet(['${file}']) WHERE "label" IN ('e5', 'e50000', 'e99999')`);
  expect(scanned(JSON.parse(String(unsorted.getRows()[0]?.[1])) as Profile)).toBeGreaterThan(2 * 3 * 2048);
});

it('a long batch is one JSON text parameter, answers exactly and skips row groups outside the keys\' range', async () => {
  // 200 keys among the first 1,400 rows of a 100,000-row file sorted by key.
  const keys = Array.from({ length: 200 }, (_, i) => [(9007199254740000n + BigInt(i * 7)).toString()]);
  expect(keys.length).toBeGreaterThan(IN_LIST_INLINE_MAX);
  const { sql, params } = compileLookup({ source: { files: [file] }, columns: model.columns, key: model.primaryKey, keys });
  expect(params).toEqual([JSON.stringify(keys.map((k) => k[0]))]);
  const rows = (await db.connection.runAndReadAll(sql, duckdbParams(params))).getRowObjectsJson();
  expect(rows.map((r) => r.eventId).sort()).toEqual(keys.map((k) => k[0]).sort());
  const explained = await db.connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`, duckdbParams(params));
  const read = scanned(JSON.parse(String(explained.getRows()[0]?.[1])) as Profile);
  expect(read).toBeLessThan(100_000 / 2);
});
