import { isTesseraError } from '../../engine/errors';
import { compileFilter } from '../../engine/duckdb/compileFilter';
import { compileLookup } from '../../engine/duckdb/compileLookup';
import { planFilter } from '../../engine/query/planFilter';
import { parseDate, parseDateTime, parseDecimal, parseLong, parseScalarValue } from '../../engine/query/scalarValue';
import { SqlWriter } from '../../engine/duckdb/sqlWriter';
import { edgesColumn, edgesModel } from './helpers/edgesModel';

const model = edgesModel;
const col = edgesColumn;
const allow = (): void => undefined;
const source = { files: ['/data/t/edges/v1/s/part-00000.parquet'] };

/** The SQL and parameters of a `where`. */
function sqlOf(where: Record<string, unknown>): { sql: string; params: unknown[] } {
  const w = new SqlWriter();
  const sql = compileFilter(planFilter(model, where, allow)!, w);
  return { sql, params: w.params };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isTesseraError(err, 'BAD_USER_INPUT')) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('filter literals outside a column\'s domain', () => {
  it('compares a decimal with more fractional digits than the scale exactly, never rounded', () => {
    expect(sqlOf({ price: { eq: '1.005' } })).toEqual({ sql: 'FALSE', params: [] });
    expect(sqlOf({ price: { ne: '1.005' } }).sql).toBe('("price" IS NOT NULL)');
    expect(sqlOf({ price: { gte: '1.005' } })).toEqual({ sql: '("price" >= CAST($1 AS DECIMAL(10,2)))', params: ['1.01'] });
    expect(sqlOf({ price: { gt: '1.005' } })).toEqual({ sql: '("price" >= CAST($1 AS DECIMAL(10,2)))', params: ['1.01'] });
    expect(sqlOf({ price: { lt: '1.005' } })).toEqual({ sql: '("price" <= CAST($1 AS DECIMAL(10,2)))', params: ['1.00'] });
    expect(sqlOf({ price: { lte: '-1.005' } })).toEqual({ sql: '("price" <= CAST($1 AS DECIMAL(10,2)))', params: ['-1.01'] });
    expect(sqlOf({ price: { gt: '-0.001' } }).params).toEqual(['0.00']);
    expect(sqlOf({ price: { eq: '1.0100' } })).toEqual({ sql: '("price" = CAST($1 AS DECIMAL(10,2)))', params: ['1.01'] });
  });

  it('makes a decimal beyond the precision a constant comparison instead of an engine error', () => {
    expect(sqlOf({ price: { eq: '123456789012' } }).sql).toBe('FALSE');
    expect(sqlOf({ price: { gt: '123456789012' } }).sql).toBe('FALSE');
    expect(sqlOf({ price: { lt: '123456789012' } })).toEqual({ sql: '("price" <= CAST($1 AS DECIMAL(10,2)))', params: ['99999999.99'] });
    expect(sqlOf({ price: { gte: '-1e30' } })).toEqual({ sql: '("price" >= CAST($1 AS DECIMAL(10,2)))', params: ['-99999999.99'] });
    expect(sqlOf({ price: { lte: '-100000000' } }).sql).toBe('FALSE');
    expect(sqlOf({ price: { gte: '99999999.991' } }).sql).toBe('FALSE');
    expect(sqlOf({ whole: { lt: '1e38' } }).params).toEqual(['99999999999999999999999999999999999999']);
    expect(sqlOf({ whole: { eq: '99999999999999999999999999999999999999' } }).params).toEqual(['99999999999999999999999999999999999999']);
  });

  it('keeps only the values a column can hold in in/notIn lists', () => {
    expect(sqlOf({ price: { in: ['1.005', '2.50', '1e20'] } })).toEqual({ sql: '("price" IN (CAST($1 AS DECIMAL(10,2))))', params: ['2.50'] });
    expect(sqlOf({ price: { in: ['1.005'] } }).sql).toBe('FALSE');
    expect(sqlOf({ price: { notIn: ['1.005'] } }).sql).toBe('("price" IS NOT NULL)');
    expect(sqlOf({ at: { in: ['2026-01-01T00:00:00.0000005Z', '2026-01-01T00:00:00Z'] } }).params).toEqual(['2026-01-01 00:00:00.000000']);
  });

  it('compares a DateTime finer than a microsecond exactly, never truncated', () => {
    expect(sqlOf({ at: { eq: '2026-01-01T00:00:00.0000005Z' } }).sql).toBe('FALSE');
    expect(sqlOf({ at: { gt: '2026-01-01T00:00:00.0000005Z' } })).toEqual({ sql: '("at" >= CAST($1 AS TIMESTAMP))', params: ['2026-01-01 00:00:00.000001'] });
    expect(sqlOf({ at: { lte: '2026-01-01T00:00:00.0000005Z' } })).toEqual({ sql: '("at" <= CAST($1 AS TIMESTAMP))', params: ['2026-01-01 00:00:00.000000'] });
    expect(sqlOf({ at: { gte: '1999-12-31T23:59:59.9999991Z' } }).params).toEqual(['2000-01-01 00:00:00.000000']);
    expect(sqlOf({ at: { gte: '9999-12-31T23:59:59.9999991Z' } }).sql).toBe('FALSE');
    expect(sqlOf({ at: { eq: '2026-01-01T00:00:00.000000000Z' } }).params).toEqual(['2026-01-01 00:00:00.000000']);
    expect(sqlOf({ not: { at: { eq: '2026-01-01T00:00:00.0000005Z' } } }).sql).toBe('(NOT coalesce(FALSE, FALSE))');
  });

  it('binds doubles as text, so integral doubles beyond 2^63 reach DuckDB unchanged', () => {
    expect(sqlOf({ ratio: { lt: 1e21 } }).params).toEqual(['1e+21']);
    expect(sqlOf({ ratio: { in: [1, 1.5, -1e300] } }).params).toEqual(['1', '1.5', '-1e+300']);
  });

  it('finds no row for a lookup key the column cannot hold', () => {
    const priced = { ...model, primaryKey: [col('price'), col('at')] };
    const { sql, params } = compileLookup({ source, columns: [col('id')], key: priced.primaryKey, keys: [['1.005', '2026-01-01 00:00:00.000000'], ['2.50', '2026-01-01 00:00:00.0000005']] });
    expect(sql).toContain('WHERE (FALSE AND "at" = CAST($1 AS TIMESTAMP)) OR ("price" = CAST($2 AS DECIMAL(10,2)) AND FALSE)');
    expect(params).toEqual(['2026-01-01 00:00:00.000000', '2.50']);
    const single = compileLookup({ source, columns: [col('id')], key: [col('price')], keys: [['1.005'], ['7']] });
    expect(single.params).toEqual(['7.00']);
  });
});

