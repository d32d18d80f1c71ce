import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../engine/contract/parseContract';
import type { ProductContract } from '../../engine/contract/types';
import { ErrorCode, TesseraError } from '../../engine/errors';
import { DeliveryLog } from '../../engine/governance/deliveryLog';
import type { DeliveryPolicy } from '../../engine/governance/monitor';
import { Monitor } from '../../engine/governance/monitor';
import { Outbox } from '../../engine/governance/outbox';
import { ownerChannels } from '../../engine/governance/ownerChannels';
import { ownerRecipients } from '../../engine/governance/ownerRecipients';
import { parseOwners } from '../../engine/governance/ownersFile';
import { recordPublishFailure } from '../../engine/governance/publishFailure';
import { subscriberRecipients } from '../../engine/governance/subscriberRecipients';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';
import { tempFile } from '../publish/fixtures';
import type { Receiver } from './helpers/webhookReceiver';
import { newSecret, startReceiver } from './helpers/webhookReceiver';

const ORDERS = `product: orders
domain: shop
owner: shop-team
subscribers: [crm-team]
runbook: https://runbooks.example.com/orders
description: Orders.
freshness: { warnAfter: 1m, errorAfter: 2m }
versions:
  - version: 1
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
      - { name: email, type: string, pii: true }
      - { name: status, type: string, tests: [{ accepted_values: { values: [paid], severity: warn } }] }
`;

const SECRETS = { '/shop': newSecret('shop'), '/crm': newSecret('crm'), '/down': newSecret('down') };

function owners(receiver: Receiver, extra = ''): string {
  return `owners:
  shop-team:
    description: Shop.
    contact: shop@example.com
    webhooks:
      - { url: "${receiver.url}/shop", secretEnv: SHOP_SECRET }${extra.replace('RECEIVER', receiver.url)}
  crm-team:
    description: CRM.
    contact: crm@example.com
    webhooks:
      - { url: "${receiver.url}/crm", secretEnv: CRM_SECRET, events: [freshness.*, snapshot.published, publish.failed] }
`;
}

const ENV = { SHOP_SECRET: SECRETS['/shop'], CRM_SECRET: SECRETS['/crm'], DOWN_SECRET: SECRETS['/down'] };
const POLICY: DeliveryPolicy = { maxAttempts: 4, backoffMs: 1000, backoffMaxMs: 60_000, timeoutMs: 5000, leaseMs: 10_000 };

interface World {
  store: CountingStore;
  contract: ProductContract;
  receiver: Receiver;
  /** The monitors' clock: the time the world was made plus what the test advanced it by. */
  clock: { offset: number; now(): number };
  monitor(replicaId?: string): Monitor;
  publish(csv?: string): Promise<string>;
  log(): DeliveryLog;
}

const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
});

/** A local store that records every list and get, by key prefix (what a monitor's round costs). */
class CountingStore extends LocalStore {
  readonly calls: string[] = [];
  override async list(prefix: string, options?: { temporary?: boolean }) {
    this.calls.push(`list ${prefix}`);
    return super.list(prefix, options);
  }
  override async get(key: string) {
    this.calls.push(`get ${key}`);
    return super.get(key);
  }
}

async function world(answer?: Parameters<typeof startReceiver>[1], extraWebhooks = ''): Promise<World> {
  const store = new CountingStore(await mkdtemp(join(tmpdir(), 'tessera-monitor-')));
  const contract = parseContract('shop/orders.yaml', ORDERS);
  const receiver = await startReceiver(SECRETS, answer);
  receivers.push(receiver);
  // A clock that moves only when the test says so (from the real time, so signatures are within their tolerance).
  const base = Date.now();
  const clock = { offset: 0, now: () => base + clock.offset };
  const channels = ownerChannels(parseOwners('owners.yaml', owners(receiver, extraWebhooks)), ENV);
  const sources = [ownerRecipients(channels), subscriberRecipients(channels)];
  return {
    store, contract, receiver, clock,
    monitor: (replicaId) => new Monitor({ store, reader: new SnapshotReader(store), contracts: [contract], sources, policy: POLICY, now: clock.now, replicaId }),
    publish: async (csv = 'order_id,email,status\n1,ann@example.com,paid\n') => {
      const m = await publishProduct({ store, contract, inputs: [await tempFile('orders.csv', csv)], now: new Date(clock.now()), publisher: 'test' });
      return m.snapshotId;
    },
    log: () => new DeliveryLog(store, POLICY.leaseMs, clock.now),
  };
}

async function round(...monitors: Monitor[]): Promise<void> {
  await Promise.all(monitors.map((m) => m.evaluate()));
  await Promise.all(monitors.map((m) => m.deliver()));
}

