import type { OffendingValue } from '../../engine/publish/checkInputRows';
import { publishProduct } from '../../engine/publish/publishProduct';
import type { EdgeColumn, EdgeRow } from './edgeFixtures';
import { edgesContract, edgesCsv, edgesJsonl, edgesSelect, inputFile, markNanosAdjustedToUtc, parquetFiles } from './edgeFixtures';
import { localStore, rejection } from './fixtures';

/** A row every column of which fits; each case changes one column. */
const BASE: EdgeRow = { s: 'x', i: '1', l: '1', d: '1', m: '1', f: '0.5', b: 'true', day: '2024-01-01', at: '2024-01-01T00:00:00Z' };

/** One refused value: the column, the value as the input spells it, and how the report quotes it. */
type Case = [column: EdgeColumn, written: string, shown?: string];

/** Publishes the inputs and returns where and what the report says was refused; fails when nothing was refused. */
async function refused(inputs: string[]): Promise<Pick<OffendingValue, 'file' | 'line' | 'column' | 'value'>[]> {
  const store = await localStore();
  const err = await rejection(publishProduct({ store, contract: edgesContract(), inputs }));
  expect(err.code).toBe('INPUT_INVALID');
  expect(await store.list('')).toEqual([]);
  return (err.details.offending as OffendingValue[]).map(({ file, line, column, value }) => ({ file, line, column, value }));
}

const rowsOf = (cases: Case[]): EdgeRow[] => cases.map(([column, written], k) => ({ ...BASE, edge_id: String(k + 1), [column]: written }));

/** CSV: each case a row (line k + 2, after the header), the value quoted. */
async function csvRefusals(cases: Case[]): Promise<void> {
  const found = await refused([await inputFile('cases.csv', edgesCsv(rowsOf(cases)))]);
  expect(found).toEqual(cases.map(([column, written, shown], k) => ({ file: 'cases.csv', line: k + 2, column, value: shown ?? written })));
}

/** The JSON literal of a BASE value: s, day and at as strings, the rest as written. */
const literal = (column: EdgeColumn, text: string): string => (['s', 'day', 'at'].includes(column) ? JSON.stringify(text) : text);

/** JSON lines: each case a line; `written` is the JSON literal, the report quotes `shown` (a string's characters). */
async function jsonRefusals(cases: Case[]): Promise<void> {
  const lines = cases.map(([column, written], k) => `{${Object.entries({ ...BASE, edge_id: String(k + 1) })
    .map(([c, v]) => `"${c}": ${c === column ? written : literal(c as EdgeColumn, v!)}`).join(', ')}}`);
  const found = await refused([await inputFile('cases.jsonl', `${lines.join('\n')}\n`)]);
  expect(found).toEqual(cases.map(([column, written, shown], k) => ({ file: 'cases.jsonl', line: k + 1, column, value: shown ?? written })));
}

/** Parquet: each case a file of one row whose column under test is the SQL expression `written`. */
async function parquetRefusals(cases: Case[]): Promise<void> {
  const files = await parquetFiles(cases.map(([column, written], k) =>
    [`case-${k + 1}.parquet`, edgesSelect([{ ...BASE, edge_id: String(k + 1) }], {}, { [column]: written })]));
  const found = await refused(files);
  expect(found).toEqual(cases.map(([column, written, shown], k) => ({ file: `case-${k + 1}.parquet`, line: 1, column, value: shown ?? written })));
}