describe('scalar inputs', () => {
  it('accepts every offset form publish accepts, as the same UTC instant', () => {
    const utc = '2026-11-21 06:01:32.123456';
    for (const text of ['2026-11-21T06:01:32.123456Z', '2026-11-21T07:01:32.123456+01:00', '2026-11-21T07:01:32.123456+0100',
      '2026-11-21T07:01:32.123456+01', '2026-11-21T01:31:32.123456-04:30', '2026-11-21 06:01:32.123456', '2026-11-21T06:01:32.123456-00:00',
      '2026-11-20T16:01:32.123456-1400', '2026-11-21T06:01:32.123456000Z']) {
      expect(parseDateTime(text)).toBe(utc);
    }
    expect(parseDateTime('2026-11-21T06:01Z')).toBe('2026-11-21 06:01:00.000000');
    expect(parseDateTime('2026-12-31T24:00:00Z')).toBe('2027-01-01 00:00:00.000000');
    expect(parseDateTime('2026-12-31T24:00:00.000Z')).toBe('2027-01-01 00:00:00.000000');
    expect(parseDateTime('2024-02-29T00:00:00+01')).toBe('2024-02-28 23:00:00.000000');
    expect(parseDateTime('0001-01-01T00:00:00Z')).toBe('0001-01-01 00:00:00.000000');
    expect(parseDateTime('0050-03-01T00:00:00Z')).toBe('0050-03-01 00:00:00.000000');
    expect(parseDateTime('9999-12-31T23:59:59.9999999Z')).toBe('9999-12-31 23:59:59.9999999');
    expect(parseDateTime('1969-12-31T23:59:59.9999995Z')).toBe('1969-12-31 23:59:59.9999995');
  });

  it('refuses other DateTime forms naming the accepted ones', () => {
    for (const text of ['2026-11-21t06:01:32Z', '2026-11-21T06:01:32z', '2026-11-21T06:01:32+1', '2026-11-21T06:01:32+01:0', '2026-11-21T06:01:32+24:00',
      '2026-11-21T06:01:32+05:60', '2026-11-21T06:01:60Z', '2026-11-21T24:00:01Z', '2026-11-21T24:00:00.5Z', '2026-11-21T25:00:00Z', '2026-02-29T00:00:00Z', '2026-11-21', ' 2026-11-21T06:01:32Z',
      '0000-12-31T23:59:59Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:00:00-01:00', '+10000-01-01T00:00:00Z', '2026-11-21T06:01:32.Z', '']) {
      expect(refusal(() => parseDateTime(text))).toMatch(/^DateTime: expected an ISO 8601 date-time .*Z, ±HH:MM, ±HHMM, ±HH or nothing for UTC/);
    }
    expect(refusal(() => parseScalarValue('DateTime', 12))).toContain('got 12');
  });

  it('reads Long inputs exactly within the 64-bit range and refuses the rest', () => {
    expect(parseLong('+1')).toBe('1');
    expect(parseLong('01')).toBe('1');
    expect(parseLong('-0')).toBe('0');
    expect(parseLong('-9223372036854775808')).toBe('-9223372036854775808');
    expect(parseLong(9007199254740991)).toBe('9007199254740991');
    for (const raw of ['9223372036854775808', '-9223372036854775809', '1e3', ' 1', '1 ', '1.0', '', '0x10', 2 ** 53, 1.5, true]) {
      expect(refusal(() => parseLong(raw))).toContain('a 64-bit integer from -9223372036854775808 to 9223372036854775807');
    }
  });

  it('reads Decimal inputs with every digit, exponents included', () => {
    expect(parseDecimal('1.5e3')).toBe('1500');
    expect(parseDecimal(1e21)).toBe('1000000000000000000000');
    expect(parseDecimal(1e-7)).toBe('0.0000001');
    expect(parseDecimal('.5')).toBe('0.5');
    expect(parseDecimal('+012.30')).toBe('12.30');
    expect(parseDecimal('5.')).toBe('5');
    expect(parseDecimal('-1.25E-2')).toBe('-0.0125');
    expect(parseDecimal('12345678901234567890123456789012345678.123456789')).toBe('12345678901234567890123456789012345678.123456789');
    for (const raw of ['1e401', 'abc', '.', '1,5', ' 1', 'NaN', Infinity, '']) expect(refusal(() => parseDecimal(raw))).toContain('Decimal: expected a decimal number');
  });

  it('reads Dates within 0001-01-01 to 9999-12-31 only', () => {
    expect(parseDate('0001-01-01')).toBe('0001-01-01');
    expect(parseDate('9999-12-31')).toBe('9999-12-31');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    for (const raw of ['0000-01-01', '+10000-01-01', '10000-01-01', '1900-02-29', '2026-13-01', '2026-1-01', '-0001-01-01']) {
      expect(refusal(() => parseDate(raw))).toContain('from 0001-01-01 to 9999-12-31');
    }
  });

  it('refuses strings no stored text can equal, and numbers outside their scalar', () => {
    expect(refusal(() => parseScalarValue('String', 'a\uD800b'))).toContain('unpaired surrogate');
    expect(parseScalarValue('String', 'a😀\u0000')).toBe('a😀\u0000');
    expect(refusal(() => parseScalarValue('Int', 2 ** 31))).toContain('from -2147483648 to 2147483647');
    expect(refusal(() => parseScalarValue('Float', Infinity))).toContain('finite');
  });
});
