import type { GovernanceEvent } from './governanceEvent';
import { eventTypeMatches } from './eventTypes';

/** A webhook an event can be delivered to, with what signs it. */
export interface WebhookChannel {
  /**
   * Stable id, unique across sources (`owner:<handle>:<url>`, `subscription:<id>`, …): the outbox keys deliveries by
   * it and finds the channel again by it at each attempt (so a rotated secret or a removed channel takes effect).
   */
  id: string;
  /** Who it belongs to: an owner handle, a key holder, … (shown in the catalog). */
  recipient: string;
  url: string;
  /** The Standard Webhooks signing secret, `whsec_<base64>`. */
  secret: string;
  /** Event types it wants: exact, `family.*` or `*`. */
  events: readonly string[];
}

/**
 * One source of recipients: the owners file, self-service subscriptions, recent readers of a version. The seam
 * through which routing grows: a new source is one more implementation, nothing else changes.
 */
export interface RecipientSource {
  /** The channels this source sends `event` to (before each channel's own event filter is applied). */
  recipients(event: GovernanceEvent): Promise<readonly WebhookChannel[]>;
  /** The channel with this id, or undefined when the source no longer has it (removed, unsubscribed). */
  channel(id: string): Promise<WebhookChannel | undefined>;
}

/**
 * The channels an event goes to: the union of every source's recipients, each channel once (by id), keeping only
 * channels whose event filter selects the event's type. Sources are asked in order; a failing source fails routing
 * (the event is not enqueued, so the next evaluation tries again rather than sending to fewer recipients).
 */
export async function routeEvent(event: GovernanceEvent, sources: readonly RecipientSource[]): Promise<WebhookChannel[]> {
  const byId = new Map<string, WebhookChannel>();
  for (const source of sources) {
    for (const channel of await source.recipients(event)) {
      if (!byId.has(channel.id) && channel.events.some((p) => eventTypeMatches(p, event.type))) byId.set(channel.id, channel);
    }
  }
  return [...byId.values()];
}

/** The channel with `id` in the first source that has it, or undefined. */
export async function findChannel(id: string, sources: readonly RecipientSource[]): Promise<WebhookChannel | undefined> {
  for (const source of sources) {
    const found = await source.channel(id);
    if (found) return found;
  }
  return undefined;
}
