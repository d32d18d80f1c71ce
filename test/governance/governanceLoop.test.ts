import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HubProcess } from '../../cli/hubProcess';
import { startProcess, stopProcess } from '../../cli/hubProcess';
import type { RunningHub } from '../../cli/startHub';
import { startHub } from '../../cli/startHub';
import { parseContract } from '../../engine/contract/parseContract';
import { deliveryPrefix } from '../../engine/governance/governanceLayout';
import { ownerChannelId } from '../../engine/governance/ownerChannels';
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { regenerateSchema } from '../../gateway/regenerateSchema';
import type { Receiver } from './helpers/webhookReceiver';
import { newSecret, startReceiver } from './helpers/webhookReceiver';
import { until } from '../helpers/until';

// The governance loop on the whole hub as npm start runs it (cli/startHub.ts: the subgraphs, the gateway and the
// monitor as its own process): a product whose SLO lapses is announced once (warn, then error) and recovers with the
// next publish; a receiver failing three times gets the event once more with the same id, across a monitor killed
// between two attempts; the catalog, through the gateway, shows the attempts.

const ORDERS = `product: orders
domain: shop
owner: shop-team
runbook: https://runbooks.example.com/orders
description: Orders.
freshness: { warnAfter: 2s, errorAfter: 4s }
versions:
  - version: 1
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
`;

const SECRET = newSecret('shop');
const GATEWAY_SECRET = 'governance-test-secret';


