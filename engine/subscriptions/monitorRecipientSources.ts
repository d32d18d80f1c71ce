import { join } from 'node:path';
import { openDuckDB } from '../duckdb/openDuckDB';
import { readerRecipients } from '../governance/readerRecipients';
import type { VersionReaders } from '../governance/readerRecipients';
import type { RecipientSourceContext, RecipientSourceFactory } from '../governance/recipientSources';
import { UsageReader } from '../usage/usageReader';
import { subscriberChannels, subscriptionRecipients } from './subscriptionRecipients';
import { SubscriptionStore } from './subscriptionStore';

/** The subscriptions in the monitor's store, their secrets opened with the key derived from the gateway secret. */
function storeOf(context: RecipientSourceContext): SubscriptionStore {
  return new SubscriptionStore(context.store, context.config.gatewaySecret);
}

/** Who read a version since a date, from the usage log the gateways flush to the store. */
function usageVersionReaders(usage: UsageReader): VersionReaders {
  return {
    readersOf: async (product, version, since) => (await usage.recentReaders({ product, version, since })).map((r) => r.consumer),
  };
}

/** The monitor's source of self-service subscriptions (see subscriptionRecipients). */
export const selfServiceSubscriptionSource: RecipientSourceFactory = (context) => subscriptionRecipients(storeOf(context));

/**
 * The monitor's source of recent readers: the key holders that read a version in the last 30 days (the usage log,
 * read with a DuckDB of its own, one thread) hear of its deprecation, sunset and retirement at their subscriptions'
 * webhooks, subscribed to them or not.
 */
export const recentReaderSource: RecipientSourceFactory = async (context) => {
  const duck = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  const usage = new UsageReader(context.store, duck.connection, join(context.config.cacheDir, 'monitor-usage'), context.now);
  return readerRecipients({ readers: usageVersionReaders(usage), channels: subscriberChannels(storeOf(context)), now: context.now });
};
