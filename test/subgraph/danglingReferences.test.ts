import { publishRows } from './helpers/publishHub';
import type { GatewayHub } from './helpers/startGatewayHub';
import { startGatewayHub } from './helpers/startGatewayHub';

// References that dangle once the referenced product is republished without their key: the relationships test ran
// when the referencing rows were published, but nothing keeps the referenced rows there afterwards.
let gw: GatewayHub;
let goneCustomer: string;
let keptCustomer: string;
let goneOrder: string;
let goneProduct: string;

beforeAll(async () => {
  gw = await startGatewayHub({ seed: 11 });
  const { data, store, contracts } = gw.hub;
  goneCustomer = data.ordersV2[0]!.customerId as string;
  keptCustomer = data.ordersV2.find((o) => o.customerId !== goneCustomer)!.customerId as string;
  goneOrder = data.orderLines[0]!.orderId as string;
  goneProduct = data.orderLines[0]!.productId as string;
  // Orders first: their relationships test checks the customers published at the time.
  await publishRows(store, contracts, 'sales.orders', 2, data.ordersV2.filter((o) => o.orderId !== goneOrder));
  await publishRows(store, contracts, 'customers.customers', 1, data.customers.filter((c) => c.customerId !== goneCustomer));
  await publishRows(store, contracts, 'merchandising.products', 1, data.products.filter((p) => p.productId !== goneProduct));
}, 120_000);
afterAll(async () => { await gw?.stop(); });

type Nodes<T> = { nodes: T[] };

describe('a reference to a key that does not exist resolves to null through the gateway', () => {
  it.each([
    ['key and other fields', 'customerId name'],
    ['only the key', 'customerId'],
    ['only a non-key field', 'country'],
  ])('across domains (OrderV2.customer), selecting %s', async (_name, selection) => {
    const r = await gw.ask(`query($c: [String!]!) { ordersV2(where: { customerId: { in: $c } }, first: 100) { nodes { orderId customerId customer { ${selection} } } } }`,
      { c: [goneCustomer, keptCustomer] });
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.ordersV2 as Nodes<{ customerId: string; customer: Record<string, unknown> | null }>).nodes;
    expect(nodes.some((n) => n.customerId === goneCustomer)).toBe(true);
    expect(nodes.some((n) => n.customerId === keptCustomer)).toBe(true);
    for (const n of nodes) {
      if (n.customerId === goneCustomer) expect(n.customer).toBeNull();
      else expect(n.customer).not.toBeNull();
    }
    const kept = gw.hub.data.customers.find((c) => c.customerId === keptCustomer)!;
    const keptNode = nodes.find((n) => n.customerId === keptCustomer)!;
    expect(keptNode.customer).toEqual(Object.fromEntries(selection.split(' ').map((f) => [f, kept[f]])));
  });

  it('across domains on a deprecated version (OrderV1.customer)', async () => {
    const r = await gw.ask(`query($c: String!) { ordersV1(where: { customerId: { eq: $c } }, first: 100) { nodes { orderId customer { customerId } } } }`, { c: goneCustomer });
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.ordersV1 as Nodes<{ customer: unknown }>).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.map((n) => n.customer)).toEqual(nodes.map(() => null));
  });

  it('across domains from a composite-key entity (OrderLineV1.product)', async () => {
    const r = await gw.ask(`query($p: String!) { orderLinesV1(where: { productId: { eq: $p } }, first: 100) { nodes { lineId product { productId name } } } }`, { p: goneProduct });
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.orderLinesV1 as Nodes<{ product: unknown }>).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.map((n) => n.product)).toEqual(nodes.map(() => null));
  });

  it.each([['orderId channel'], ['orderId']])('within a domain (OrderLineV1.order), selecting %s', async (selection) => {
    const r = await gw.ask(`query($o: Long!) { orderLinesV1(where: { orderId: { eq: $o } }, first: 100) { nodes { lineId order { ${selection} } } } }`, { o: goneOrder });
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.orderLinesV1 as Nodes<{ order: unknown }>).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.map((n) => n.order)).toEqual(nodes.map(() => null));
  });

  it('through a reverse relation of the missing entity (OrderV2.customer.ordersV2, OrderLineV1.product.orderLinesV1)', async () => {
    const r = await gw.ask(`query($c: String!, $p: String!) {
      ordersV2(where: { customerId: { eq: $c } }, first: 5) { nodes { customer { ordersV2(first: 1) { totalCount nodes { orderId } } } } }
      orderLinesV1(where: { productId: { eq: $p } }, first: 5) { nodes { product { orderLinesV1(first: 1) { totalCount } } } } }`, { c: goneCustomer, p: goneProduct });
    expect(r.errors).toBeUndefined();
    const orders = (r.data!.ordersV2 as Nodes<{ customer: unknown }>).nodes;
    const lines = (r.data!.orderLinesV1 as Nodes<{ product: unknown }>).nodes;
    expect(orders.length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(0);
    expect([...orders.map((n) => n.customer), ...lines.map((n) => n.product)]).toEqual([...orders, ...lines].map(() => null));
  });

  it('keeps resolving references that exist, with their reverse relations', async () => {
    const r = await gw.ask(`query($c: String!) { ordersV2(where: { customerId: { eq: $c } }, first: 1) { nodes { customer { customerId ordersV2(first: 0) { totalCount } } } } }`, { c: keptCustomer });
    expect(r.errors).toBeUndefined();
    const count = gw.hub.data.ordersV2.filter((o) => o.customerId === keptCustomer).length;
    expect((r.data!.ordersV2 as Nodes<unknown>).nodes).toEqual([{ customer: { customerId: keptCustomer, ordersV2: { totalCount: count } } }]);
  });
});