describe('publish refuses values it could not serve back exactly, by file, line, column and value', () => {
  describe('non-finite and underflowing doubles', () => {
    it('in CSV', () => csvRefusals([['d', 'NaN'], ['d', 'Infinity'], ['d', '-inf'], ['d', '1e999'], ['d', '-1e999'], ['d', '1e-400']]));
    it('in JSON lines', () => jsonRefusals([['d', '1e999'], ['d', '-1e999'], ['d', '1e-400'], ['d', '"NaN"', 'NaN'], ['d', '"Infinity"', 'Infinity']]));
    it('in parquet DOUBLE and FLOAT', () => parquetRefusals([["'nan'::DOUBLE", 'nan'], ["'inf'::DOUBLE", 'inf'], ["'-inf'::FLOAT", '-inf']]
      .map(([sql, shown]) => ['d', sql!, shown] as Case)));
  });

  describe('spellings DuckDB would accept that are not values of the type', () => {
    const cases: Case[] = [
      ['d', '1_000.5'], ['d', '0x10'], ['i', '1_000'], ['l', '1_000'], ['m', '1_000.5'], ['m', '1e-5'],
      ['day', 'epoch'], ['day', '2024-01-01T10:00:00'], ['day', '2024-02-30'], ['at', 'epoch'], ['at', '2024-01-01T24:00:01Z'], ['at', '2024-01-01T12:00:60Z'],
      ['at', '2024-01-01T12:00:00+99:00'], ['at', '2024-03-10T12:34:56.1234567Z'],
      ['i', ''], ['m', ''], ['b', ''], ['day', ''], ['i', ' ']
    ];
    it('in CSV', () => csvRefusals(cases));
    it('in JSON strings', () => jsonRefusals(cases.map(([c, w]) => [c, JSON.stringify(w), w])));
    it('in parquet strings', () => parquetRefusals(cases.map(([c, w]) => [c, `${JSON.stringify(w).replace(/^"|"$/g, "'")}::VARCHAR`, w])));
  });

  describe('dates and timestamps outside years 1 to 9999', () => {
    const cases: Case[] = [
      ['day', '0000-01-01'], ['day', 'infinity'], ['day', '-infinity'], ['day', '10000-01-01'],
      ['at', 'infinity'], ['at', '-infinity'], ['at', '0000-06-01T00:00:00Z'], ['at', '10000-01-01T00:00:00Z'],
      ['at', '0001-01-01T00:30:00+01:00'], ['at', '9999-12-31T23:30:00-01:00'],
    ];
    it('in CSV', () => csvRefusals(cases));
    it('in JSON lines', () => jsonRefusals(cases.map(([c, w]) => [c, JSON.stringify(w), w])));
    it('in parquet DATE and TIMESTAMP of every unit', () => parquetRefusals([
      ['day', "DATE '10000-01-01'", '10000-01-01'], ['day', "DATE '-0044-03-15'", '0045-03-15 (BC)'],
      ['day', "'infinity'::DATE", 'infinity'], ['at', "'infinity'::TIMESTAMP", 'infinity'],
      ['at', "'-infinity'::TIMESTAMPTZ", '-infinity'], ['at', "TIMESTAMP '10000-01-01'", '10000-01-01 00:00:00'],
      ['at', "TIMESTAMP_MS '10000-01-01'", '10000-01-01 00:00:00'], ['at', "TIMESTAMP '-0001-01-01'", '0002-01-01 (BC) 00:00:00'],
      ['at', "TIMESTAMP_NS '2024-01-01 00:00:00.123456789'", '2024-01-01 00:00:00.123456789'],
    ]));
  });

  it('in parquet TIMESTAMP(NANOS) adjusted to UTC, which the reader truncates to microseconds, whatever its digits', async () => {
    const nanos = ["TIMESTAMP_NS '2024-01-01 00:00:00.123456789'", "TIMESTAMP_NS '2024-01-01 00:00:00.123456'"];
    const files = await parquetFiles(nanos.map((at, k) => [`utc-${k + 1}.parquet`, edgesSelect([{ ...BASE, edge_id: String(k + 1) }], {}, { at })]));
    for (const file of files) await markNanosAdjustedToUtc(file);
    const store = await localStore();
    const err = await rejection(publishProduct({ store, contract: edgesContract(), inputs: files }));
    expect(err.message).toContain('utc-1.parquet line 1, column at: expected timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM], years 0001 to 9999 in UTC), ' +
      'not a parquet TIMESTAMP(NANOS) adjusted to UTC (read truncated to microseconds) column, found "2024-01-01 00:00:00.123456+00"');
    expect(err.details.offendingRows).toBe(2);
  });

  describe('numbers beyond the column\'s range, precision or scale', () => {
    const cases: Case[] = [
      ['i', '2147483648'], ['i', '-2147483649'], ['l', '9223372036854775808'], ['l', '-9223372036854775809'],
      ['m', '1.1234567'], ['m', '100000000000000000000000000000000'], ['f', '1'], ['f', '0.123456789012345678901234567890123456789'],
    ];
    it('in CSV', () => csvRefusals(cases));
    it('in JSON numbers, quoted as written', () => jsonRefusals([...cases, ['m', '0.00000001'], ['m', '1E-7']]));
    it('in parquet integers and decimals of every width', () => parquetRefusals([
      ['i', '2147483648::BIGINT', '2147483648'], ['i', '4294967295::UINTEGER', '4294967295'],
      ['l', '18446744073709551615::UBIGINT', '18446744073709551615'], ['l', '9223372036854775808::UBIGINT', '9223372036854775808'],
      ['m', '1.12345678::DECIMAL(20,8)', '1.12345678'], ['m', '0.0000001::DECIMAL(9,7)', '0.0000001'],
      ['f', '1.5::DECIMAL(4,1)', '1.5'],
    ]));
  });

  describe('values of another kind', () => {
    it('in JSON lines: objects, arrays, numbers and booleans for a string; a number for a date; a lone surrogate', () => jsonRefusals([
      ['s', '{"x": 1.10}', '{"x":1.10}'], ['s', '[1, 2]', '[1,2]'], ['s', '5'], ['s', 'true'], ['i', '{"a": 1}', '{"a":1}'],
      ['day', '20240101'], ['b', '1'], ['b', '"yes"', 'yes'], ['s', '"\\ud800"', '"\\ud800"'],
    ]));
    it('in parquet: a column type that cannot hold the contract\'s type', () => parquetRefusals([
      ['s', '5::INTEGER', '5'], ['s', "'\\xFF\\x41'::BLOB", '\\xFFA'], ['s', "{'a': 1}", "{'a': 1}"], ['i', '1.0::DOUBLE', '1.0'],
      ['m', '0.5::DOUBLE', '0.5'], ['l', '1.5::FLOAT', '1.5'], ['day', "TIMESTAMP '2024-01-01 10:00:00'", '2024-01-01 10:00:00'],
      ['at', "DATE '2024-01-01'", '2024-01-01'], ['b', '1::TINYINT', '1'], ['s', "TIME '10:00:00'", '10:00:00'],
    ]));
  });

  describe('text that is not UTF-8, and records that are not well formed', () => {
    it('in CSV', async () => {
      const csv = Buffer.concat([Buffer.from(edgesCsv(rowsOf([['s', 'ok']]))), Buffer.from('2,"'), Buffer.from([0xff, 0xfe]), Buffer.from('",1,1,1,1,0.5,true,2024-01-01,2024-01-01T00:00:00Z\n')]);
      const found = await refused([await inputFile('utf8.csv', csv)]);
      expect(found).toEqual([expect.objectContaining({ file: 'utf8.csv', line: 3, column: undefined })]);
    });
    it('in JSON lines, with a key given twice', async () => {
      const lines = Buffer.concat([Buffer.from(`${edgesJsonl(rowsOf([['s', 'ok']]))}{"edge_id": 2, "s": "`), Buffer.from([0xff]), Buffer.from('"}\n{"edge_id": 3, "s": "a", "s": "b"}\n')]);
      const found = await refused([await inputFile('utf8.jsonl', lines)]);
      expect(found).toEqual([
        { file: 'utf8.jsonl', line: 2, column: undefined, value: expect.stringContaining('"edge_id": 2') },
        { file: 'utf8.jsonl', line: 3, column: undefined, value: '{"edge_id": 3, "s": "a", "s": "b"}' },
      ]);
    });
  });
});
