import { publishProduct } from '../../engine/publish/publishProduct';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { readSnapshot } from '../helpers/readSnapshot';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import type { EdgeRow } from './edgeFixtures';
import { edgesContract, edgesCsv, edgesJsonl, edgesSelect, inputFile, parquetFile } from './edgeFixtures';
import { localStore } from './fixtures';

/** 10,000 characters: unicode of 1 to 4 UTF-8 bytes, quotes, separators, LIKE wildcards, backslashes, a newline. */
const LONG = Array.from({ length: 10_000 }, (_, k) => ['a', 'é', '世', '🌍', '"', ',', '%', '_', '\\', '\n'][k % 10]).join('');

/** Each type at both ends of its domain, and values that a double or a 53-bit integer would change. */
const ROWS: EdgeRow[] = [
  { edge_id: '1', s: '', i: '-2147483648', l: '-9223372036854775808', d: '-1.7976931348623157e308',
    m: '-99999999999999999999999999999999.999999', f: '-0.99999999999999999999999999999999999999', b: 'false',
    day: '0001-01-01', at: '0001-01-01T00:00:00Z' },
  { edge_id: '2', s: LONG, i: '2147483647', l: '9223372036854775807', d: '1.7976931348623157e308',
    m: '99999999999999999999999999999999.999999', f: '0.99999999999999999999999999999999999999', b: 'true',
    day: '9999-12-31', at: '9999-12-31T23:59:59.999999Z' },
  { edge_id: '3', s: 'héllo, 世界 🌍 "q" 100% a_b \\', i: '0', l: '9007199254740993', d: '5e-324',
    m: '0.000001', f: '0.00000000000000000000000000000000000001', b: 'true', day: '1969-12-31', at: '1969-12-31T23:59:59.999999Z' },
  { edge_id: '4', s: ' padded ', i: '-1', l: '-9007199254740993', d: '0.1', m: '12345678901234.123456',
    f: '0.12345678901234567890123456789012345678', b: 'false', day: '1900-02-28', at: '1900-03-01T00:00:00.000001Z' },
  { edge_id: '5', s: null, i: null, l: null, d: null, m: null, f: null, b: null, day: null, at: null },
];

/** What reading the snapshot back gives (DuckDB's JSON rendering: BIGINT and DECIMAL as exact text). */
const EXPECTED = [
  { edge_id: 1, s: '', i: -2147483648, l: '-9223372036854775808', d: -1.7976931348623157e308,
    m: '-99999999999999999999999999999999.999999', f: '-0.99999999999999999999999999999999999999', b: false,
    day: '0001-01-01', at: '0001-01-01 00:00:00' },
  { edge_id: 2, s: LONG, i: 2147483647, l: '9223372036854775807', d: 1.7976931348623157e308,
    m: '99999999999999999999999999999999.999999', f: '0.99999999999999999999999999999999999999', b: true,
    day: '9999-12-31', at: '9999-12-31 23:59:59.999999' },
  { edge_id: 3, s: 'héllo, 世界 🌍 "q" 100% a_b \\', i: 0, l: '9007199254740993', d: 5e-324,
    m: '0.000001', f: '0.00000000000000000000000000000000000001', b: true, day: '1969-12-31', at: '1969-12-31 23:59:59.999999' },
  { edge_id: 4, s: ' padded ', i: -1, l: '-9007199254740993', d: 0.1, m: '12345678901234.123456',
    f: '0.12345678901234567890123456789012345678', b: false, day: '1900-02-28', at: '1900-03-01 00:00:00.000001' },
  { edge_id: 5, s: null, i: null, l: null, d: null, m: null, f: null, b: null, day: null, at: null },
];

let s3: RunningS3rver;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });

const stores: [string, () => Promise<ObjectStore>][] = [
  ['a local folder', localStore],
  ['an S3-protocol server', async () => s3.store(`edges-${Math.random().toString(36).slice(2)}`)],
];

describe.each(stores)('edge values published to %s', (_label, makeStore) => {
  it.each([
    ['CSV', (): Promise<string> => inputFile('edges.csv', edgesCsv(ROWS))],
    ['JSON lines (numbers as JSON numbers)', (): Promise<string> => inputFile('edges.jsonl', edgesJsonl(ROWS))],
    ['parquet', (): Promise<string> => parquetFile('edges.parquet', edgesSelect(ROWS))],
  ])('read back exactly from %s', async (_format, input) => {
    const store = await makeStore();
    const manifest = await publishProduct({ store, contract: edgesContract(), inputs: [await input()] });
    expect(await readSnapshot(store, manifest)).toEqual(EXPECTED);
  });
});

