import * as zlib from 'node:zlib';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { publishProduct } from '../../engine/publish/publishProduct';
import { readSnapshot } from '../helpers/readSnapshot';
import type { EdgeRow } from './edgeFixtures';
import { edgesContract, edgesCsv, edgesJsonl, inputFile } from './edgeFixtures';
import { localStore, rejection } from './fixtures';

/** Values that are exact in their column but that a double, or a too eager check, would change or refuse. */
const ROWS: EdgeRow[] = [
  { edge_id: '1', m: '0.00001', f: '0.00000000000000000000000000000000000001', l: '9223372036854775807', d: '0.00001',
    at: '2024-03-10T12:34:56.123456000Z' },
  { edge_id: '2', m: '12345678901234.123456', f: '0.12345678901234567890123456789012345678', l: '-9223372036854775808',
    d: '1e-05', at: '2024-03-10T12:34:56+0530' },
  { edge_id: '3', m: '-1.2300000000', f: '0.10', l: '9007199254740993', d: '-0.5', at: '2024-03-10 12:34:56.5-01' },
  { edge_id: '4', at: '2024-03-10T24:00:00.000Z' },
];

const EXPECTED = [
  { edge_id: 1, m: '0.000010', f: '0.00000000000000000000000000000000000001', l: '9223372036854775807', d: 0.00001, at: '2024-03-10 12:34:56.123456' },
  { edge_id: 2, m: '12345678901234.123456', f: '0.12345678901234567890123456789012345678', l: '-9223372036854775808', d: 0.00001, at: '2024-03-10 07:04:56' },
  { edge_id: 3, m: '-1.230000', f: '0.10000000000000000000000000000000000000', l: '9007199254740993', d: -0.5, at: '2024-03-10 13:34:56.5' },
  { edge_id: 4, m: null, f: null, l: null, d: null, at: '2024-03-11 00:00:00' },
];

const COLUMNS = 'edge_id, m, f, l, d, "at"';

describe('publish accepts every exact spelling of a value', () => {
  it.each([
    ['CSV', 'exact.csv', edgesCsv(ROWS)],
    ['JSON lines with the numbers as JSON numbers', 'exact.jsonl', edgesJsonl(ROWS)],
    ['gzip-compressed CSV', 'exact.csv.gz', edgesCsv(ROWS)],
    ['gzip-compressed JSON lines (.jsonl.gz)', 'exact.jsonl.gz', edgesJsonl(ROWS)],
    ['gzip-compressed JSON lines (.ndjson.gz)', 'exact.ndjson.gz', edgesJsonl(ROWS)],
    ['a gzip-compressed JSON array', 'exact.json.gz', `[${edgesJsonl(ROWS).trim().split('\n').join(',\n')}]`],
    ['JSON lines in a .json file', 'exact.json', edgesJsonl(ROWS)],
  ])('from %s, keeping every digit', async (_format, name, text) => {
    const store = await localStore();
    const manifest = await publishProduct({ store, contract: edgesContract(), inputs: [await inputFile(name, text)] });
    expect(await readSnapshot(store, manifest, COLUMNS)).toEqual(EXPECTED);
  });

  it('from a .json file holding one pretty-printed record', async () => {
    const store = await localStore();
    const text = edgesJsonl([ROWS[1]!]).replace(/, "/g, ',\n  "').replace(/^\{/, '{\n  ');
    const manifest = await publishProduct({ store, contract: edgesContract(), inputs: [await inputFile('one.json', text)] });
    expect(await readSnapshot(store, manifest, COLUMNS)).toEqual([EXPECTED[1]]);
  });

  it.each([['exact.csv.gz', edgesCsv, 3], ['exact.jsonl.gz', edgesJsonl, 2]] as const)(
    'reports a bad row of %s by its line and the value as written', async (name, write, line) => {
      const store = await localStore();
      const rows = [ROWS[0]!, { ...ROWS[1]!, m: '0.00000001' }];
      const err = await rejection(publishProduct({ store, contract: edgesContract(), inputs: [await inputFile(name, write(rows))] }));
      expect(err.message).toContain(`${name} line ${line}, column m: expected decimal(38,6), found "0.00000001"`);
    });
});

describe('zstd-compressed input', () => {
  const hasZstd = typeof (zlib as unknown as Record<string, unknown>).createZstdDecompress === 'function';

  it(hasZstd ? 'is read like any other' : 'is refused with what it needs, on a Node.js without zstd', async () => {
    const csv = await inputFile('exact.csv', edgesCsv(ROWS));
    const zst = `${csv}.zst`;
    const db = await openDuckDB({ threads: 1 });
    try {
      await db.connection.run(`COPY (SELECT * FROM read_csv(${quoteString(csv)}, all_varchar = true)) TO ${quoteString(zst)} (FORMAT csv, COMPRESSION zstd)`);
    } finally {
      db.close();
    }
    const store = await localStore();
    const publish = publishProduct({ store, contract: edgesContract(), inputs: [zst] });
    if (hasZstd) {
      expect(await readSnapshot(store, await publish, COLUMNS)).toEqual(EXPECTED);
    } else {
      const err = await rejection(publish);
      expect(err.message).toBe('exact.csv.zst: could not read the input: expected a Node.js with zstd support (22.15 or later) for a .zst input; compress it with gzip (.gz) instead');
    }
  });
});
