import { publishRows } from './helpers/publishHub';
import { gql } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
beforeAll(async () => {
  // Lookups read parquet here, as for a snapshot larger than TESSERA_LOOKUP_TABLE_MAX_ROWS.
  hub = await startHub({ seed: 5, env: { TESSERA_LOOKUP_TABLE_MAX_ROWS: '0' } });
  // A newer snapshot of orders v2 in files of 100 rows: 300 orders, three files with disjoint key ranges.
  const manifest = await publishRows(hub.store, hub.contracts, 'sales.orders', 2, hub.data.ordersV2, undefined, { rowGroupSize: 2048, rowsPerFile: 100 });
  expect(manifest.files).toHaveLength(3);
});
afterAll(async () => hub?.stop());

function filesRead(sql: string): number {
  return sql.match(/part-\d{5}\.parquet/g)?.length ?? 0;
}

it('a key lookup reads only the file whose key range holds the key', async () => {
  const ids = hub.data.ordersV2.map((o) => o.orderId as string).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const before = hub.queries.sales.length;
  const one = await gql(hub.urls.sales, 'query($id: Long!) { orderV2(orderId: $id) { orderId amountCents } }', { id: ids[150] });
  expect(one.errors).toBeUndefined();
  expect(one.data).toEqual({ orderV2: { orderId: ids[150], amountCents: hub.data.ordersV2.find((o) => o.orderId === ids[150])!.amountCents } });
  const lookups = hub.queries.sales.slice(before);
  expect(lookups).toHaveLength(1);
  expect(filesRead(lookups[0]!.sql)).toBe(1);

  // One batch for keys in the first and last file reads those two; a key in no file's range reads nothing.
  const mark = hub.queries.sales.length;
  const batch = await gql(hub.urls.sales, '{ a: orderV2(orderId: "' + ids[0] + '") { orderId } b: orderV2(orderId: "' + ids[299] + '") { orderId } }');
  expect(batch.data).toEqual({ a: { orderId: ids[0] }, b: { orderId: ids[299] } });
  expect(hub.queries.sales.slice(mark).map((q) => filesRead(q.sql))).toEqual([2]);
  const none = hub.queries.sales.length;
  const missing = await gql(hub.urls.sales, '{ orderV2(orderId: "5") { orderId } }');
  expect(missing.data).toEqual({ orderV2: null });
  expect(hub.queries.sales.length).toBe(none);
});
