import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RunningHub } from '../../cli/startHub';
import { startHub } from '../../cli/startHub';
import { readConfig } from '../../engine/config';
import { loadContracts } from '../../engine/contract/loadContracts';
import type { ProductContract } from '../../engine/contract/types';
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { regenerateSchema } from '../../gateway/regenerateSchema';
import type { HubData, Row } from '../subgraph/helpers/hubData';
import { generateHub } from '../subgraph/helpers/hubData';
import { publishHub, publishRows } from '../subgraph/helpers/publishHub';

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { tessera?: { products?: { product: string; version: number; snapshot: string }[] } };
}

// A column renamed within a major version (`renamedFrom`): the old field stays as a deprecated alias that answers,
// filters, sorts and groups like the new one, over snapshots published before the rename (whose files hold the old
// name) and after it. sales.orders v2 renames channel → sales_channel and amount_cents → gross_amount_cents.
// Lookups, entity batches and relations read parquet, or a local copy of the snapshot (built from the renamed files).
describe.each([
  ['over parquet', { TESSERA_LOOKUP_TABLE_MAX_ROWS: '0' }],
  ['over lookup tables', { TESSERA_LOOKUP_TABLE_WAIT: 'true' }],
])('a column renamed with renamedFrom, through the gateway, %s', (_how, lookupEnv) => {
  let dir: string;
  let hub: RunningHub;
  let data: HubData;
  let renamed: ProductContract[];
  let store: LocalStore;
  let before: string;

  const ask = async (query: string, variables?: Record<string, unknown>): Promise<Answer> => {
    const res = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    expect(res.status).toBe(200);
    return await res.json() as Answer;
  };
  /** The value at a dotted path of an answer's data (undefined when absent). */
  const at = (a: Answer, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], a.data);
  const ordersSnapshot = (a: Answer): string | undefined => a.extensions?.tessera?.products?.find((p) => p.product === 'sales.orders')?.snapshot;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-rename-'));
    const schemaDir = join(dir, 'schema');
    await cp('schema', schemaDir, { recursive: true });
    store = new LocalStore(join(dir, 'store'));
    data = generateHub(11);
    // Published under the old names, then the contract renames the columns.
    before = (await publishHub(store, await loadContracts(schemaDir), data)).ordersV2!.snapshotId;
    const file = join(schemaDir, 'sales', 'orders.yaml');
    const yaml = (await readFile(file, 'utf8'))
      .replace('{ name: amount_cents, type: int64, description: "Gross amount in cents, taxes included.",',
        '{ name: gross_amount_cents, renamedFrom: amount_cents, type: int64, description: "Gross amount in cents, taxes included.",')
      .replace('{ name: channel, type: string,', '{ name: sales_channel, renamedFrom: channel, type: string,');
    expect(yaml).toContain('renamedFrom: amount_cents');
    expect(yaml).toContain('renamedFrom: channel');
    await writeFile(file, yaml);
    // The gold product built from SQL reads the new name.
    const sql = join(schemaDir, 'sales', 'customer_values.sql');
    await writeFile(sql, (await readFile(sql, 'utf8')).replaceAll('amount_cents', 'gross_amount_cents'));
    renamed = await loadContracts(schemaDir);
    const supergraphFile = join(dir, 'supergraph.graphql');
    await regenerateSchema(schemaDir, supergraphFile);
    const env = { TESSERA_STORE: join(dir, 'store'), TESSERA_SCHEMA_DIR: schemaDir, TESSERA_GATEWAY_SECRET: 'rename-secret', TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_LOG_LEVEL: 'silent' };
    hub = await startHub({
      env, domains: ['sales', 'customers', 'merchandising'],
      inProcess: { config: readConfig({ ...env, ...lookupEnv, TESSERA_CACHE_DIR: join(dir, 'cache'), TESSERA_DUCKDB_THREADS: '1', TESSERA_DUCKDB_MEMORY_LIMIT: '256MB' }), contracts: renamed, store },
      gateway: 'in-process',
      gatewayEnv: { TESSERA_SUPERGRAPH_FILE: supergraphFile, TESSERA_USAGE_FLUSH_MS: '3600000', TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0' },
      gatewayOptions: { port: 0, logger: pino({ level: 'silent' }), checkSupergraph: false },
    });
  }, 90_000);

  afterAll(async () => {
    await hub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the old field, filter field, sort and group values as deprecated aliases', async () => {
    const schema = await ask(`{
      order: __type(name: "OrderV2") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      filter: __type(name: "OrderV2Filter") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      sort: __type(name: "OrderV2Field") { enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
      group: __type(name: "OrderV2GroupBy") { enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
    }`);
    type Item = { name: string; isDeprecated: boolean; deprecationReason: string | null };
    const reasons = (list: unknown, ...names: string[]) =>
      names.map((n) => { const f = (list as Item[]).find((x) => x.name === n); return [n, f?.isDeprecated, f?.deprecationReason]; });
    expect(reasons(at(schema, 'order.fields'), 'channel', 'amountCents', 'salesChannel', 'grossAmountCents')).toEqual([
      ['channel', true, 'renamed to salesChannel'], ['amountCents', true, 'renamed to grossAmountCents'],
      ['salesChannel', false, null], ['grossAmountCents', false, null]]);
    expect(reasons(at(schema, 'filter.inputFields'), 'channel', 'salesChannel')).toEqual([['channel', true, 'renamed to salesChannel'], ['salesChannel', false, null]]);
    expect(reasons(at(schema, 'sort.enumValues'), 'CHANNEL', 'SALES_CHANNEL')).toEqual([['CHANNEL', true, 'renamed to salesChannel'], ['SALES_CHANNEL', false, null]]);
    expect(reasons(at(schema, 'group.enumValues'), 'CHANNEL', 'AMOUNT_CENTS')).toEqual([['CHANNEL', true, 'renamed to salesChannel'], ['AMOUNT_CENTS', true, 'renamed to grossAmountCents']]);
  });

  /** The generated orders with `channel == 'web'`, by amount descending then id: what both spellings must answer. */
  const expectedWeb = (): Row[] => data.ordersV2.filter((o) => o.channel === 'web')
    .sort((a, b) => Number(BigInt(b.amountCents as string) - BigInt(a.amountCents as string)) || (BigInt(a.orderId as string) < BigInt(b.orderId as string) ? -1 : 1));

  const list = (oldNames: boolean) => ask(oldNames
    ? '{ ordersV2(first: 100, where: { channel: { eq: "web" } }, orderBy: [{ field: AMOUNT_CENTS, direction: DESC }]) { nodes { orderId channel amountCents salesChannel } } }'
    : '{ ordersV2(first: 100, where: { salesChannel: { eq: "web" } }, orderBy: [{ field: GROSS_AMOUNT_CENTS, direction: DESC }]) { nodes { orderId salesChannel grossAmountCents } } }');

  const checkReads = async (snapshot: string): Promise<void> => {
    const old = await list(true);
    const now = await list(false);
    expect(old.errors).toBeUndefined();
    expect(now.errors).toBeUndefined();
    expect([ordersSnapshot(old), ordersSnapshot(now)]).toEqual([snapshot, snapshot]);
    const want = expectedWeb();
    expect(want.length).toBeGreaterThan(3);
    expect(at(old, 'ordersV2.nodes')).toEqual(want.map((o) => ({ orderId: o.orderId, channel: 'web', amountCents: o.amountCents, salesChannel: 'web' })));
    expect(at(now, 'ordersV2.nodes')).toEqual(want.map((o) => ({ orderId: o.orderId, salesChannel: 'web', grossAmountCents: o.amountCents })));
    // Pages by the alias's cursor like by the column's.
    const page = await ask('{ ordersV2(first: 2, orderBy: [{ field: CHANNEL }]) { pageInfo { endCursor } } }');
    const next = await ask('query($after: String) { ordersV2(first: 2, after: $after, orderBy: [{ field: CHANNEL }]) { nodes { orderId channel } } }', { after: at(page, 'ordersV2.pageInfo.endCursor') });
    const byChannel = [...data.ordersV2].sort((a, b) => (a.channel === b.channel ? 0 : a.channel === null ? 1 : b.channel === null ? -1 : (a.channel as string) < (b.channel as string) ? -1 : 1)
      || (BigInt(a.orderId as string) < BigInt(b.orderId as string) ? -1 : 1));
    expect(at(next, 'ordersV2.nodes')).toEqual(byChannel.slice(2, 4).map((o) => ({ orderId: o.orderId, channel: o.channel })));
    // Groups and measures by the alias equal those by the column.
    const groups = async (key: string, measure: string, field: string) => {
      const a = await ask(`{ ordersV2Aggregate(groupBy: [${key}]) { keys { ${field} } count sum { ${measure} } } }`);
      expect(a.errors).toBeUndefined();
      return (at(a, 'ordersV2Aggregate') as unknown as { keys: Record<string, unknown>; count: string; sum: Record<string, unknown> }[])
        .map((g) => [g.keys[field], g.count, g.sum[measure]]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    };
    const byOld = await groups('CHANNEL', 'amountCents', 'channel');
    expect(byOld).toEqual(await groups('SALES_CHANNEL', 'grossAmountCents', 'salesChannel'));
    const web = data.ordersV2.filter((o) => o.channel === 'web');
    expect(byOld.find((g) => g[0] === 'web')).toEqual(['web', String(web.length), String(web.reduce((s, o) => s + BigInt(o.amountCents as string), 0n))]);
    // Through a reverse relation from another domain, and an entity reference into this one.
    const customer = data.ordersV2.find((o) => o.channel !== null)!.customerId as string;
    const rel = await ask(`{ customerV1(customerId: "${customer}") { ordersV2(first: 50) { nodes { orderId channel salesChannel } } } }`);
    expect(rel.errors).toBeUndefined();
    const mine = data.ordersV2.filter((o) => o.customerId === customer);
    expect(at(rel, 'customerV1.ordersV2.nodes')).toEqual(mine.map((o) => ({ orderId: o.orderId, channel: o.channel, salesChannel: o.channel })));
    // An order with a line, so the entity reference from order_lines has something to answer.
    const one = mine.find((o) => data.orderLines.some((l) => l.orderId === o.orderId))!;
    expect(one).toBeDefined();
    const lookup = await ask(`{ orderV2(orderId: "${one.orderId}") { channel amountCents salesChannel } orderLinesV1(first: 1, where: { orderId: { eq: "${one.orderId}" } }) { nodes { order { channel } } } }`);
    expect(lookup.errors).toBeUndefined();
    expect(at(lookup, 'orderV2')).toEqual({ channel: one.channel, amountCents: one.amountCents, salesChannel: one.channel });
    expect(at(lookup, 'orderLinesV1.nodes')).toEqual([{ order: { channel: one.channel } }]);
  };

  it('the alias answers like the new name over a snapshot published before the rename', async () => {
    await checkReads(before);
  }, 30_000);

  it('a product built from SQL reads the new name over the input snapshot published before the rename', async () => {
    const values = async (): Promise<{ snapshot: string | undefined; nodes: unknown }> => {
      const a = await ask('{ customerValuesV1(first: 100) { nodes { customerId orderCount lifetimeValueCents countryRank } } }');
      expect(a.errors).toBeUndefined();
      return { snapshot: a.extensions?.tessera?.products?.find((p) => p.product === 'sales.customer_values')?.snapshot, nodes: at(a, 'customerValuesV1.nodes') };
    };
    const built = await values();
    const contract = renamed.find((c) => c.product === 'customer_values')!;
    const rebuilt = await publishProduct({ store, contract, contracts: renamed, version: 1, inputs: [], publisher: 'test', duckdb: { threads: 1, memoryLimit: '256MB' } });
    expect(rebuilt.build?.inputs.find((i) => i.product === 'sales.orders')?.snapshotId).toBe(before);
    const again = await values();
    expect(again.snapshot).toBe(rebuilt.snapshotId);
    expect(again.snapshot).not.toBe(built.snapshot);
    expect(again.nodes).toEqual(built.nodes);
  }, 30_000);

  it('the usage log shows who still reads the former name', async () => {
    await hub.gateway!.flushUsage();
    const a = await ask('query($since: String) { dataProduct(id: "sales.orders") { usage(since: $since) { consumer version field column } } }', { since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(a.errors).toBeUndefined();
    const usage = at(a, 'dataProduct.usage') as { field: string }[];
    expect(usage).toEqual(expect.arrayContaining([
      { consumer: 'anonymous', version: 2, field: 'channel', column: 'sales_channel' },
      { consumer: 'anonymous', version: 2, field: 'salesChannel', column: 'sales_channel' },
    ]));
  });

  it('records the rename in the catalog', async () => {
    const a = await ask('{ dataProduct(id: "sales.orders") { version(version: 2) { columns { name field renamedFrom formerField } } } }');
    const columns = at(a, 'dataProduct.version.columns') as unknown as { name: string }[];
    expect(columns.filter((c) => ['sales_channel', 'gross_amount_cents', 'order_id'].includes(c.name))).toEqual([
      { name: 'order_id', field: 'orderId', renamedFrom: null, formerField: null },
      { name: 'gross_amount_cents', field: 'grossAmountCents', renamedFrom: 'amount_cents', formerField: 'amountCents' },
      { name: 'sales_channel', field: 'salesChannel', renamedFrom: 'channel', formerField: 'channel' },
    ]);
  });

  it('exports the alias when asked for, and only the new name by default', async () => {
    const post = (body: unknown) => fetch(new URL('/export', hub.gatewayUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const asked = await post({ product: 'sales.orders', format: 'csv', columns: ['orderId', 'channel'], where: { channel: { eq: 'web' } } });
    expect(asked.status).toBe(200);
    const lines = (await asked.text()).trim().split('\n');
    expect(lines[0]).toBe('orderId,channel');
    expect(lines).toHaveLength(expectedWeb().length + 1);
    const all = await post({ product: 'sales.orders', format: 'csv' });
    const header = (await all.text()).split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['salesChannel', 'grossAmountCents']));
    expect(header).not.toContain('channel');
  });

  it('after a publish under the new names, the alias reads the new snapshot the same way', async () => {
    const rows: Row[] = data.ordersV2.map((o) => ({ ...o, salesChannel: o.channel ?? null, grossAmountCents: o.amountCents ?? null }));
    // One order moves from the web to the store: the change feed between the two snapshots shows it by both names.
    const moved = rows.find((r) => r.salesChannel === 'web')!;
    moved.salesChannel = 'store';
    const after = (await publishRows(store, renamed, 'sales.orders', 2, rows)).snapshotId;
    expect(after).not.toBe(before);
    const changes = await ask('query($from: String!, $to: String!) { ordersV2Changes(from: $from, to: $to) { nodes { kind orderId before { channel salesChannel } after { channel salesChannel } } } }', { from: before, to: after });
    expect(changes.errors).toBeUndefined();
    expect(at(changes, 'ordersV2Changes.nodes')).toEqual([{ kind: 'CHANGED', orderId: moved.orderId,
      before: { channel: 'web', salesChannel: 'web' }, after: { channel: 'store', salesChannel: 'store' } }]);
    data.ordersV2.find((o) => o.orderId === moved.orderId)!.channel = 'store';
    await checkReads(after);
  }, 30_000);
});
