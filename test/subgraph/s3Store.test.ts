import { startS3rver } from '../helpers/startS3rver';
import type { RunningS3rver } from '../helpers/startS3rver';
import { generateHub } from './helpers/hubData';
import { gql } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let s3: RunningS3rver;
let hub: RunningHub;

beforeAll(async () => {
  s3 = await startS3rver();
  hub = await startHub({ store: s3.store('hub'), data: generateHub(9, { customers: 8, products: 4, orders: 30 }) });
});
afterAll(async () => {
  await hub?.stop();
  await s3?.stop();
});

describe('domain subgraphs over an S3-protocol store', () => {
  it('serves lists, lookups, relations and aggregates from snapshot files fetched into the local cache', async () => {
    const order = hub.data.ordersV2[3]!;
    const r = await gql(hub.urls.sales, `query($id: Long!) { orderV2(orderId: $id) { orderId amountCents customer { customerId } }
      ordersV2(first: 5) { totalCount nodes { orderId } } ordersV2Aggregate { count } }`, { id: order.orderId });
    expect(r.errors).toBeUndefined();
    expect(r.data!.orderV2).toEqual({ orderId: order.orderId, amountCents: order.amountCents, customer: { customerId: order.customerId } });
    expect(r.data!.ordersV2).toMatchObject({ totalCount: 30 });
    expect(r.data!.ordersV2Aggregate).toEqual([{ count: '30' }]);
    // The customer reference reads the customers' key column to know the customer exists.
    expect(r.extensions?.tessera?.products?.map((p) => p.product)).toEqual(['sales.orders', 'customers.customers']);
    const rel = await gql(hub.urls.sales, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CustomerV1 { ordersV2(first: 100) { totalCount } } } }`,
      { reps: hub.data.customers.map((c) => ({ __typename: 'CustomerV1', customerId: c.customerId })) });
    const counts = (rel.data!._entities as { ordersV2: { totalCount: number } }[]).map((e) => e.ordersV2.totalCount);
    expect(counts).toEqual(hub.data.customers.map((c) => hub.data.ordersV2.filter((o) => o.customerId === c.customerId).length));
    const files = hub.queries.sales.map((q) => q.sql).join('\n');
    expect(files).toContain(hub.config.cacheDir);
  });
});
