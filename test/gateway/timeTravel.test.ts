import { publishRows } from '../subgraph/helpers/publishHub';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';
import type { GraphQLBody } from './helpers/startTestHub';

interface Served { product: string; version: number; snapshot: string; publishedAt: string }
interface OrderNode { orderId: string; status: string; customer: { customerId: string; name: string; ordersV2: { nodes: { orderId: string; status: string }[] } } | null }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Crosses two domains and back: orders (sales) → their customer (customers, an entity fetch) → the customer's orders
// (sales again, a relation); products (merchandising) is a root field without an argument of its own.
const QUERY = `query ($t: DateTime, $s: String) {
  ordersV2(asOf: $t, snapshot: $s, first: 20) { nodes { orderId status customer { customerId name ordersV2(first: 3) { nodes { orderId status } } } } }
  productsV1(first: 5) { nodes { productId name } } }`;

let hub: DataHub;
beforeAll(async () => {
  hub = await startDataHub();
});
afterAll(async () => {
  await hub?.stop();
});

function servedOf(body: GraphQLBody): Record<string, string> {
  const served = (body.extensions?.tessera?.products ?? []) as Served[];
  return Object.fromEntries(served.map((p) => [`${p.product}@${p.version}`, p.snapshot]));
}

describe('time travel through joins, through the gateway', () => {
  it('reads every product the request reaches as of asOf, in every subgraph, while later publishes land', async () => {
    const { store, contracts, data, manifests } = hub.hub;
    const statusOf = new Map(data.ordersV2.map((o) => [o.orderId as string, o.status as string]));
    const nameOf = new Map(data.customers.map((c) => [c.customerId as string, c.name as string]));
    const productNames = new Set(data.products.map((p) => p.name as string));
    await sleep(5);
    const instant = new Date().toISOString();
    await sleep(5);
    // After the instant: every customer renamed, every order cancelled, every product renamed.
    const later = async (g: number): Promise<void> => {
      await publishRows(store, contracts, 'customers.customers', 1, data.customers.map((c) => ({ ...c, name: `gen-${g}` })));
      await publishRows(store, contracts, 'sales.orders', 2, data.ordersV2.map((o) => ({ ...o, status: 'cancelled' })));
      await publishRows(store, contracts, 'merchandising.products', 1, data.products.map((p) => ({ ...p, name: `gen-${g}` })));
    };
    await later(1);
    const latest = await hub.ask(QUERY);
    expect(latest.body.errors).toBeUndefined();
    expect(JSON.stringify(latest.body.data)).toContain('gen-1');
    expect(latest.body.extensions?.tessera).not.toHaveProperty('asOf');

    const check = (body: GraphQLBody): void => {
      expect(body.errors).toBeUndefined();
      const orders = (body.data!.ordersV2 as { nodes: OrderNode[] }).nodes;
      expect(orders.length).toBe(20);
      let related = 0;
      for (const o of orders) {
        expect(o.status).toBe(statusOf.get(o.orderId));
        if (!o.customer) continue;
        expect(o.customer.name).toBe(nameOf.get(o.customer.customerId));
        for (const r of o.customer.ordersV2.nodes) {
          expect(r.status).toBe(statusOf.get(r.orderId));
          related++;
        }
      }
      expect(related).toBeGreaterThan(0);
      const productNodes = (body.data!.productsV1 as { nodes: { name: string }[] }).nodes;
      expect(productNodes.length).toBeGreaterThan(0);
      for (const p of productNodes) expect(productNames.has(p.name)).toBe(true);
      expect(servedOf(body)).toEqual({
        'sales.orders@2': manifests.ordersV2!.snapshotId, 'customers.customers@1': manifests.customers!.snapshotId,
        'merchandising.products@1': manifests.products!.snapshotId,
      });
    };

    // Publishes land while asOf requests run: none of them reads anything published after the instant.
    let publishing = true;
    const publisher = (async () => {
      try {
        for (let g = 2; g <= 4; g++) await later(g);
      } finally {
        publishing = false;
      }
    })();
    let sent = 0;
    const reader = async (): Promise<void> => {
      do {
        sent++;
        const { body } = await hub.ask(QUERY, {}, { t: instant });
        check(body);
        expect(body.extensions?.tessera).toHaveProperty('asOf', instant);
      } while (publishing && sent < 60);
    };
    await Promise.all([publisher, reader(), reader()]);
    expect(sent).toBeGreaterThan(2);
  });

  it('follows the publishedAt of a snapshot named on one product, and refuses two instants in one request', async () => {
    const { manifests, data } = hub.hub;
    const nameOf = new Map(data.customers.map((c) => [c.customerId as string, c.name as string]));
    const { body } = await hub.ask(QUERY, {}, { s: manifests.ordersV2!.snapshotId });
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.tessera).toHaveProperty('asOf', manifests.ordersV2!.publishedAt);
    const orders = (body.data!.ordersV2 as { nodes: OrderNode[] }).nodes;
    expect(orders.some((o) => o.customer)).toBe(true);
    for (const o of orders) if (o.customer) expect(o.customer.name).toBe(nameOf.get(o.customer.customerId));
    expect(servedOf(body)).toEqual({
      'sales.orders@2': manifests.ordersV2!.snapshotId, 'customers.customers@1': manifests.customers!.snapshotId,
      'merchandising.products@1': manifests.products!.snapshotId,
    });

    const two = await hub.ask(`{ ordersV2(asOf: "${manifests.ordersV2!.publishedAt}", first: 1) { totalCount }
      customersV1(snapshot: "${manifests.customers!.snapshotId}", first: 1) { totalCount } }`);
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/one instant/) });
  });

  it('reads a product without a snapshot at the instant as not found, never as its latest', async () => {
    const { manifests } = hub.hub;
    // Customers were published before orders: as of the customers' snapshot, no orders existed yet.
    const { body } = await hub.ask(`{ customersV1(snapshot: "${manifests.customers!.snapshotId}", first: 2) {
      nodes { customerId ordersV2(first: 1) { nodes { orderId } } } } }`);
    const nodes = (body.data!.customersV1 as { nodes: { customerId: string; ordersV2: unknown }[] }).nodes;
    expect(nodes.map((n) => n.ordersV2)).toEqual([null, null]);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SNAPSHOT_NOT_FOUND' }, message: expect.stringMatching(/sales\.orders v2/) });
  });
});