describe('the governance monitor', () => {
  it('announces a publish, one lapse (warn, then error) and its recovery, signed, to the owner and its subscribers', async () => {
    const w = await world();
    const monitor = w.monitor();
    await monitor.since();
    const first = await w.publish();
    await round(monitor);
    expect(w.receiver.types('/shop')).toEqual(['version.added', 'snapshot.published']);
    expect(w.receiver.types('/crm')).toEqual(['snapshot.published']);
    w.clock.offset += 61_000;
    await round(monitor);
    await round(monitor);
    expect(w.receiver.types('/shop')).toEqual(['version.added', 'snapshot.published', 'freshness.warn']);
    w.clock.offset += 60_000;
    await round(monitor);
    await round(monitor);
    const second = await w.publish();
    await round(monitor);
    await round(monitor);
    expect(w.receiver.types('/shop')).toEqual(['version.added', 'snapshot.published', 'freshness.warn', 'freshness.error', 'snapshot.published', 'freshness.recovered']);
    expect(w.receiver.types('/crm')).toEqual(['snapshot.published', 'freshness.warn', 'freshness.error', 'snapshot.published', 'freshness.recovered']);
    expect(w.receiver.received.every((r) => r.verified)).toBe(true);
    const shop = w.receiver.received.filter((r) => r.path === '/shop');
    expect(new Set(shop.map((r) => r.id)).size).toBe(6);
    expect(shop[2]!.body).toEqual({
      type: 'freshness.warn', timestamp: expect.any(String),
      data: {
        product: 'shop.orders', version: 1, owner: 'shop-team', subscribers: ['crm-team'], runbook: 'https://runbooks.example.com/orders',
        snapshot: first, publishedAt: expect.any(String), freshness: { status: 'warn', warnAfter: '1m', errorAfter: '2m', ageSeconds: expect.any(Number) },
      },
    });
    expect(shop[3]!.body.data).toMatchObject({ snapshot: first, freshness: { status: 'error' } });
    expect(shop[5]!.body.data).toMatchObject({ snapshot: second, freshness: { status: 'fresh' } });
    // A second replica over the same store finds everything enqueued and delivered: it sends nothing.
    await round(w.monitor('replica-2'), monitor);
    expect(w.receiver.received).toHaveLength(11);
  });

  it('retries a failing receiver with backoff and the same id, and dead-letters one that never answers 2xx', async () => {
    const w = await world((r, nth) => (r.path === '/down' || (r.path === '/shop' && nth <= 3) ? 500 : 200), '\n      - { url: "RECEIVER/down", secretEnv: DOWN_SECRET, events: [snapshot.published] }');
    const monitor = w.monitor();
    await monitor.since();
    await w.publish();
    await monitor.evaluate();
    const published = (): typeof w.receiver.received => w.receiver.received.filter((r) => r.path === '/shop' && r.body.type === 'snapshot.published');
    // Backoff doubles from 1 s: nothing is sent again before it is due; each retry goes out when it is.
    const steps: [number, number, number | undefined][] = [];
    for (const advance of [0, 0, 999, 1, 1999, 1, 4000, 3_600_000]) {
      w.clock.offset += advance;
      const next = await monitor.deliver();
      steps.push([advance, published().length, next === undefined ? undefined : next - w.clock.now()]);
    }
    expect(steps).toEqual([[0, 1, 1000], [0, 1, 1000], [999, 1, 1], [1, 2, 2000], [1999, 2, 1], [1, 3, 4000], [4000, 4, undefined], [3_600_000, 4, undefined]]);
    expect(published().map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(published().map((r) => r.id)).size).toBe(1);
    expect(w.receiver.received.filter((r) => r.path === '/down').map((r) => r.status)).toEqual([500, 500, 500, 500]);
    const [event] = await w.log().events({ type: 'snapshot.published' });
    const deliveries = await w.log().deliveries(event!);
    expect(deliveries.map((d) => [d.recipient.recipient, d.state, d.attempts.map((a) => a.result)])).toEqual([
      ['shop-team', 'delivered', ['failure', 'failure', 'failure', 'success']],
      ['shop-team', 'dead', ['failure', 'failure', 'failure', 'failure']],
      ['crm-team', 'delivered', ['success']],
    ]);
    expect(deliveries[1]!.attempts[0]!.outcome).toMatchObject({ ok: false, status: 500, error: 'answered 500' });
  });

  it('two replicas never make the same attempt twice', async () => {
    const w = await world();
    const [a, b] = [w.monitor('a'), w.monitor('b')];
    await a.since();
    await w.publish();
    await w.publish('order_id,email,status\n2,bob@example.com,open\n');
    for (let i = 0; i < 3; i++) await round(a, b);
    const shop = w.receiver.received.filter((r) => r.path === '/shop');
    expect(shop.map((r) => r.body.type).sort()).toEqual(['quality.warned', 'snapshot.published', 'snapshot.published', 'version.added']);
    expect(new Set(shop.map((r) => r.id)).size).toBe(shop.length);
    const warned = shop.find((r) => r.body.type === 'quality.warned')!;
    expect(warned.body.data.tests).toEqual([{ name: 'accepted_values(status)', kind: 'accepted_values', column: 'status', failures: 1, message: expect.stringContaining('"open"') }]);
    expect(w.receiver.types('/crm').sort()).toEqual(['snapshot.published', 'snapshot.published']);
  });

  it('an attempt whose monitor stopped before recording it is retried with the same id once its lease ends', async () => {
    const w = await world();
    const monitor = w.monitor();
    await monitor.since();
    await w.publish();
    const event = (await monitor.evaluate()).find((e) => e.type === 'snapshot.published');
    const outbox = new Outbox(w.store);
    // Another monitor claimed the first attempt to the owner, then died.
    expect(await outbox.claim(event!.id, event!.recipients[0]!.channel, 1, 'gone', new Date(w.clock.now()))).toBe(true);
    await monitor.deliver();
    // Only the subscriber's delivery went out; the owner's attempt is in flight elsewhere.
    expect(w.receiver.received.filter((r) => r.id === event!.id).map((r) => r.path)).toEqual(['/crm']);
    const before = (await w.log().deliveries(event!))[0]!;
    expect(before.attempts.map((a) => a.result)).toEqual(['in_flight']);
    w.clock.offset += POLICY.leaseMs + POLICY.backoffMs;
    await monitor.deliver();
    const after = (await w.log().deliveries(event!))[0]!;
    expect([after.state, after.attempts.map((a) => a.result)]).toEqual(['delivered', ['lost', 'success']]);
    expect(w.receiver.received.filter((r) => r.path === '/shop' && r.id === event!.id)).toHaveLength(1);
  });

  it('announces a failed publish to the owner only, without values of pii columns', async () => {
    const w = await world();
    const monitor = w.monitor();
    await monitor.since();
    const err = new TesseraError(ErrorCode.INPUT_INVALID, '1 input row does not fit the contract; nothing was written. It is:\n  orders.csv line 2, column email: expected a string, found "ann@example.com"',
      { offendingRows: 1, offending: [{ file: 'orders.csv', line: 2, column: 'email', value: 'ann@example.com', expected: 'a string' }, { file: 'orders.csv', line: 2, column: 'order_id', value: 'x1', expected: 'an int64' }] });
    await recordPublishFailure(w.store, { contract: w.contract, version: w.contract.versions[0], inputs: ['/tmp/in/orders.csv'], publisher: 'ci' }, err, new Date(w.clock.now()));
    await round(monitor);
    expect(w.receiver.types('/shop')).toEqual(['publish.failed']);
    expect(w.receiver.types('/crm')).toEqual([]);
    const failure = w.receiver.received[0]!.body.data.failure as { message: string; code: string; inputs: string[] };
    expect(failure).toMatchObject({ code: 'INPUT_INVALID', inputs: ['orders.csv'], publisher: 'ci' });
    expect(failure.message).not.toContain('ann@example.com');
    expect(failure.message).toContain('column email: expected a string, found (value withheld: pii column)');
    expect(failure.message).toContain('column order_id: expected an int64, found "x1"');
  });

  it('a round over a settled outbox looks only at what is open, not the history; a dead delivery leaves a dead letter', async () => {
    const w = await world((r) => (r.path === '/down' ? 500 : 200), '\n      - { url: "RECEIVER/down", secretEnv: DOWN_SECRET, events: [snapshot.published] }');
    const monitor = w.monitor();
    await monitor.since();
    await w.publish();
    for (let i = 0; i < 6; i++) {
      await round(monitor);
      w.clock.offset += 10_000;
    }
    expect(w.receiver.received.filter((r) => r.path === '/down').map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(await w.store.list('_governance/open/')).toEqual([]);
    expect((await w.store.list('_governance/dead-letters/')).map((o) => o.key)).toHaveLength(1);
    w.store.calls.length = 0;
    await round(monitor);
    const governance = w.store.calls.filter((c) => c.includes('_governance/'));
    expect(governance.sort()).toEqual(['list _governance/open/', 'list _governance/publish-failures/']);
    // A fresh monitor (a restart) lists the enqueued events once, and then no more.
    const restarted = w.monitor('restarted');
    await round(restarted);
    w.store.calls.length = 0;
    await round(restarted);
    expect(w.store.calls.filter((c) => c.startsWith('list _governance/events/'))).toEqual([]);
    expect(w.receiver.received).toHaveLength(7);
    // The catalog still shows the whole history.
    const [event] = await w.log().events({ type: 'snapshot.published' });
    expect((await w.log().deliveries(event!)).map((d) => d.state)).toEqual(['delivered', 'dead', 'delivered']);
  });

  it('a monitor stopped between an open marker and its event loses nothing: the event is enqueued and sent again', async () => {
    const w = await world();
    const monitor = w.monitor();
    await monitor.since();
    await w.publish();
    const events = await monitor.evaluate();
    const published = events.find((e) => e.type === 'snapshot.published')!;
    // As if the monitor had stopped after writing the marker, before the event: take the event away again.
    await w.store.delete([`_governance/events/${published.id}.json`]);
    const fresh = w.monitor('fresh');
    w.clock.offset += POLICY.leaseMs;
    await fresh.deliver();
    expect((await w.store.list('_governance/open/')).map((o) => o.key)).not.toContain(`_governance/open/${published.id}.json`);
    await round(fresh);
    expect(w.receiver.received.filter((r) => r.id === published.id).map((r) => r.path).sort()).toEqual(['/crm', '/shop']);
    await round(fresh);
    expect(await w.store.list('_governance/open/')).toEqual([]);
  });
});
