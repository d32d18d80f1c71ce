import { READER_EVENT_TYPES } from './eventTypes';
import type { GovernanceEvent } from './governanceEvent';
import type { RecipientSource, WebhookChannel } from './routing';

/** Who read a product version: what the usage log answers. */
export interface VersionReaders {
  /** The consumers (API key ids) that read `version` of `product` (`<domain>.<product>`) at or after `since`. */
  readersOf(product: string, version: number, since: Date): Promise<readonly string[]>;
}

/** Where a consumer is told things: the webhooks it registered. */
export interface ConsumerChannels {
  /** The channels of one consumer (API key id); none when it registered none. */
  channelsOf(consumer: string): Promise<readonly WebhookChannel[]>;
  /** The channel with this id, or undefined when it is gone. */
  channel(id: string): Promise<WebhookChannel | undefined>;
}

/** Options of {@link readerRecipients}. */
export interface ReaderRecipientsOptions {
  readers: VersionReaders;
  channels: ConsumerChannels;
  /** How far back a read counts. @default 30 */
  windowDays?: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Routing to recent readers: a version's life-cycle events (`version.deprecated`, `version.sunset_approaching`,
 * `version.retired`) go to every consumer that read that version in the last `windowDays`, subscribed or not, at
 * the channels it registered. Other events are not theirs.
 */
export function readerRecipients(options: ReaderRecipientsOptions): RecipientSource {
  const windowMs = (options.windowDays ?? 30) * 86_400_000;
  const now = options.now ?? Date.now;
  return {
    recipients: async (event: GovernanceEvent) => {
      if (!READER_EVENT_TYPES.has(event.type)) return [];
      const readers = await options.readers.readersOf(event.data.product, event.data.version, new Date(now() - windowMs));
      return (await Promise.all([...new Set(readers)].map((r) => options.channels.channelsOf(r)))).flat();
    },
    channel: (id: string) => options.channels.channel(id),
  };
}
