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

describe('a page in key order reads the files in key order, only as many as it needs', () => {
  const ids = (): string[] => hub.data.ordersV2.map((o) => o.orderId as string).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const PAGE = `query($where: OrderV2Filter, $first: Int, $after: String, $dir: SortDirection) {
    ordersV2(where: $where, first: $first, after: $after, orderBy: [{ field: ORDER_ID, direction: $dir }]) { nodes { orderId status } pageInfo { hasNextPage endCursor } } }`;

  async function page(variables: Record<string, unknown>): Promise<{ ids: string[]; next: boolean; cursor: string; statements: number[] }> {
    const before = hub.queries.sales.length;
    const res = await gql(hub.urls.sales, PAGE, variables);
    expect(res.errors).toBeUndefined();
    const c = (res.data as { ordersV2: { nodes: { orderId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).ordersV2;
    return { ids: c.nodes.map((n) => n.orderId), next: c.pageInfo.hasNextPage, cursor: c.pageInfo.endCursor, statements: hub.queries.sales.slice(before).map((q) => filesRead(q.sql)) };
  }

  it('the first page reads the first file alone; a page across files reads the next ones', async () => {
    const all = ids();
    const first = await page({ first: 10 });
    expect(first.ids).toEqual(all.slice(0, 10));
    expect(first.next).toBe(true);
    expect(first.statements).toEqual([1]);
    const half = await page({ first: 50 });
    const across = await page({ first: 100, after: half.cursor });
    expect(across.ids).toEqual(all.slice(50, 150));
    // The first file holds only 50 of them: the next round reads the next two files.
    expect(across.statements).toEqual([1, 2]);
  });

  it('walks every page forwards and backwards, with a filter, to the same rows as a sort of all of them', async () => {
    const all = ids();
    for (const dir of ['ASC', 'DESC']) {
      const where = { status: { in: ['paid', 'shipped'] }, orderId: { gte: all[40] } };
      const expected = hub.data.ordersV2.filter((o) => ['paid', 'shipped'].includes(o.status as string) && BigInt(o.orderId as string) >= BigInt(all[40]!))
        .map((o) => o.orderId as string).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1) * (dir === 'ASC' ? 1 : -1));
      const seen: string[] = [];
      let after: string | undefined;
      for (let n = 0; n < 20; n++) {
        const p = await page({ where, first: 37, after, dir });
        seen.push(...p.ids);
        if (!p.next) break;
        after = p.cursor;
      }
      expect(seen).toEqual(expected);
    }
  });
});