describe('the governance loop', () => {
  let dir: string;
  let store: LocalStore;
  let receiver: Receiver;
  let env: NodeJS.ProcessEnv;
  let hub: RunningHub | undefined;
  /** The monitor now running: the hub's own, then the ones this test restarts. */
  let monitor: HubProcess | undefined;

  const startMonitor = async (): Promise<HubProcess> => startProcess({ name: 'monitor', entry: 'cli/monitor.ts', env, readyTimeoutMs: 60_000 });
  const metrics = async (): Promise<string> => (await fetch(`${monitor!.url}/metrics`)).text();
  /** Evaluation rounds the running monitor finished. */
  const rounds = async (): Promise<number> => Number(/tessera_monitor_evaluations_total\{outcome="ok"\} (\d+)/.exec(await metrics())?.[1] ?? 0);
  const waitRounds = async (n: number): Promise<void> => {
    const start = await rounds();
    await until(`${n} monitor rounds`, async () => ((await rounds()) >= start + n ? true : undefined));
  };
  const publish = async (): Promise<string> => (await publishProduct({ store, contract: parseContract('shop/orders.yaml', ORDERS), inputs: [await input()], publisher: 'test' })).snapshotId;
  const input = async (): Promise<string> => {
    const path = join(dir, `orders-${Date.now()}.csv`);
    await writeFile(path, 'order_id\n1\n2\n');
    return path;
  };
  const of = (type: string) => receiver.received.filter((r) => r.body.type === type);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-governance-'));
    const schema = join(dir, 'schema');
    await mkdir(join(schema, 'shop'), { recursive: true });
    await writeFile(join(schema, 'shop', 'orders.yaml'), ORDERS);
    await writeFile(join(schema, 'domains.yaml'), 'subgraphs:\n  shop: { port: 5101 }\n  platform: { port: 5102 }\n');
    await regenerateSchema(schema, join(schema, 'supergraph.graphql'));
    // The first delivery of the first publish fails three times, then succeeds.
    let failures = 0;
    receiver = await startReceiver({ '/hooks/shop': SECRET }, (r, nth) => {
      if (r.body.type === 'snapshot.published' && nth <= 3 && failures < 3) {
        failures++;
        return 503;
      }
      return 200;
    });
    await writeFile(join(schema, 'owners.yaml'), `owners:\n  shop-team:\n    description: Shop.\n    contact: shop@example.com\n    webhooks:\n      - { url: "${receiver.url}/hooks/shop", secretEnv: SHOP_WEBHOOK_SECRET }\n`);
    store = new LocalStore(join(dir, 'data'));
    env = {
      ...process.env, TESSERA_STORE: store.root, TESSERA_SCHEMA_DIR: schema, TESSERA_LOG_LEVEL: 'warn', TESSERA_MONITOR_PORT: '0',
      TESSERA_MONITOR_INTERVAL_MS: '100', TESSERA_WEBHOOK_BACKOFF_MS: '1500', TESSERA_WEBHOOK_BACKOFF_MAX_MS: '1500',
      TESSERA_WEBHOOK_TIMEOUT_MS: '1000', TESSERA_WEBHOOK_LEASE_MS: '3000', TESSERA_WEBHOOK_MAX_ATTEMPTS: '6',
      SHOP_WEBHOOK_SECRET: SECRET, TESSERA_GATEWAY_SECRET: GATEWAY_SECRET, TESSERA_SUBGRAPH_PORT: '0',
      TESSERA_SUPERGRAPH_FILE: join(schema, 'supergraph.graphql'), TESSERA_CACHE_DIR: join(dir, 'cache'), TESSERA_DUCKDB_THREADS: '1',
    };
  });

  afterAll(async () => {
    if (monitor) await stopProcess(monitor, 2000);
    await hub?.stop();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('announces a lapse once, its recovery, retries across a killed monitor, and shows the attempts in the catalog', async () => {
    hub = await startHub({ env, gateway: 'in-process', gatewayEnv: { TESSERA_GATEWAY_PORT: '0' }, logger: pino({ level: 'silent' }), monitor: true, output: 'tail' });
    monitor = hub.monitor!;
    await until('the monitor to be ready', async () => ((await fetch(`${monitor!.url}/readyz`)).ok ? true : undefined));
    const first = await publish();

    // Kill the monitor between two attempts: after the first failure is recorded, before the retry is due.
    const failed = await until('the first attempt', () => of('snapshot.published')[0]);
    const channel = ownerChannelId('shop-team', `${receiver.url}/hooks/shop`);
    await until('the first failure to be recorded', async () => ((await store.list(deliveryPrefix(failed.id, channel))).some((o) => o.key.endsWith('attempt-0001.failed.json')) ? true : undefined));
    monitor.child.kill('SIGKILL');
    await new Promise((r) => monitor!.child.once('exit', r));
    monitor = await startMonitor();

    const delivered = await until('the delivery to succeed', () => of('snapshot.published').find((r) => r.status === 200));
    expect(of('snapshot.published').map((r) => [r.id, r.status, r.body.data.snapshot])).toEqual([
      [failed.id, 503, first], [failed.id, 503, first], [failed.id, 503, first], [failed.id, 200, first],
    ]);
    expect(delivered.body.data).toMatchObject({ product: 'shop.orders', version: 1, owner: 'shop-team', runbook: 'https://runbooks.example.com/orders' });

    await until('freshness.error', () => of('freshness.error')[0]);
    await waitRounds(3);
    expect(of('freshness.warn').map((r) => r.body.data.snapshot)).toEqual([first]);
    expect(of('freshness.error').map((r) => r.body.data.snapshot)).toEqual([first]);
    const types = receiver.types('/hooks/shop');
    expect(types.indexOf('freshness.warn')).toBeLessThan(types.indexOf('freshness.error'));
    expect(await metrics()).toMatch(/tessera_freshness_state\{product="shop.orders",version="1",state="error"\} 1/);

    const second = await publish();
    await until('freshness.recovered', () => of('freshness.recovered')[0]);
    const after = receiver.received.filter((r) => r.body.data.snapshot === second).map((r) => r.body.type);
    // The first two about the new snapshot (its own lapse may follow 2 s later).
    expect(after.slice(0, 2)).toEqual(['snapshot.published', 'freshness.recovered']);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const text = await metrics();
    expect(text).toMatch(/tessera_freshness_state\{product="shop.orders",version="1",state="fresh"\} 1/);
    expect(text).toMatch(/tessera_snapshot_age_seconds\{product="shop.orders",version="1"\} \d/);
    expect(text).toMatch(/tessera_webhook_attempts_total\{outcome="success"\} \d/);

    // Acknowledged deliveries are never sent again, by a restarted monitor either (the second snapshot's own lapse,
    // 2 s later, is news).
    const count = receiver.received.length;
    const acknowledged = new Set(receiver.received.filter((r) => r.status === 200).map((r) => r.id));
    expect(acknowledged.size).toBe(receiver.received.filter((r) => r.status === 200).length);
    await stopProcess(monitor, 5000);
    monitor = await startMonitor();
    await waitRounds(3);
    const later = receiver.received.slice(count);
    expect(later.filter((r) => acknowledged.has(r.id))).toEqual([]);
    expect(later.every((r) => r.body.type.startsWith('freshness.') && r.body.data.snapshot === second)).toBe(true);

    const res = await fetch(hub.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ dataProduct(id: "shop.orders") { runbook events(type: "snapshot.published") { id snapshot
        deliveries { recipient state attempts { number result httpStatus } } } } }` }),
    });
    const body = await res.json() as { data?: { dataProduct: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const events = (body.data!.dataProduct as { events: { id: string; snapshot: string; deliveries: { recipient: string; state: string; attempts: { result: string; httpStatus: number }[] }[] }[] }).events;
    expect(events.map((e) => e.snapshot)).toEqual([second, first]);
    expect(events[1]).toMatchObject({ id: failed.id, deliveries: [{ recipient: 'shop-team', state: 'DELIVERED' }] });
    expect(events[1]!.deliveries[0]!.attempts.map((a) => [a.result, a.httpStatus])).toEqual([['FAILURE', 503], ['FAILURE', 503], ['FAILURE', 503], ['SUCCESS', 200]]);
  });
});
