import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../engine/config';
import { DeliveryLog } from '../../engine/governance/deliveryLog';
import { parseContract } from '../../engine/contract/parseContract';
import type { GovernanceEvent } from '../../engine/governance/governanceEvent';
import { Monitor } from '../../engine/governance/monitor';
import { ownerChannelId, ownerChannels } from '../../engine/governance/ownerChannels';
import { parseOwners } from '../../engine/governance/ownersFile';
import type { ConsumerChannels, VersionReaders } from '../../engine/governance/readerRecipients';
import { readerRecipients } from '../../engine/governance/readerRecipients';
import type { RecipientSourceFactory } from '../../engine/governance/recipientSources';
import { recipientSources } from '../../engine/governance/recipientSources';
import type { RecipientSource, WebhookChannel } from '../../engine/governance/routing';
import { findChannel, routeEvent } from '../../engine/governance/routing';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';
import { tempFile } from '../publish/fixtures';
import type { Receiver } from './helpers/webhookReceiver';
import { newSecret, startReceiver } from './helpers/webhookReceiver';

// Routing unions pluggable recipient sources: the owner, the contract's subscribers, and sources built when the
// monitor starts (self-service subscriptions, the recent readers of a version from the usage log).

const DAY = 86_400_000;
const NOW = Date.now();
const SUNSET = new Date(NOW + 20 * DAY).toISOString().slice(0, 10);

const ORDERS = `product: orders
domain: shop
owner: shop-team
subscribers: [crm-team]
description: Orders.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 2
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
  - version: 1
    status: deprecated
    sunset: ${SUNSET}
    deprecationReason: order ids moved to v2
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
`;

const SECRETS = { '/shop': newSecret('shop'), '/crm': newSecret('crm'), '/key-a': newSecret('key-a'), '/key-b': newSecret('key-b'), '/key-c': newSecret('key-c') };

const OWNERS = (url: string): string => `owners:
  shop-team:
    description: Shop.
    contact: shop@example.com
    webhooks:
      - { url: "${url}/shop", secretEnv: SHOP_SECRET }
  crm-team:
    description: CRM.
    contact: crm@example.com
    webhooks:
      - { url: "${url}/crm", secretEnv: CRM_SECRET }
`;

const ENV = { SHOP_SECRET: SECRETS['/shop'], CRM_SECRET: SECRETS['/crm'] };

/** Reads as a usage log would answer them: who read which version when. */
const READS = [
  { consumer: 'key-a', product: 'shop.orders', version: 1, at: NOW - 3 * DAY },
  { consumer: 'key-a', product: 'shop.orders', version: 2, at: NOW - DAY },
  { consumer: 'key-b', product: 'shop.orders', version: 1, at: NOW - 40 * DAY },
  { consumer: 'key-b', product: 'shop.orders', version: 2, at: NOW - DAY },
];

/** The readers of a list of reads. */
function readersOf(reads: readonly (typeof READS)[number][]): VersionReaders {
  return { readersOf: async (product, version, since) => reads.filter((r) => r.product === product && r.version === version && r.at >= since.getTime()).map((r) => r.consumer) };
}

const readers = readersOf(READS);

function consumerChannels(receiver: Receiver): ConsumerChannels {
  const of = (consumer: string): WebhookChannel[] => [{
    id: `consumer:${consumer}`, recipient: consumer, url: `${receiver.url}/${consumer}`, secret: SECRETS[`/${consumer}` as keyof typeof SECRETS], events: ['*'],
  }];
  return { channelsOf: async (c) => of(c), channel: async (id) => (id.startsWith('consumer:') ? of(id.slice('consumer:'.length))[0] : undefined) };
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(SECRETS);
});
afterAll(async () => {
  await receiver.stop();
});

async function sources(extra: RecipientSourceFactory[] = []): Promise<RecipientSource[]> {
  const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-routing-')));
  const contract = parseContract('shop/orders.yaml', ORDERS);
  const owners = parseOwners('owners.yaml', OWNERS(receiver.url));
  return recipientSources({
    config: readConfig({}), store, contracts: [contract], owners, ownerChannels: ownerChannels(owners, ENV), env: ENV, now: () => NOW,
  }, extra);
}

function eventOf(type: GovernanceEvent['type'], version = 1): GovernanceEvent {
  return { id: 'evt_x', type, timestamp: new Date(NOW).toISOString(), data: { product: 'shop.orders', version, owner: 'shop-team', subscribers: ['crm-team'], runbook: null } };
}

