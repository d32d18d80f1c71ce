import { OWNER_EVENT_TYPES } from './eventTypes';
import type { GovernanceEvent } from './governanceEvent';
import type { OwnerChannels } from './ownerChannels';
import type { RecipientSource } from './routing';

/**
 * Routing to the consuming teams a contract names in `subscribers:`: every product event (not the owner events
 * `quality.warned` and `publish.failed`, which only the owner can act on) goes to each subscriber's webhooks.
 */
export function subscriberRecipients(channels: OwnerChannels): RecipientSource {
  return {
    recipients: async (event: GovernanceEvent) => (OWNER_EVENT_TYPES.has(event.type) ? [] : event.data.subscribers.flatMap((h) => channels.of(h))),
    channel: async (id: string) => channels.channel(id),
  };
}
