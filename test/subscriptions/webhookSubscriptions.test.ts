import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HubProcess } from '../../cli/hubProcess';
import { startProcess, stopProcess } from '../../cli/hubProcess';
import type { RunningHub } from '../../cli/startHub';
import { startHub } from '../../cli/startHub';
import { parseContract } from '../../engine/contract/parseContract';
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { regenerateSchema } from '../../gateway/regenerateSchema';
import type { Receiver } from '../governance/helpers/webhookReceiver';
import { startReceiver } from '../governance/helpers/webhookReceiver';
import { until } from '../helpers/until';

// Self-service subscriptions on the whole hub (cli/startHub.ts, the monitor as its own process): a key holder
// subscribes through the gateway and hears of its product only; a key that read a deprecated version hears of its
// sunset without subscribing to it, because the usage log says it read that version.

const DAY_MS = 86_400_000;
/** A sunset 20 days away: the 30-day notice is due, the 7-day one is not. */
const SUNSET = new Date(Date.now() + 20 * DAY_MS).toISOString().slice(0, 10);

const ORDERS = `product: orders
domain: shop
owner: shop-team
description: Orders.
freshness: { warnAfter: 30d, errorAfter: 60d }
versions:
  - version: 2
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
      - { name: amount_cents, type: int64 }
  - version: 1
    status: deprecated
    sunset: ${SUNSET}
    deprecationReason: amount became amount_cents in v2
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
      - { name: amount, type: double }
`;

const ITEMS = `product: items
domain: shop
owner: shop-team
description: Items.
freshness: { warnAfter: 30d, errorAfter: 60d }
versions:
  - version: 1
    status: current
    primaryKey: [item_id]
    columns:
      - { name: item_id, type: int64 }
`;

const KEYS = `keys:
  - subject: alice
    key: alice-key
    products: [shop.items]
  - subject: bob
    key: bob-key
`;


interface Answer { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] }

