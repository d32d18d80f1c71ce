import { READER_EVENT_TYPES } from '../governance/eventTypes';
import type { GovernanceEvent } from '../governance/governanceEvent';
import type { ConsumerChannels } from '../governance/readerRecipients';
import type { RecipientSource, WebhookChannel } from '../governance/routing';
import { wantsEvent } from './subscribableEvents';
import type { SubscriptionStore, WebhookSubscription } from './subscriptionStore';

/** The channel id of a subscription: the outbox keys its deliveries by it. */
export function subscriptionChannelId(id: string): string {
  return `subscription:${id}`;
}

/** Who a subscription's deliveries are for, as the catalog shows it. */
const recipientOf = (s: WebhookSubscription): string => `key:${s.subject}`;

/** A subscription just listed as a channel taking `events`; undefined when it was deleted meanwhile. */
async function channelOf(subscriptions: SubscriptionStore, s: WebhookSubscription, events: readonly string[]): Promise<WebhookChannel | undefined> {
  const secret = await subscriptions.secretOfListed(s);
  return secret === undefined ? undefined : { id: subscriptionChannelId(s.id), recipient: recipientOf(s), url: s.url, secret, events };
}

const present = (c: WebhookChannel | undefined): c is WebhookChannel => c !== undefined;

/** The subscription a delivery's channel id names, if it still exists. */
async function subscriptionOfChannel(subscriptions: SubscriptionStore, id: string): Promise<WebhookSubscription | undefined> {
  return (await subscriptions.all()).find((s) => subscriptionChannelId(s.id) === id);
}

/**
 * Routing to self-service subscriptions: a product event goes to every subscription to its product whose event types
 * select it (owner-only events to none). A channel's secret is opened when it is looked up, at each attempt, so a
 * deleted subscription stops receiving at once (its open deliveries end `CANCELLED`).
 */
export function subscriptionRecipients(subscriptions: SubscriptionStore): RecipientSource {
  return {
    recipients: async (event: GovernanceEvent) => {
      const wanted = (await subscriptions.all()).filter((s) => s.product === event.data.product && wantsEvent(s.eventTypes, event.type));
      return (await Promise.all(wanted.map((s) => channelOf(subscriptions, s, s.eventTypes)))).filter(present);
    },
    channel: async (id: string) => {
      const found = await subscriptionOfChannel(subscriptions, id);
      return found && channelOf(subscriptions, found, found.eventTypes);
    },
  };
}

/**
 * Where a key holder is told of the life cycle of versions it reads (the recent-readers source of
 * engine/governance/readerRecipients.ts): the webhooks of its subscriptions, whatever product they are for, each URL
 * once (its oldest subscription to it). They take the life-cycle events whatever their own filter says: a reader is
 * told of a deprecation, a sunset and a retirement without subscribing to them. A key holder without any subscription
 * has nowhere to be told.
 */
export function subscriberChannels(subscriptions: SubscriptionStore): ConsumerChannels {
  const lifeCycle = [...READER_EVENT_TYPES];
  return {
    channelsOf: async (consumer: string) => {
      const byUrl = new Map<string, WebhookSubscription>();
      for (const s of await subscriptions.list(consumer)) if (!byUrl.has(s.url)) byUrl.set(s.url, s);
      return (await Promise.all([...byUrl.values()].map((s) => channelOf(subscriptions, s, lifeCycle)))).filter(present);
    },
    channel: async (id: string) => {
      const found = await subscriptionOfChannel(subscriptions, id);
      return found && channelOf(subscriptions, found, lifeCycle);
    },
  };
}
