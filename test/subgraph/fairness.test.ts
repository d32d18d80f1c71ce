import { gql } from './helpers/signedFetch';
import type { GqlResponse } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
beforeAll(async () => {
  // 300 orders: an aggregate over them all is heavy here, a key lookup is not.
  hub = await startHub({ seed: 11, env: { TESSERA_HEAVY_STATEMENT_ROWS: '100', TESSERA_DUCKDB_CONNECTIONS: '2', TESSERA_CALLER_QUEUE_LIMIT: '3' } });
});
afterAll(async () => hub?.stop());

const AGGREGATE = '{ ordersV2Aggregate(groupBy: [STATUS, CURRENCY]) { count sum { amountCents } } }';
const LOOKUP = 'query($id: Long!) { orderV2(orderId: $id) { orderId status } }';

it('keeps a light caller\'s lookups answered while heavy callers flood the subgraph; heavy callers wait or are rate limited', async () => {
  const before = hub.admissions.sales.length;
  const orders = hub.data.ordersV2.slice(0, 12);
  const heavy: Promise<GqlResponse>[] = [];
  for (const subject of ['heavy-1', 'heavy-2', 'heavy-3']) {
    for (let i = 0; i < 8; i++) heavy.push(gql(hub.urls.sales, AGGREGATE, {}, { subject, scopes: [] }));
  }
  // A light client: one lookup after another while the heavy ones are in flight.
  for (const o of orders) {
    const res = await gql(hub.urls.sales, LOOKUP, { id: String(o.orderId) }, { subject: 'light', scopes: [] });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ orderV2: { orderId: String(o.orderId), status: o.status } });
  }
  const heavyAnswers = await Promise.all(heavy);
  for (const res of heavyAnswers) {
    if (!res.errors) continue;
    expect(res.errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect((res.errors[0]!.extensions as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  }
  // Statements are queued under the signed subject, costed from the snapshot: aggregates heavy, lookups light.
  const admitted = hub.admissions.sales.slice(before);
  expect(admitted.filter((a) => a.caller === 'light').every((a) => !a.heavy && a.cost < 100)).toBe(true);
  expect(admitted.filter((a) => a.caller === 'light')).toHaveLength(orders.length);
  const heavyAdmitted = admitted.filter((a) => a.caller.startsWith('heavy-'));
  expect(heavyAdmitted.every((a) => a.heavy && a.cost === hub.data.ordersV2.length)).toBe(true);
  expect(heavyAdmitted.length + heavyAnswers.filter((r) => r.errors).length).toBe(24);
});
