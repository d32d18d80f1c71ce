import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../engine/contract/parseContract';
import { compileLookup } from '../../engine/duckdb/compileLookup';
import { duckdbParams } from '../../engine/duckdb/duckdbParams';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { IN_LIST_INLINE_MAX } from '../../engine/duckdb/sqlWriter';
import { buildProductModel } from '../../engine/model/productModel';

function modelOf(keyType: string) {
  const contract = parseContract('schema/t/things.yaml', `
product: things
domain: t
owner: me
description: Things.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [thing_id]
    columns: [{ name: thing_id, type: ${keyType} }, { name: n, type: int32 }]
`);
  return buildProductModel(contract, contract.versions[0]!);
}

/** Keys a text encoding could get wrong: quotes, backslashes, commas, brackets, JSON escapes, non-ASCII, NUL, spaces. */
const STRINGS = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '[x]', '{"k":1}', '\\u0041', 'é', '日本', '😀', 'nul\u0000inside', ' lead', 'trail ',
  'tab\tand\nline', "it's", '', 'null', '-1', '1e3', 'C0000001'];
/** Signed 64-bit keys past double precision, both extremes and negatives. */
const LONGS = ['-9223372036854775808', '9223372036854775807', '-1', '0', '9007199254740993', '-9007199254740993', ...Array.from({ length: 14 }, (_, i) => String(9007199254740000n + BigInt(i) * 3n))];

let dir: string;
let db: DuckDBSession;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-keytext-'));
  db = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['string', 'VARCHAR', STRINGS],
  ['int64', 'BIGINT', LONGS],
])('a long batch of %s keys, bound as one JSON text', (keyType, sqlType, keys) => {
  const model = modelOf(keyType);
  let file: string;
  let table: string;
  beforeAll(async () => {
    file = join(dir, `${keyType}.parquet`);
    table = `things_${keyType}`;
    const rows = keys.map((_k, i) => `(CAST($${i + 1} AS ${sqlType}), ${i})`).join(', ');
    await db.connection.run(`CREATE TABLE ${table} AS SELECT * FROM (VALUES ${rows}) v(thing_id, n)`, keys);
    // Rows nobody asks for, so a match is a match and not the whole table.
    await db.connection.run(`INSERT INTO ${table} SELECT CAST(${sqlType === 'BIGINT' ? '1000 + i' : "'other' || i"} AS ${sqlType}), -1 FROM range(100) t(i)`);
    await db.connection.run(`COPY ${table} TO '${file}' (FORMAT parquet)`);
  });

  it.each([['parquet', false], ['a lookup table', true]])('finds every key exactly, reading %s', async (_, onTable) => {
    expect(keys.length).toBeGreaterThan(IN_LIST_INLINE_MAX);
    const asked = [...keys.map((k) => [k]), [keyType === 'string' ? 'absent "key"' : '42']];
    const { sql, params } = compileLookup({ source: { files: [file] }, columns: model.columns, key: model.primaryKey, keys: asked }, onTable ? table : undefined);
    expect(params.some((p) => typeof p === 'string' && p.startsWith('['))).toBe(true);
    const rows = (await db.connection.runAndReadAll(sql, duckdbParams(params))).getRowObjectsJson();
    const found = new Map(rows.map((r) => [String(r.thingId), Number(r.n)]));
    expect(found.size).toBe(keys.length);
    keys.forEach((k, i) => expect(found.get(k)).toBe(i));
  });
});
