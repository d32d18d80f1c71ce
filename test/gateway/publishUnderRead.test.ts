import { publishRows } from '../subgraph/helpers/publishHub';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';
import type { GraphQLBody } from './helpers/startTestHub';

interface Served { product: string; version: number; snapshot: string }

const PUBLISHES = 8;
const MAX_REQUESTS = 400;

// Customers are read by a root field (customers subgraph) and through orders' `customer` (sales, then an entity fetch
// to customers), and twice by aliases; orders by a root field and through customers' `ordersV2` (a later fetch to
// sales). Publishes alternate between the two; each customers publish renames every customer to its generation.
const QUERIES = [
  `{ customersV1(first: 5) { nodes { customerId name } }
     ordersV2(first: 8) { nodes { orderId customer { customerId name } } } }`,
  '{ a: customersV1(first: 4) { nodes { name } } b: customersV1(first: 4, after: null) { nodes { name } } }',
  `{ ordersV2(first: 5) { nodes { customer { name ordersV2(first: 2) { nodes { orderId customer { name } } } } } }
     customerV1(customerId: "C0001") { name } }`,
];

function namesIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => namesIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'name' && typeof v === 'string') out.add(v);
      else namesIn(v, out);
    }
  }
  return out;
}

describe('one request reads one snapshot per product version while publishes land', () => {
  let hub: DataHub;
  beforeAll(async () => {
    hub = await startDataHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('never mixes two snapshots of a product in one answer, across subgraphs, relations and aliases', async () => {
    const { store, contracts, data } = hub.hub;
    const generationOf = new Map<string, string>();
    let publishing = true;
    const publisher = (async () => {
      try {
        for (let g = 1; g <= PUBLISHES; g++) {
          if (g % 2 === 0) {
            await publishRows(store, contracts, 'sales.orders', 2, data.ordersV2);
            continue;
          }
          const m = await publishRows(store, contracts, 'customers.customers', 1, data.customers.map((c) => ({ ...c, name: `gen-${g}` })));
          generationOf.set(m.snapshotId, `gen-${g}`);
        }
      } finally {
        publishing = false;
      }
    })();
    const failures: string[] = [];
    const snapshotsSeen = new Set<string>();
    const ordersSeen = new Set<string>();
    let sent = 0;
    const reader = async (): Promise<void> => {
      while (publishing && sent < MAX_REQUESTS) {
        const query = QUERIES[sent++ % QUERIES.length]!;
        const { body } = await hub.ask(query);
        check(query, body);
      }
    };
    const check = (query: string, body: GraphQLBody): void => {
      if (body.errors?.length) {
        failures.push(`${query}: ${JSON.stringify(body.errors)}`);
        return;
      }
      const served = (body.extensions?.tessera?.products ?? []) as Served[];
      const customers = served.filter((p) => p.product === 'customers.customers' && p.version === 1);
      const keys = served.map((p) => `${p.product}@${p.version}`);
      if (customers.length !== 1 || new Set(keys).size !== keys.length) failures.push(`${query}: served ${JSON.stringify(served)}`);
      for (const p of served) if (p.product === 'sales.orders' && p.version === 2) ordersSeen.add(p.snapshot);
      const snapshot = customers[0]?.snapshot;
      if (snapshot) snapshotsSeen.add(snapshot);
      const names = [...namesIn(body.data)];
      const generations = new Set(names.filter((n) => n.startsWith('gen-')));
      if (generations.size > 1 || (generations.size === 1 && names.length !== 1)) failures.push(`${query}: names ${names.join(', ')}`);
      const expected = snapshot ? generationOf.get(snapshot) : undefined;
      if (expected && generations.size === 1 && !generations.has(expected)) failures.push(`${query}: ${names.join(', ')} from snapshot ${snapshot} (${expected})`);
    };
    await Promise.all([publisher, reader(), reader(), reader()]);
    expect(failures.slice(0, 5)).toEqual([]);
    // The reads did straddle publishes: otherwise this test proves nothing.
    expect(snapshotsSeen.size).toBeGreaterThan(1);
    expect(ordersSeen.size).toBeGreaterThan(1);
  });
});