describe('routing', () => {
  it('sends owner events to the owner only and product events to the owner and the subscribers', async () => {
    const all = await sources();
    expect((await routeEvent(eventOf('publish.failed'), all)).map((c) => c.recipient)).toEqual(['shop-team']);
    expect((await routeEvent(eventOf('quality.warned'), all)).map((c) => c.recipient)).toEqual(['shop-team']);
    expect((await routeEvent(eventOf('snapshot.published'), all)).map((c) => c.recipient)).toEqual(['shop-team', 'crm-team']);
    const id = ownerChannelId('crm-team', `${receiver.url}/crm`);
    expect((await findChannel(id, all))?.url).toBe(`${receiver.url}/crm`);
    expect(await findChannel('consumer:key-a', all)).toBeUndefined();
  });

  it('adds the recent readers of a version to its life-cycle events, and nothing else', async () => {
    const all = await sources([({ now }) => readerRecipients({ readers, channels: consumerChannels(receiver), now })]);
    // key-b read v1 40 days ago: outside the 30-day window.
    expect((await routeEvent(eventOf('version.sunset_approaching'), all)).map((c) => c.recipient)).toEqual(['shop-team', 'crm-team', 'key-a']);
    expect((await routeEvent(eventOf('version.deprecated'), all)).map((c) => c.recipient)).toEqual(['shop-team', 'crm-team', 'key-a']);
    expect((await routeEvent(eventOf('version.retired', 2), all)).map((c) => c.recipient)).toEqual(['shop-team', 'crm-team', 'key-a', 'key-b']);
    expect((await routeEvent(eventOf('snapshot.published'), all)).map((c) => c.recipient)).toEqual(['shop-team', 'crm-team']);
    expect((await findChannel('consumer:key-a', all))?.url).toBe(`${receiver.url}/key-a`);
  });

  it('lists each channel once when two sources name it', async () => {
    const channel: WebhookChannel = { id: 'consumer:key-a', recipient: 'key-a', url: `${receiver.url}/key-a`, secret: SECRETS['/key-a'], events: ['*'] };
    const twice: RecipientSourceFactory = () => ({ recipients: async () => [channel, channel], channel: async () => channel });
    const all = await sources([twice, twice]);
    expect((await routeEvent(eventOf('snapshot.published'), all)).map((c) => c.id)).toEqual([
      ownerChannelId('shop-team', `${receiver.url}/shop`), ownerChannelId('crm-team', `${receiver.url}/crm`), 'consumer:key-a',
    ]);
  });

  it('a monitor tells a recent reader of a deprecated version of its sunset, signed, without a subscription', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-routing-')));
    const contract = parseContract('shop/orders.yaml', ORDERS);
    const owners = parseOwners('owners.yaml', OWNERS(receiver.url));
    const all = await recipientSources({
      config: readConfig({}), store, contracts: [contract], owners, ownerChannels: ownerChannels(owners, ENV), env: ENV, now: () => NOW,
    }, [({ now }) => readerRecipients({ readers, channels: consumerChannels(receiver), now })]);
    const monitor = new Monitor({
      store, reader: new SnapshotReader(store), contracts: [contract], sources: all, now: () => NOW,
      policy: { maxAttempts: 3, backoffMs: 1000, backoffMaxMs: 1000, timeoutMs: 5000, leaseMs: 10_000 },
    });
    await monitor.since();
    await publishProduct({ store, contract, inputs: [await tempFile('orders.csv', 'order_id\n1\n')], now: new Date(NOW), publisher: 'test' });
    await monitor.evaluate();
    await monitor.deliver();
    expect(receiver.types('/key-a').sort()).toEqual(['version.deprecated', 'version.sunset_approaching']);
    expect(receiver.types('/key-b')).toEqual([]);
    const notice = receiver.received.find((r) => r.path === '/key-a' && r.body.type === 'version.sunset_approaching')!;
    expect(notice.verified).toBe(true);
    expect(notice.body.data).toMatchObject({ product: 'shop.orders', version: 1, owner: 'shop-team', sunset: SUNSET, daysBefore: 30, daysLeft: 20 });
    expect(receiver.types('/shop')).toEqual(expect.arrayContaining(['version.deprecated', 'version.sunset_approaching', 'snapshot.published', 'version.added']));
  });

  it('a consumer that starts reading a deprecated version after its announcement is told at the next re-routing, once', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-routing-')));
    const contract = parseContract('shop/orders.yaml', ORDERS);
    const owners = parseOwners('owners.yaml', OWNERS(receiver.url));
    const reads = [...READS];
    const clock = { now: NOW };
    const all = await recipientSources({
      config: readConfig({}), store, contracts: [contract], owners, ownerChannels: ownerChannels(owners, ENV), env: ENV, now: () => clock.now,
    }, [({ now }) => readerRecipients({ readers: readersOf(reads), channels: consumerChannels(receiver), now })]);
    const monitor = new Monitor({
      store, reader: new SnapshotReader(store), contracts: [contract], sources: all, now: () => clock.now, rerouteMs: 60_000,
      policy: { maxAttempts: 3, backoffMs: 1000, backoffMaxMs: 1000, timeoutMs: 5000, leaseMs: 10_000 },
    });
    const round = async (): Promise<void> => {
      await monitor.evaluate();
      await monitor.deliver();
    };
    await round();
    expect(receiver.received.filter((r) => r.path === '/key-a' && r.body.data.version === 1).map((r) => r.body.type)).toEqual(
      expect.arrayContaining(['version.deprecated', 'version.sunset_approaching']));
    expect(receiver.types('/key-c')).toEqual([]);
    reads.push({ consumer: 'key-c', product: 'shop.orders', version: 1, at: NOW + 1000 });
    clock.now += 2000;
    await round();
    // Not yet: re-routing waits for its interval.
    expect(receiver.types('/key-c')).toEqual([]);
    clock.now += 60_000;
    await round();
    await round();
    const toC = receiver.received.filter((r) => r.path === '/key-c');
    expect(toC.map((r) => r.body.type).sort()).toEqual(['version.deprecated', 'version.sunset_approaching']);
    expect(toC.every((r) => r.verified)).toBe(true);
    clock.now += 120_000;
    await round();
    await round();
    expect(receiver.received.filter((r) => r.path === '/key-c')).toHaveLength(2);
    const log = new DeliveryLog(store, 10_000, () => clock.now);
    const [deprecated] = await log.events({ type: 'version.deprecated' });
    expect((await log.deliveries(deprecated!)).map((d) => [d.recipient.recipient, d.state])).toEqual([
      ['shop-team', 'delivered'], ['crm-team', 'delivered'], ['key-a', 'delivered'], ['key-c', 'delivered'],
    ]);
    expect(toC.find((r) => r.body.type === 'version.deprecated')!.id).toBe(deprecated!.id);
  });
});
