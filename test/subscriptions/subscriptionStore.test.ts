import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventId } from '../../engine/governance/governanceEvent';
import type { GovernanceEvent } from '../../engine/governance/governanceEvent';
import { routeEvent } from '../../engine/governance/routing';
import { LocalStore } from '../../engine/storage/localStore';
import { eventPatternsProblem } from '../../engine/subscriptions/subscribableEvents';
import { subscriberChannels, subscriptionChannelId, subscriptionRecipients } from '../../engine/subscriptions/subscriptionRecipients';
import { MAX_SUBSCRIPTIONS_PER_SUBJECT, SubscriptionStore, TooManySubscriptionsError } from '../../engine/subscriptions/subscriptionStore';
import { webhookUrlProblem } from '../../engine/subscriptions/webhookUrl';

const event = (type: GovernanceEvent['type'], product: string): GovernanceEvent => ({
  id: eventId(`${type}/${product}`), type, timestamp: '2026-12-02T00:00:00.000Z',
  data: { product, version: 1, owner: 'shop-team', subscribers: [], runbook: null },
});

describe('the subscription store', () => {
  let dir: string;
  let store: LocalStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-subscription-store-'));
    store = new LocalStore(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps secrets sealed, shows each key holder only its own, and routes events by product and type', async () => {
    const subs = new SubscriptionStore(store, 'gateway-secret');
    const a = await subs.create({ subject: 'alice', product: 'shop.items', url: 'https://a.example.com/hook', eventTypes: ['snapshot.*'] });
    const b = await subs.create({ subject: 'bob', product: 'shop.orders', url: 'https://b.example.com/hook', eventTypes: ['freshness.error'] });
    // The store holds no secret in the clear and no subject in a key.
    const keys = (await store.list('_governance/subscriptions/')).map((o) => o.key);
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toMatch(/alice|bob/);
    for (const k of keys) expect(await readFile(store.localPath(k)!, 'utf8')).not.toContain(a.secret.slice(6));
    expect(await subs.secretOfListed(a.subscription)).toBe(a.secret);
    // Another gateway secret cannot open it.
    await expect(new SubscriptionStore(store, 'another-secret').secretOfListed(a.subscription)).rejects.toThrow();

    expect((await subs.list('alice')).map((s) => s.id)).toEqual([a.subscription.id]);
    expect(await subs.delete('alice', b.subscription.id)).toBe(false);

    const source = subscriptionRecipients(subs);
    expect(await routeEvent(event('snapshot.published', 'shop.items'), [source])).toEqual([
      { id: subscriptionChannelId(a.subscription.id), recipient: 'key:alice', url: 'https://a.example.com/hook', secret: a.secret, events: ['snapshot.*'] },
    ]);
    expect(await routeEvent(event('snapshot.published', 'shop.orders'), [source])).toEqual([]);
    // A reader's channels take the life-cycle events whatever the subscription's own filter says.
    expect((await subscriberChannels(subs).channelsOf('bob')).map((c) => [c.url, c.events])).toEqual([
      ['https://b.example.com/hook', ['version.deprecated', 'version.sunset_approaching', 'version.retired']],
    ]);

    // Deleted through another process (the catalog), it is gone for this one (the monitor) at its next lookup.
    expect(await source.channel(subscriptionChannelId(b.subscription.id))).toMatchObject({ url: 'https://b.example.com/hook' });
    expect(await new SubscriptionStore(store, 'gateway-secret').delete('bob', b.subscription.id)).toBe(true);
    expect(await source.channel(subscriptionChannelId(b.subscription.id))).toBeUndefined();
    expect(await subscriberChannels(subs).channelsOf('bob')).toEqual([]);
  });

  it('refuses a key holder more than the most subscriptions allowed', async () => {
    const subs = new SubscriptionStore(store, 'gateway-secret');
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SUBJECT; i++) await subs.create({ subject: 'carol', product: 'shop.items', url: `https://c.example.com/${i}`, eventTypes: ['*'] });
    await expect(subs.create({ subject: 'carol', product: 'shop.items', url: 'https://c.example.com/x', eventTypes: ['*'] })).rejects.toBeInstanceOf(TooManySubscriptionsError);
  });

  it('says what is wrong with a webhook URL or event types', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', false)).toBeUndefined();
    expect(webhookUrlProblem('http://hooks.example.com/x', false)).toMatch(/expected an https URL/);
    expect(webhookUrlProblem('https://10.1.2.3/x', false)).toMatch(/expected a public address, got 10.1.2.3/);
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/x', false)).toMatch(/without credentials/);
    expect(webhookUrlProblem('http://127.0.0.1:9/x', true)).toBeUndefined();
    expect(eventPatternsProblem(['version.*'])).toBeUndefined();
    expect(eventPatternsProblem([])).toMatch(/expected 1 to 20 event types, got 0/);
    expect(eventPatternsProblem(['quality.warned'])).toMatch(/expected event types among .*, got "quality.warned"/);
  });
});
