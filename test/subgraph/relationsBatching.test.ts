import type { Row } from './helpers/hubData';
import { compare, matches, sortRows } from './helpers/reference';
import { LINE_KINDS, ORDER_KINDS } from './helpers/orderKinds';
import { gql } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
beforeAll(async () => { hub = await startHub({ seed: 5 }); });
afterAll(async () => { await hub?.stop(); });

/** Statements a call runs on one domain's DuckDB. */
async function counting<T>(domain: 'sales' | 'customers', work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const before = hub.queries[domain].length;
  const result = await work();
  return { result, sql: hub.queries[domain].slice(before).map((q) => q.sql) };
}

const CUSTOMER_ORDERS = `query($reps: [_Any!]!, $where: OrderV2Filter, $first: Int) { _entities(representations: $reps) { ... on CustomerV1 {
  customerId ordersV2(where: $where, first: $first, orderBy: [{ field: AMOUNT_CENTS, direction: DESC }]) { totalCount nodes { orderId amountCents status } } } } }`;

describe('cross-domain relations, batched: one SQL statement per batch', () => {
  it.each([3, 30])('answers CustomerV1.ordersV2 for %i customers with one page query and one count query', async (n) => {
    const customers = hub.data.customers.slice(-n);
    const where = { status: { in: ['paid', 'shipped'] } };
    const reps = customers.map((c) => ({ __typename: 'CustomerV1', customerId: c.customerId }));
    const { result, sql } = await counting('sales', () => gql(hub.urls.sales, CUSTOMER_ORDERS, { reps, where, first: 2 }));
    expect(result.errors).toBeUndefined();
    expect(sql).toHaveLength(2);
    expect(sql[0]).toContain('row_number() OVER (PARTITION BY "customer_id"');
    const expected = customers.map((c) => {
      const all = sortRows(hub.data.ordersV2.filter((o) => o.customerId === c.customerId && matches(where, o, ORDER_KINDS)),
        [{ field: 'amountCents', desc: true }], ['orderId'], ORDER_KINDS);
      return { customerId: c.customerId, ordersV2: { totalCount: all.length, nodes: all.slice(0, 2).map((o) => ({ orderId: o.orderId, amountCents: o.amountCents, status: o.status })) } };
    });
    expect(result.data!._entities).toEqual(expected);
    // Some customers have no orders at all, so empty relations are covered.
    expect(expected.some((e) => e.ordersV2.totalCount === 0) || n < 30).toBe(true);
  });

  it('resolves entities of one type in one statement, reading only the selected columns', async () => {
    const orders = hub.data.ordersV2.slice(0, 25);
    const reps = [...orders.map((o) => ({ __typename: 'OrderV2', orderId: o.orderId })), { __typename: 'OrderV2', orderId: '1' }];
    const { result, sql } = await counting('sales', () => gql(hub.urls.sales,
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on OrderV2 { orderId status customer { customerId } } } }', { reps }));
    // The orders, then the existence of their customers: one key-column lookup for the whole batch.
    expect(sql).toHaveLength(2);
    expect(sql[0]).not.toContain('amount_cents');
    expect(sql[1]).toMatch(/^SELECT "customer_id" AS "customerId" FROM /);
    expect(result.data!._entities).toEqual([...orders.map((o) => ({ orderId: o.orderId, status: o.status, customer: { customerId: o.customerId } })), null]);
    // The customers' key set is held for their snapshot: a later batch probes it without reading the key column.
    const again = await counting('sales', () => gql(hub.urls.sales,
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on OrderV2 { orderId status customer { customerId } } } }', { reps }));
    expect(again.sql).toHaveLength(1);
    expect(again.result.data).toEqual(result.data);
  });

  it('nests relations inside the subgraph: orders → lines → order, one statement per level', async () => {
    const { result, sql } = await counting('sales', () => gql(hub.urls.sales, `{ ordersV2(first: 40) { nodes { orderId
      orderLinesV1(first: 2, orderBy: [{ field: QUANTITY, direction: DESC }], where: { quantity: { gte: 2 } }) { totalCount nodes { lineId quantity order { orderId channel } product { productId } } } } } }`));
    expect(result.errors).toBeUndefined();
    expect(sql).toHaveLength(5); // page, lines, line counts, orders by key, products' keys
    const orders = [...hub.data.ordersV2].sort((a, b) => compare('Long', a.orderId!, b.orderId!)).slice(0, 40);
    const expected = orders.map((o) => {
      const lines = sortRows(hub.data.orderLines.filter((l) => l.orderId === o.orderId && (l.quantity as number) >= 2), [{ field: 'quantity', desc: true }], ['orderId', 'lineId'], LINE_KINDS);
      return { orderId: o.orderId, orderLinesV1: { totalCount: lines.length, nodes: lines.slice(0, 2).map((l: Row) => ({
        lineId: l.lineId, quantity: l.quantity, order: { orderId: o.orderId, channel: o.channel }, product: { productId: l.productId } })) } };
    });
    expect((result.data!.ordersV2 as { nodes: unknown[] }).nodes).toEqual(expected);
  });

  it('pages a relation with its own cursor', async () => {
    const customer = hub.data.customers[0]!;
    const all = sortRows(hub.data.ordersV2.filter((o) => o.customerId === customer.customerId), [], ['orderId'], ORDER_KINDS).map((o) => o.orderId);
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const r = await gql(hub.urls.sales, `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on CustomerV1 {
        ordersV2(first: 2, after: $after) { nodes { orderId } pageInfo { hasNextPage endCursor } } } } }`, { reps: [{ __typename: 'CustomerV1', customerId: customer.customerId }], after });
      const conn = (r.data!._entities as { ordersV2: { nodes: { orderId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }[])[0]!.ordersV2;
      seen.push(...conn.nodes.map((n) => n.orderId));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThan(2);
    expect(seen).toEqual(all);
  });
});
