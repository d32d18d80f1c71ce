import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../engine/config';
import { gql } from '../subgraph/helpers/signedFetch';

const SECRET = 'lineage-catalog-secret';

/** The repository's contracts plus a gold product built from SQL over customers, orders and order lines. */
async function schemaWithBuild(dir: string): Promise<string> {
  const schema = join(dir, 'schema');
  for (const [domain, product] of [['customers', 'customers'], ['merchandising', 'products'], ['sales', 'orders'], ['sales', 'order_lines']]) {
    await mkdir(join(schema, domain!), { recursive: true });
    await copyFile(join('schema', domain!, `${product}.yaml`), join(schema, domain!, `${product}.yaml`));
  }
  for (const f of ['customer_values.yaml', 'customer_values.sql']) await copyFile(join('schema', 'sales', f), join(schema, 'sales', f));
  return schema;
}

describe('lineage in the catalog', () => {
  let dir: string;
  let sub: RunningSubgraph;
  const ask = async (query: string) => {
    const res = await gql(sub.url, query, {}, { subject: 't', scopes: [] }, SECRET);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-lineage-'));
    const schema = await schemaWithBuild(dir);
    sub = await startCatalogSubgraph(readConfig({ TESSERA_STORE: join(dir, 'data'), TESSERA_SCHEMA_DIR: schema, TESSERA_GATEWAY_SECRET: SECRET }), 0);
  });
  afterAll(async () => {
    await sub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the build, its layer and table-level edges extracted from its SQL', async () => {
    const data = await ask(`{ dataProduct(id: "sales.customer_values") { layer build { sqlFile sql problems inputs { productId version pinned dataProduct { id } } }
      upstreamEdges { from to kind fromProduct { owner } } downstreamEdges { to } } lineageEdges { from to kind } }`);
    const p = data.dataProduct as Record<string, unknown>;
    expect(p.layer).toBe('GOLD');
    expect(p.build).toMatchObject({ sqlFile: 'customer_values.sql', problems: [], inputs: [
      { productId: 'customers.customers', version: 1, pinned: false, dataProduct: { id: 'customers.customers' } },
      { productId: 'sales.order_lines', version: 1, pinned: false, dataProduct: { id: 'sales.order_lines' } },
      { productId: 'sales.orders', version: 2, pinned: false, dataProduct: { id: 'sales.orders' } },
    ] });
    expect((p.build as { sql: string }).sql).toMatch(/^-- Lifetime value per customer/);
    expect(p.upstreamEdges).toEqual([
      { from: 'customers.customers', to: 'sales.customer_values', kind: 'BUILD', fromProduct: { owner: 'crm-team' } },
      { from: 'customers.customers', to: 'sales.customer_values', kind: 'REFERENCE', fromProduct: { owner: 'crm-team' } },
      { from: 'sales.order_lines', to: 'sales.customer_values', kind: 'BUILD', fromProduct: { owner: 'sales-data' } },
      { from: 'sales.orders', to: 'sales.customer_values', kind: 'BUILD', fromProduct: { owner: 'sales-data' } },
    ]);
    expect(p.downstreamEdges).toEqual([]);
    expect(data.lineageEdges).toContainEqual({ from: 'shop.raw_orders', to: 'sales.orders', kind: 'DECLARED' });
    expect(data.lineageEdges).toContainEqual({ from: 'sales.orders', to: 'sales.customer_values', kind: 'BUILD' });
    const customers = await ask('{ dataProduct(id: "customers.customers") { layer downstream { id } } }');
    expect(customers.dataProduct).toEqual({ layer: 'SILVER', downstream: [{ id: 'sales.customer_values' }, { id: 'sales.orders' }] });
  });

  it('lists column-level edges into the built product', async () => {
    const data = await ask(`{ dataProduct(id: "sales.customer_values") { columnLineage { kind from { productId version column } to { column } } } }`);
    const edges = (data.dataProduct as { columnLineage: { kind: string; from: { productId: string; column: string }; to: { column: string } }[] }).columnLineage
      .map((e) => `${e.to.column} <- ${e.from.productId}.${e.from.column} ${e.kind}`).sort();
    expect(edges).toEqual([
      'country <- customers.customers.country VALUE',
      'country_rank <- customers.customers.country VALUE',
      'country_rank <- sales.orders.amount_cents VALUE',
      'customer_id <- customers.customers.customer_id REFERENCE',
      'customer_id <- customers.customers.customer_id VALUE',
      'last_ordered_at <- sales.orders.ordered_at VALUE',
      'lifetime_value_cents <- sales.orders.amount_cents VALUE',
      'order_count <- sales.orders.order_id VALUE',
      'units <- sales.order_lines.quantity VALUE',
    ]);
  });

  it('answers impact: a column reaches what is computed from it, a join key every column of the build', async () => {
    const country = await ask(`{ dataProduct(id: "customers.customers") { impact(column: "country") {
      products { productId distance columns owner subscribers } columns { productId column } consumers { consumer } } } }`);
    expect((country.dataProduct as { impact: unknown }).impact).toEqual({
      products: [{ productId: 'sales.customer_values', distance: 1, columns: ['country', 'country_rank'], owner: 'sales-data', subscribers: [] }],
      columns: [{ productId: 'sales.customer_values', column: 'country' }, { productId: 'sales.customer_values', column: 'country_rank' }],
      consumers: [],
    });
    const whole = await ask('{ dataProduct(id: "customers.customers") { impact { products { productId distance columns subscribers } edges { from to kind } } } }');
    const impact = (whole.dataProduct as { impact: { products: { productId: string; distance: number; columns: string[]; subscribers: string[] }[]; edges: unknown[] } }).impact;
    // The join on customer_id reaches every column of the build; order_lines only at table level, through orders.
    expect(impact.products).toEqual([
      { productId: 'sales.customer_values', distance: 1, columns: ['country', 'country_rank', 'customer_id', 'last_ordered_at', 'lifetime_value_cents', 'order_count', 'units'], subscribers: [] },
      // The teams subscribed to an affected product are named with it.
      { productId: 'sales.orders', distance: 1, columns: ['customer_id'], subscribers: ['crm-team'] },
      { productId: 'sales.order_lines', distance: 2, columns: [], subscribers: [] },
    ]);
    expect(impact.edges).toContainEqual({ from: 'sales.orders', to: 'sales.customer_values', kind: 'BUILD' });
    const amount = await ask('{ dataProduct(id: "sales.orders") { impact(column: "amount_cents") { products { productId columns } } } }');
    expect((amount.dataProduct as { impact: unknown }).impact).toEqual({ products: [{ productId: 'sales.customer_values', columns: ['country_rank', 'lifetime_value_cents'] }] });
  });

  it('answers where a column comes from, transitively, and refuses an unknown column', async () => {
    const rank = await ask(`{ dataProduct(id: "sales.customer_values") { upstreamLineage(column: "country_rank") {
      products { productId distance columns dataProduct { id } } columnEdges { from { productId column } to { productId column } } } } }`);
    expect((rank.dataProduct as { upstreamLineage: unknown }).upstreamLineage).toEqual({
      products: [
        { productId: 'customers.customers', distance: 1, columns: ['country'], dataProduct: { id: 'customers.customers' } },
        { productId: 'sales.orders', distance: 1, columns: ['amount_cents'], dataProduct: { id: 'sales.orders' } },
        { productId: 'crm.accounts', distance: 2, columns: [], dataProduct: null },
        { productId: 'shop.raw_orders', distance: 2, columns: [], dataProduct: null },
        { productId: 'shop.signups', distance: 2, columns: [], dataProduct: null },
      ],
      columnEdges: [
        { from: { productId: 'customers.customers', column: 'country' }, to: { productId: 'sales.customer_values', column: 'country_rank' } },
        { from: { productId: 'sales.orders', column: 'amount_cents' }, to: { productId: 'sales.customer_values', column: 'country_rank' } },
      ],
    });
    const res = await gql(sub.url, '{ dataProduct(id: "sales.orders") { impact(column: "nope") { products { productId } } } }', {}, { subject: 't', scopes: [] }, SECRET);
    expect(res.errors![0]).toMatchObject({ message: expect.stringMatching(/^expected a column of sales.orders v2 \(order_id, .*\), got "nope"$/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
