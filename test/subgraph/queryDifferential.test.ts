import fc from 'fast-check';
import type { Row } from './helpers/hubData';
import { enumOf, ORDER_FIELDS, ORDER_KINDS } from './helpers/orderKinds';
import { compare, matches, sortRows } from './helpers/reference';
import type { RefSort } from './helpers/reference';
import { gql } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
beforeAll(async () => { hub = await startHub({ seed: 11 }); });
afterAll(async () => { await hub?.stop(); });

const byId = (a: Row, b: Row): number => compare('Long', a.orderId!, b.orderId!);

/** Walks a list field page by page through endCursor; bounded, so a cursor bug fails instead of looping. */
async function walk(where: unknown, orderBy: { field: string; direction: string }[], first: number): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const r = await gql(hub.urls.sales, `query($where: OrderV2Filter, $orderBy: [OrderV2OrderBy!], $first: Int, $after: String) {
      ordersV2(where: $where, orderBy: $orderBy, first: $first, after: $after) { nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
    { where, orderBy, first, after });
    expect(r.errors).toBeUndefined();
    const conn = r.data!.ordersV2 as { nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    rows.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return rows;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('page walk did not end within 200 pages');
}

const LONGS = ['500', '1250', '1999', '4200', '10002', '9007199254740993', '-1'];
const IDS = ['9007199254740990', '9007199254740992', '9007199254740993', '9007199254741100', '9007199254741889'];
const TIMES = ['2025-01-01T00:00:00.000000Z', '2025-06-15T12:00:00.250000Z', '2026-02-01T00:00:00.000000Z', '2026-09-01T00:00:00.000000Z'];
const STRING_VALUES: Record<string, string[]> = {
  status: ['placed', 'paid', 'shipped', 'cancelled', 'nope'], currency: ['EUR', 'USD', 'GBP'], channel: ['web', 'app', 'store'], customerId: ['C0001', 'C0007', 'C0015', 'C0030'],
};
const COMPARE = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

function leafFor(field: string, pool: fc.Arbitrary<unknown>, extraOps: fc.Arbitrary<Record<string, unknown>>[] = []): fc.Arbitrary<Record<string, unknown>> {
  const ops = fc.oneof(
    fc.tuple(fc.constantFrom(...COMPARE), pool).map(([op, v]) => ({ [op]: v })),
    fc.tuple(fc.constantFrom('in', 'notIn'), fc.array(pool, { maxLength: 3 })).map(([op, v]) => ({ [op]: v })),
    fc.boolean().map((b) => ({ isNull: b })),
    ...extraOps,
  );
  return ops.map((o) => ({ [field]: o }));
}

const stringLeaves = Object.entries(STRING_VALUES).map(([field, values]) => leafFor(field, fc.constantFrom(...values), [
  fc.constantFrom('%a%', 'p_id', '%e', 'C00_5', '%').map((p) => ({ like: p })),
  fc.constantFrom('p', 'sh', 'C000', '').map((p) => ({ startsWith: p })),
]));
const leaf = fc.oneof(
  leafFor('amountCents', fc.constantFrom(...LONGS)), leafFor('orderId', fc.constantFrom(...IDS)),
  leafFor('orderedAt', fc.constantFrom(...TIMES)), leafFor('isGift', fc.boolean()), ...stringLeaves,
);
const { filter } = fc.letrec<{ filter: Record<string, unknown> }>((tie) => ({
  filter: fc.oneof({ maxDepth: 3, depthSize: 'small' },
    leaf,
    fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })),
    fc.array(tie('filter'), { maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie('filter'), { maxLength: 3 }).map((or) => ({ or })),
    tie('filter').map((not) => ({ not }))),
}));

describe('differential: subgraph answers equal a plain TypeScript computation over the same rows', () => {
  it('filters: random where trees with nulls, int64 beyond 2^53, like/startsWith, and/or/not', async () => {
    await fc.assert(fc.asyncProperty(filter, async (where) => {
      const r = await gql(hub.urls.sales, `query($where: OrderV2Filter) { ordersV2(where: $where, first: 100) { totalCount nodes { ${ORDER_FIELDS} } } }`, { where });
      expect(r.errors).toBeUndefined();
      const expected = hub.data.ordersV2.filter((row) => matches(where, row, ORDER_KINDS)).sort(byId);
      const conn = r.data!.ordersV2 as { totalCount: number; nodes: Row[] };
      expect(conn.totalCount).toBe(expected.length);
      expect(conn.nodes).toEqual(expected.slice(0, 100));
    }), { numRuns: 40 });
  });

  it('sorts and walks pages: every row exactly once, in order, for random orderBy and page sizes', async () => {
    const sortable = ['amountCents', 'status', 'currency', 'channel', 'isGift', 'orderedAt', 'customerId'];
    const orderBy = fc.uniqueArray(fc.record({ field: fc.constantFrom(...sortable), desc: fc.boolean() }), { maxLength: 3, selector: (s) => s.field });
    const where = fc.option(leaf, { nil: undefined });
    await fc.assert(fc.asyncProperty(orderBy, fc.integer({ min: 9, max: 100 }), where, async (keys: RefSort[], size, w) => {
      const rows = await walk(w, keys.map((k) => ({ field: enumOf(k.field), direction: k.desc ? 'DESC' : 'ASC' })), size);
      const expected = sortRows(hub.data.ordersV2.filter((row) => matches(w, row, ORDER_KINDS)), keys, ['orderId'], ORDER_KINDS);
      expect(rows.map((x) => x.orderId)).toEqual(expected.map((x) => x.orderId));
      expect(rows).toEqual(expected);
    }), { numRuns: 15 });
  });

  it('pages with first: 0 and a default page size, and counts only when asked', async () => {
    const r = await gql(hub.urls.sales, '{ a: ordersV2(first: 0) { nodes { orderId } pageInfo { hasNextPage endCursor } } b: ordersV2 { nodes { orderId } } }');
    expect(r.data).toEqual({ a: { nodes: [], pageInfo: { hasNextPage: true, endCursor: null } }, b: { nodes: [...hub.data.ordersV2].sort(byId).slice(0, 10).map((x) => ({ orderId: x.orderId })) } });
    const before = hub.queries.sales.length;
    await gql(hub.urls.sales, '{ ordersV2(first: 2) { nodes { orderId } } }');
    expect(hub.queries.sales.slice(before).map((q) => q.sql).join('\n')).not.toContain('count(*)');
  });

  it('looks rows up by primary key, including ids beyond 2^53 and composite keys', async () => {
    const row = hub.data.ordersV2[7]!;
    const line = hub.data.orderLines[5]!;
    const r = await gql(hub.urls.sales, `query($id: Long!, $missing: Long!, $lineOrder: Long!, $lineId: Int!) {
      hit: orderV2(orderId: $id) { ${ORDER_FIELDS} } miss: orderV2(orderId: $missing) { orderId }
      line: orderLineV1(orderId: $lineOrder, lineId: $lineId) { orderId lineId productId quantity unitPrice } }`,
    { id: row.orderId, missing: '9007199254740992', lineOrder: line.orderId, lineId: line.lineId });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ hit: row, miss: null, line });
    expect(BigInt(row.orderId as string)).toBeGreaterThan(2n ** 53n);
  });

  it('aggregates with groupBy, grains and every function', async () => {
    const r = await gql(hub.urls.sales, `{ ordersV2Aggregate(groupBy: [STATUS, ORDERED_AT_MONTH], where: { isGift: { ne: true } }) {
      keys { status orderedAtMonth } count sum { amountCents } min { orderedAt amountCents } max { customerId } countDistinct { customerId channel } avg { amountCents } } }`);
    expect(r.errors).toBeUndefined();
    const groups = new Map<string, Row[]>();
    for (const row of hub.data.ordersV2.filter((x) => x.isGift === false)) {
      const key = JSON.stringify([row.status, `${(row.orderedAt as string).slice(0, 7)}-01T00:00:00.000000Z`]);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const distinct = (rows: Row[], f: string): string => String(new Set(rows.map((x) => x[f]).filter((v) => v !== null)).size);
    const expected = [...groups.entries()].map(([key, rows]) => {
      const [status, month] = JSON.parse(key) as [string | null, string];
      const amounts = rows.map((x) => BigInt(x.amountCents as string));
      const sum = amounts.reduce((a, b) => a + b, 0n);
      const times = rows.map((x) => x.orderedAt as string).sort();
      return {
        keys: { status, orderedAtMonth: month }, count: String(rows.length), sum: { amountCents: sum.toString() },
        min: { orderedAt: times[0], amountCents: amounts.reduce((a, b) => (b < a ? b : a)).toString() },
        max: { customerId: rows.map((x) => x.customerId as string).sort().pop() },
        countDistinct: { customerId: distinct(rows, 'customerId'), channel: distinct(rows, 'channel') },
        avg: { amountCents: Number(sum) / rows.length },
      };
    }).sort((a, b) => (a.keys.status === b.keys.status ? (a.keys.orderedAtMonth < b.keys.orderedAtMonth ? -1 : 1)
      : a.keys.status === null ? 1 : b.keys.status === null ? -1 : a.keys.status < b.keys.status ? -1 : 1));
    const actual = r.data!.ordersV2Aggregate as typeof expected;
    expect(actual.map((g) => ({ ...g, avg: undefined }))).toEqual(expected.map((g) => ({ ...g, avg: undefined })));
    actual.forEach((g, i) => expect(g.avg.amountCents).toBeCloseTo(expected[i]!.avg.amountCents, 6));
  });

  it('aggregates without groupBy as one group, and by a boolean with nulls', async () => {
    const r = await gql(hub.urls.sales, '{ all: ordersV2Aggregate { count keys { status } } gifts: ordersV2Aggregate(groupBy: [IS_GIFT]) { keys { isGift } count } }');
    expect(r.data!.all).toEqual([{ count: String(hub.data.ordersV2.length), keys: { status: null } }]);
    const count = (v: boolean | null): string => String(hub.data.ordersV2.filter((x) => x.isGift === v).length);
    expect(r.data!.gifts).toEqual([false, true, null].map((v) => ({ keys: { isGift: v }, count: count(v) })));
  });
});
