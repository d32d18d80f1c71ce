import type { Row } from '../subgraph/helpers/hubData';
import { publishRows } from '../subgraph/helpers/publishHub';
import { signedPost } from '../subgraph/helpers/signedFetch';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';

interface Change { kind: string; orderId: string; before: Row | null; after: Row | null }

const FIELDS = ['orderId', 'customerId', 'amountCents', 'currency', 'status', 'channel', 'isGift', 'orderedAt'];
const byKey = (a: { orderId: unknown }, b: { orderId: unknown }): number => (BigInt(a.orderId as string) < BigInt(b.orderId as string) ? -1 : 1);
const pick = (row: Row): Row => Object.fromEntries(FIELDS.map((f) => [f, row[f] ?? null]));

let hub: DataHub;
let from: string;
let to: string;
let expected: Change[];

beforeAll(async () => {
  hub = await startDataHub();
  const { store, contracts, data, manifests } = hub.hub;
  // The next snapshot: every 10th order removed, every 7th changed (status or amount), 12 new orders, and every other
  // order rewritten with the values it already had (not a change).
  const rows: Row[] = [];
  data.ordersV2.forEach((o, i) => {
    if (i % 10 === 0) return;
    if (i % 7 === 1) rows.push({ ...o, ...(i % 2 ? { status: o.status === 'paid' ? 'shipped' : 'paid' } : { amountCents: String(BigInt(o.amountCents as string) + 1n) }) });
    else rows.push({ ...o });
  });
  const last = data.ordersV2.map((o) => BigInt(o.orderId as string)).reduce((a, b) => (a > b ? a : b));
  for (let n = 1; n <= 12; n++) rows.push({ ...data.ordersV2[n]!, orderId: String(last + BigInt(n)), status: 'placed' });
  const next = await publishRows(store, contracts, 'sales.orders', 2, rows);
  from = manifests.ordersV2!.snapshotId;
  to = next.snapshotId;
  // The difference, computed here from the two row sets.
  const before = new Map(data.ordersV2.map((o) => [o.orderId as string, pick(o)]));
  const after = new Map(rows.map((o) => [o.orderId as string, pick(o)]));
  expected = [];
  for (const [k, b] of before) {
    const a = after.get(k);
    if (!a) expected.push({ kind: 'REMOVED', orderId: k, before: b, after: null });
    else if (JSON.stringify(a) !== JSON.stringify(b)) expected.push({ kind: 'CHANGED', orderId: k, before: b, after: a });
  }
  for (const [k, a] of after) if (!before.has(k)) expected.push({ kind: 'ADDED', orderId: k, before: null, after: a });
  expected.sort(byKey);
});
afterAll(async () => {
  await hub?.stop();
});

const QUERY = `query ($from: String!, $to: String!, $kinds: [ChangeKind!], $after: String) {
  ordersV2Changes(from: $from, to: $to, kinds: $kinds, first: 7, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { kind orderId before { ${FIELDS.join(' ')} } after { ${FIELDS.join(' ')} } } } }`;

async function walk(kinds?: string[]): Promise<{ nodes: Change[]; totalCount: number; products: unknown }> {
  const nodes: Change[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let products: unknown;
  for (let page = 0; page < 100; page++) {
    const { body } = await hub.ask(QUERY, {}, { from, to, kinds, after });
    expect(body.errors).toBeUndefined();
    const conn = body.data!.ordersV2Changes as { totalCount: number; nodes: Change[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    nodes.push(...conn.nodes);
    totalCount = conn.totalCount;
    products = body.extensions?.tessera?.products;
    if (!conn.pageInfo.hasNextPage) return { nodes, totalCount, products };
    after = conn.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

describe('change feeds between two snapshots', () => {
  it('pages through exactly the rows added, removed and changed by primary key, as the test computes them', async () => {
    expect(new Set(expected.map((c) => c.kind))).toEqual(new Set(['ADDED', 'REMOVED', 'CHANGED']));
    const { nodes, totalCount, products } = await walk();
    expect(nodes).toEqual(expected);
    expect(totalCount).toBe(expected.length);
    // Both snapshots, in id order (the earlier one first).
    expect(products).toEqual([
      expect.objectContaining({ product: 'sales.orders', version: 2, snapshot: from }),
      expect.objectContaining({ product: 'sales.orders', version: 2, snapshot: to }),
    ]);
    const removed = await walk(['REMOVED', 'ADDED']);
    expect(removed.nodes).toEqual(expected.filter((c) => c.kind !== 'CHANGED'));
    expect(removed.totalCount).toBe(removed.nodes.length);
  });

  it('exports the change feed with a _change column, the row after the change (before it, when removed), in key order', async () => {
    const res = await fetch(hub.gateway.url.replace(/\/graphql$/, '/export'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'sales.orders', changes: { from, to }, columns: ['status', 'amountCents'], format: 'jsonl' }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(lines).toEqual(expected.map((c) => {
      const row = (c.after ?? c.before)!;
      return { _change: c.kind, orderId: c.orderId, status: row.status, amountCents: row.amountCents };
    }));
    const bad = await fetch(hub.gateway.url.replace(/\/graphql$/, '/export'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'sales.orders', changes: { from, to: from } }),
    });
    expect(bad.status).toBe(400);
  });

  it('does not show a change to a pii column to a caller without the pii scope', async () => {
    const { store, contracts, data, manifests } = hub.hub;
    const next = await publishRows(store, contracts, 'customers.customers', 1, data.customers.map((c, i) => (i < 3 ? { ...c, email: `new${i}@example.org` } : c)));
    const query = `{ customersV1Changes(from: "${manifests.customers!.snapshotId}", to: "${next.snapshotId}") { totalCount nodes { kind customerId } } }`;
    const ask = async (scopes: string[]): Promise<{ totalCount: number; nodes: { customerId: string }[] }> => {
      const res = await signedPost(hub.urls.customers!, { query }, { subject: 'analyst', scopes });
      const body = await res.json() as { data: { customersV1Changes: { totalCount: number; nodes: { customerId: string }[] } } };
      return body.data.customersV1Changes;
    };
    expect((await ask([])).totalCount).toBe(0);
    const seen = await ask(['pii']);
    expect(seen.nodes.map((n) => n.customerId)).toEqual(data.customers.slice(0, 3).map((c) => c.customerId));
  });
});
