import type { EdgeHub, StoreUnderTest, TextRow } from './helpers/edgeHub';
import { EDGE_STORES, startEdgeHub } from './helpers/edgeHub';

const MEASURES = `product: measures
domain: lab
owner: qa-team
description: Values at the edges of their types, for aggregates.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [id]
    columns:
      - { name: id, type: int64 }
      - { name: grp, type: string }
      - { name: i32, type: int32 }
      - { name: i64, type: int64 }
      - { name: d38, type: "decimal(38,0)" }
      - { name: d38s, type: "decimal(38,10)" }
      - { name: d10, type: "decimal(10,2)" }
      - { name: f, type: double }
`;

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';
const D38 = '9'.repeat(38);
const D38S = `${'9'.repeat(28)}.${'9'.repeat(10)}`;

function row(id: number, grp: string, v: Partial<TextRow>): TextRow {
  return { id: String(id), grp, i32: null, i64: null, d38: null, d38s: null, d10: null, f: null, ...v };
}

const QUERY = `{ measuresV1Aggregate(groupBy: [GRP]) { keys { grp } count
  sum { i32 i64 d38 d38s d10 f } avg { i32 i64 d38 d38s d10 f } min { i64 d38 d38s f } max { i64 d38 d38s f } countDistinct { f } } }`;

describe.each(EDGE_STORES)('aggregates at the edges of each type on %s', (_store, openStore) => {
  let sut: StoreUnderTest;
  let hub: EdgeHub;
  beforeAll(async () => {
    sut = await openStore();
    hub = await startEdgeHub({ 'lab/measures.yaml': MEASURES }, { store: sut.store });
    await hub.commit('lab.measures', 1, [
      // Sums beyond int64, beyond DECIMAL(38) (served exactly: the Decimal scalar has no precision limit) and beyond the largest double.
      row(1, 'big', { i32: '2147483647', i64: I64_MAX, d38: D38, d38s: D38S, d10: '99999999.99', f: '1.7e308' }),
      row(2, 'big', { i32: '2147483647', i64: I64_MAX, d38: D38, d38s: D38S, d10: '99999999.99', f: '1.7e308' }),
      row(3, 'neg', { i32: '-2147483648', i64: I64_MIN, d38: `-${D38}`, d38s: `-${D38S}`, d10: '-99999999.99', f: '-1.7e308' }),
      row(4, 'neg', { i32: '-2147483648', i64: I64_MIN, d38: `-${D38}`, d38s: `-${D38S}`, d10: '-99999999.99', f: '-1.7e308' }),
      row(5, 'neg', {}),
      // Sums that fit, reached through values at the edges.
      row(6, 'fits', { i32: '2147483647', i64: I64_MAX, d38: D38, d38s: D38S, d10: '0.01', f: '1e300' }),
      row(7, 'fits', { i32: '-2147483648', i64: I64_MIN, d38: `-${D38}`, d38s: '-0.0000000001', d10: '-0.02', f: '-1e300' }),
      row(8, 'fits', { i32: '1', i64: '1', d38: '1', d38s: '0.0000000001', d10: '0.01', f: '5e-324' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await sut?.stop();
  }, 60_000);

  it('answers every measure that fits exactly and only the others with VALUE_OUT_OF_RANGE at their path', async () => {
    const r = await hub.ask(QUERY);
    const groups = r.data!.measuresV1Aggregate as Record<string, Record<string, unknown>>[];
    expect(groups.map((g) => g.keys)).toEqual([{ grp: 'big' }, { grp: 'fits' }, { grp: 'neg' }]);
    const [big, fits, neg] = groups as [Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>, Record<string, Record<string, unknown>>];
    expect([big.count, fits.count, neg.count]).toEqual(['2', '3', '3']);

    expect(big.sum).toEqual({ i32: '4294967294', i64: null, d38: `1${'9'.repeat(37)}8`, d38s: `1${'9'.repeat(28)}.${'9'.repeat(9)}8`, d10: '199999999.98', f: null });
    expect(neg.sum).toEqual({ i32: '-4294967296', i64: null, d38: `-1${'9'.repeat(37)}8`, d38s: `-1${'9'.repeat(28)}.${'9'.repeat(9)}8`, d10: '-199999999.98', f: null });
    expect(fits.sum).toEqual({ i32: '0', i64: '0', d38: '1', d38s: `${'9'.repeat(28)}.${'9'.repeat(10)}`, d10: '0.00', f: 5e-324 });

    expect(big.avg).toEqual({ i32: 2147483647, i64: 9223372036854775807, d38: 1e38, d38s: 1e28, d10: 99999999.99, f: 1.7e308 });
    expect(neg.avg).toEqual({ i32: -2147483648, i64: -9223372036854775808, d38: -1e38, d38s: -1e28, d10: -99999999.99, f: -1.7e308 });
    expect(fits.avg).toEqual({ i32: 0, i64: 0, d38: 1 / 3, d38s: Number('3333333333333333333333333333.3333333333'), d10: 0, f: 5e-324 / 3 });

    expect(big.min).toEqual({ i64: I64_MAX, d38: D38, d38s: D38S, f: 1.7e308 });
    expect(neg.max).toEqual({ i64: I64_MIN, d38: `-${D38}`, d38s: `-${D38S}`, f: -1.7e308 });
    expect(fits.countDistinct).toEqual({ f: '3' });

    const errors = (r.errors ?? []).map((e) => ({ path: e.path, code: e.extensions?.code }));
    const expected = [[0, 'i64'], [0, 'f'], [2, 'i64'], [2, 'f']]
      .map(([g, f]) => ({ path: ['measuresV1Aggregate', g, 'sum', f], code: 'VALUE_OUT_OF_RANGE' }));
    expect(errors).toEqual(expect.arrayContaining(expected));
    expect(errors).toHaveLength(expected.length);
    for (const e of r.errors!) expect(e.message).toMatch(/^sum\.(i64|f): expected a value a (Long|Float) can represent, got /);
  });

  it('answers the count and the measures that fit when others overflow, without grouping', async () => {
    const r = await hub.ask('{ measuresV1Aggregate(where: { grp: { eq: "big" } }) { count sum { i64 d38 d10 } avg { d38 } } }');
    expect(r.data!.measuresV1Aggregate).toEqual([{ count: '2', sum: { i64: null, d38: `1${'9'.repeat(37)}8`, d10: '199999999.98' }, avg: { d38: 1e38 } }]);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['VALUE_OUT_OF_RANGE']);
  });
});
