import type { GovernanceEvent } from './governanceEvent';
import type { OwnerChannels } from './ownerChannels';
import type { RecipientSource } from './routing';

/** Routing to the owning team: every event of a product goes to its owner's webhooks. */
export function ownerRecipients(channels: OwnerChannels): RecipientSource {
  return {
    recipients: async (event: GovernanceEvent) => channels.of(event.data.owner),
    channel: async (id: string) => channels.channel(id),
  };
}
