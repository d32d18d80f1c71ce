import { Webhook } from 'standardwebhooks';
import { ConfigError } from '../config';
import type { GovernanceEvent } from './governanceEvent';
import { OWNER_EVENT_TYPES } from './eventTypes';
import type { EventType } from './eventTypes';
import type { OwnersFile } from './ownersFile';
import type { RecipientSource, WebhookChannel } from './routing';

/** The id of an owner's webhook channel. */
export function ownerChannelId(handle: string, url: string): string {
  return `owner:${handle}:${url}`;
}

/** True for events only the owner hears of (`publish.failed`, `quality.warned`). */
export function isOwnerEvent(type: EventType): boolean {
  return OWNER_EVENT_TYPES.has(type);
}

/**
 * Routing by the owners file: an owner event goes to the product owner's webhooks; a product event to the owner's
 * and to those of every subscriber the contract names (its `data.subscribers`). Secrets are read from `env` once,
 * here, by each webhook's `secretEnv`.
 * @throws ConfigError naming the variable and the owner when a webhook's secret variable is unset, empty or not
 *   base64 (the message never quotes it).
 */
export function ownerRecipients(owners: OwnersFile, env: NodeJS.ProcessEnv): RecipientSource {
  const channels = new Map<string, WebhookChannel[]>();
  const byId = new Map<string, WebhookChannel>();
  for (const owner of owners.owners.values()) {
    const list = owner.webhooks.map((w): WebhookChannel => {
      const secret = env[w.secretEnv];
      const expected = `the signing secret of a webhook of owner "${owner.handle}" in ${owners.file} (whsec_<base64>)`;
      if (!secret) throw new ConfigError(w.secretEnv, expected, secret ?? '');
      try {
        new Webhook(secret);
      } catch {
        // Never quote a secret, even a malformed one.
        throw new ConfigError(w.secretEnv, expected, '(not base64)');
      }
      return { id: ownerChannelId(owner.handle, w.url), recipient: owner.handle, url: w.url, secret, events: w.events };
    });
    channels.set(owner.handle, list);
    for (const c of list) byId.set(c.id, c);
  }
  return {
    recipients: async (event: GovernanceEvent) => {
      const handles = isOwnerEvent(event.type) ? [event.data.owner] : [event.data.owner, ...event.data.subscribers];
      return [...new Set(handles)].flatMap((h) => channels.get(h) ?? []);
    },
    channel: async (id: string) => byId.get(id),
  };
}