describe('edge values in every parquet encoding', () => {
  it.each([
    ['TIMESTAMP_MICROS not adjusted to UTC, DECIMAL as FIXED_LEN_BYTE_ARRAY', { at: 'TIMESTAMP' }],
    ['TIMESTAMP_MILLIS', { at: 'TIMESTAMP_MS' }],
    ['TIMESTAMP_NANOS with whole microseconds', { at: 'TIMESTAMP_NS' }, [1, 2]],
    ['INT8 and UINT8 integers, FLOAT', { i: 'TINYINT', l: 'UTINYINT', d: 'FLOAT' }, [1, 2, 3, 4]],
    ['INT16, UINT16 and UINT32 integers', { i: 'SMALLINT', l: 'UINTEGER' }, [1, 2, 3, 4]],
    ['UINT16 and UINT64 integers, DECIMAL as INT64 and INT32', { i: 'USMALLINT', l: 'UBIGINT', m: 'DECIMAL(18,6)', f: 'DECIMAL(9,6)' }, [1, 2, 3, 4]],
    ['BINARY without the UTF-8 annotation', { s: 'BLOB' }],
  ])('%s', async (_label, types: Record<string, string>, outOfRange: number[] = []) => {
    // Rows whose values the encoding cannot hold at all are left out: it is the encoding that is under test.
    const rows = ROWS.filter((r) => !outOfRange.includes(Number(r.edge_id)));
    const expected = EXPECTED.filter((e) => !outOfRange.includes(e.edge_id)).map((e) => ({ ...e }));
    const store = await localStore();
    const file = await parquetFile('enc.parquet', edgesSelect(rows.map(adjust(types)), types));
    const manifest = await publishProduct({ store, contract: edgesContract(), inputs: [file] });
    expect(await readSnapshot(store, manifest)).toEqual(expected.map(adjustExpected(types)));
  });
});

/** Values narrowed to what a small encoding holds (the same in every row, so the expected rows change alike). */
function adjust(types: Record<string, string>): (r: EdgeRow) => EdgeRow {
  return (r) => {
    if (r.edge_id === '5') return r;
    const out = { ...r };
    if (types.i === 'TINYINT') out.i = '-128';
    if (types.i === 'SMALLINT') out.i = '-32768';
    if (types.i === 'USMALLINT') out.i = '65535';
    if (types.l === 'UTINYINT') out.l = '255';
    if (types.l === 'UINTEGER') out.l = '4294967295';
    if (types.l === 'UBIGINT') out.l = '9223372036854775807';
    if (types.d === 'FLOAT') out.d = '0.1';
    if (types.at === 'TIMESTAMP_MS') out.at = '9999-12-31T23:59:59.999Z';
    if (types.m === 'DECIMAL(18,6)') out.m = '-999999999999.999999';
    if (types.f === 'DECIMAL(9,6)') out.f = '0.000001';
    return out;
  };
}

function adjustExpected(types: Record<string, string>): (e: typeof EXPECTED[number]) => typeof EXPECTED[number] {
  return (e) => {
    if (e.edge_id === 5) return e;
    const out = { ...e };
    if (types.i === 'TINYINT') out.i = -128;
    if (types.i === 'SMALLINT') out.i = -32768;
    if (types.i === 'USMALLINT') out.i = 65535;
    if (types.l === 'UTINYINT') out.l = '255';
    if (types.l === 'UINTEGER') out.l = '4294967295';
    if (types.l === 'UBIGINT') out.l = '9223372036854775807';
    // A FLOAT widens to double exactly: 0.1f is 0.100000001490116…, not the double nearest 0.1.
    if (types.d === 'FLOAT') out.d = 0.10000000149011612;
    if (types.at === 'TIMESTAMP_MS') out.at = '9999-12-31 23:59:59.999';
    if (types.m === 'DECIMAL(18,6)') out.m = '-999999999999.999999';
    if (types.f === 'DECIMAL(9,6)') out.f = '0.00000100000000000000000000000000000000';
    return out;
  };
}