describe('self-service webhook subscriptions', () => {
  let dir: string;
  let store: LocalStore;
  let receiver: Receiver;
  const secrets: Record<string, string> = {};
  let env: NodeJS.ProcessEnv;
  let hub: RunningHub | undefined;
  let monitor: HubProcess | undefined;

  const ask = async (key: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const res = await fetch(hub!.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Answer;
  };
  const subscribe = (key: string, product: string, path: string, eventTypes: string[]) => ask(key,
    'mutation S($input: SubscribeWebhookInput!) { subscribeWebhook(input: $input) { secret subscription { id productId url eventTypes dataProduct { id } } } }',
    { input: { product, url: `${receiver.url}${path}`, eventTypes } });
  const publish = async (source: string, rows: string): Promise<string> => {
    const path = join(dir, `input-${Date.now()}-${Math.random()}.csv`);
    await writeFile(path, rows);
    return (await publishProduct({ store, contract: parseContract('shop/x.yaml', source), inputs: [path], publisher: 'test' })).snapshotId;
  };
  const publishOrders = async (version: number) => {
    const contract = parseContract('shop/orders.yaml', ORDERS);
    const path = join(dir, `orders-${version}-${Date.now()}.csv`);
    await writeFile(path, version === 2 ? 'order_id,amount_cents\n1,100\n2,250\n' : 'order_id,amount\n1,1.0\n2,2.5\n');
    return (await publishProduct({ store, contract, version, inputs: [path], publisher: 'test' })).snapshotId;
  };
  const on = (path: string) => receiver.received.filter((r) => r.path === path);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-subscriptions-'));
    const schema = join(dir, 'schema');
    await mkdir(join(schema, 'shop'), { recursive: true });
    await writeFile(join(schema, 'shop', 'orders.yaml'), ORDERS);
    await writeFile(join(schema, 'shop', 'items.yaml'), ITEMS);
    await writeFile(join(schema, 'domains.yaml'), 'subgraphs:\n  shop: { port: 5201 }\n  platform: { port: 5202 }\n');
    await writeFile(join(schema, 'owners.yaml'), 'owners:\n  shop-team:\n    description: Shop.\n    contact: shop@example.com\n');
    await regenerateSchema(schema, join(schema, 'supergraph.graphql'));
    await writeFile(join(dir, 'keys.yaml'), KEYS);
    receiver = await startReceiver(secrets);
    store = new LocalStore(join(dir, 'data'));
    await publishOrders(1);
    await publishOrders(2);
    await publish(ITEMS, 'item_id\n1\n');
    env = {
      ...process.env, TESSERA_STORE: store.root, TESSERA_SCHEMA_DIR: schema, TESSERA_LOG_LEVEL: 'warn', TESSERA_MONITOR_PORT: '0',
      TESSERA_MONITOR_INTERVAL_MS: '100', TESSERA_WEBHOOK_TIMEOUT_MS: '2000', TESSERA_GATEWAY_SECRET: 'subscriptions-test-secret',
      TESSERA_SUBGRAPH_PORT: '0', TESSERA_SUPERGRAPH_FILE: join(schema, 'supergraph.graphql'), TESSERA_CACHE_DIR: join(dir, 'cache'),
      TESSERA_DUCKDB_THREADS: '1',
    };
    hub = await startHub({
      env, gateway: 'in-process', logger: pino({ level: 'silent' }), output: 'tail',
      gatewayEnv: { TESSERA_GATEWAY_PORT: '0', TESSERA_API_KEYS_FILE: join(dir, 'keys.yaml'), TESSERA_ANONYMOUS_ACCESS: 'false', TESSERA_USAGE_FLUSH_MS: '3600000' },
    });
  });

  afterAll(async () => {
    if (monitor) await stopProcess(monitor, 2000);
    await hub?.stop();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets a key holder manage its own subscriptions, within its grant, and refuses every other mutation', async () => {
    const refused = await subscribe('alice-key', 'shop.orders', '/hooks/nope', ['snapshot.published']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await subscribe('alice-key', 'shop.nothing', '/hooks/nope', ['*'])).errors?.[0]?.extensions?.code).toBe('PRODUCT_NOT_FOUND');
    const badType = await subscribe('alice-key', 'shop.items', '/hooks/nope', ['publish.failed']);
    expect(badType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badType.errors?.[0]?.message).toMatch(/expected event types among .*snapshot\.published/);
    const badUrl = await ask('alice-key', 'mutation { subscribeWebhook(input: { product: "shop.items", url: "ftp://x", eventTypes: ["*"] }) { secret } }');
    expect(badUrl.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const made = await subscribe('alice-key', 'shop.items', '/hooks/gone', ['*']);
    expect(made.errors).toBeUndefined();
    const created = (made.data!.subscribeWebhook as { secret: string; subscription: { id: string; productId: string; dataProduct: { id: string } } });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.subscription).toMatchObject({ productId: 'shop.items', dataProduct: { id: 'shop.items' } });
    // Another key neither sees nor deletes it; its owner lists it (never with the secret) and deletes it.
    expect((await ask('bob-key', '{ webhookSubscriptions { id } }')).data).toEqual({ webhookSubscriptions: [] });
    expect((await ask('bob-key', 'mutation D($id: ID!) { deleteWebhookSubscription(id: $id) }', { id: created.subscription.id })).data).toEqual({ deleteWebhookSubscription: false });
    const listed = await ask('alice-key', '{ webhookSubscriptions { id url eventTypes } }');
    expect(listed.data).toEqual({ webhookSubscriptions: [{ id: created.subscription.id, url: `${receiver.url}/hooks/gone`, eventTypes: ['*'] }] });
    expect((await ask('alice-key', 'mutation D($id: ID!) { deleteWebhookSubscription(id: $id) }', { id: created.subscription.id })).data).toEqual({ deleteWebhookSubscription: true });
    expect((await ask('alice-key', '{ webhookSubscriptions { id } }')).data).toEqual({ webhookSubscriptions: [] });

  });

  it('delivers snapshot.published of the subscribed product only, and the sunset of a version read to its reader unasked', async () => {
    const alice = await subscribe('alice-key', 'shop.items', '/hooks/alice', ['snapshot.published']);
    expect(alice.errors).toBeUndefined();
    secrets['/hooks/alice'] = (alice.data!.subscribeWebhook as { secret: string }).secret;
    // Bob subscribes to a type that never fires here: any life-cycle event it gets comes from having read orders v1.
    const bob = await subscribe('bob-key', 'shop.items', '/hooks/bob', ['freshness.error']);
    expect(bob.errors).toBeUndefined();
    secrets['/hooks/bob'] = (bob.data!.subscribeWebhook as { secret: string }).secret;
    for (let i = 0; i < 3; i++) expect((await ask('bob-key', '{ ordersV1(first: 2) { nodes { orderId amount } } }')).errors).toBeUndefined();
    expect((await ask('alice-key', '{ itemsV1(first: 1) { nodes { itemId } } }')).errors).toBeUndefined();
    await hub!.gateway!.flushUsage();

    monitor = await startProcess({ name: 'monitor', entry: 'cli/monitor.ts', env, readyTimeoutMs: 60_000 });
    await until('the monitor to be ready', async () => ((await fetch(`${monitor!.url}/readyz`)).ok ? true : undefined));
    const items = await publish(ITEMS, 'item_id\n1\n2\n');
    const orders = await publishOrders(2);

    const published = await until('alice\'s snapshot.published', () => on('/hooks/alice').find((r) => r.body.type === 'snapshot.published'));
    expect(published).toMatchObject({ verified: true, status: 200, body: { data: { product: 'shop.items', version: 1, owner: 'shop-team', snapshot: items } } });
    const sunset = await until('bob\'s sunset notice', () => on('/hooks/bob').find((r) => r.body.type === 'version.sunset_approaching'));
    expect(sunset).toMatchObject({ verified: true, body: { data: { product: 'shop.orders', version: 1, sunset: SUNSET, daysBefore: 30 } } });

    // Recipients are fixed when an event is enqueued: the orders publish went to no key holder (alice is not granted
    // orders, bob subscribed to items only), the sunset of orders v1 to bob alone.
    type Events = { events: { type: string; snapshot: string | null; deliveries: { recipient: string }[] }[] };
    const events = async (): Promise<Events['events']> => ((await ask('bob-key', `{ dataProduct(id: "shop.orders") {
      events(first: 50) { type snapshot deliveries { recipient } } } }`)).data?.dataProduct as Events).events;
    const ordersPublished = await until('the orders publish to be enqueued', async () => (await events()).find((e) => e.type === 'snapshot.published' && e.snapshot === orders));
    expect(ordersPublished.deliveries).toEqual([]);
    expect((await events()).find((e) => e.type === 'version.sunset_approaching')?.deliveries).toEqual([{ recipient: 'key:bob' }]);
    expect(on('/hooks/alice').map((r) => [r.body.type, r.body.data.product])).toEqual([['snapshot.published', 'shop.items']]);
    expect(on('/hooks/bob').every((r) => r.verified && r.body.data.product === 'shop.orders' && r.body.data.version === 1)).toBe(true);
    expect(on('/hooks/bob').map((r) => r.body.type).sort()).toEqual(['version.deprecated', 'version.sunset_approaching']);
  });
});
