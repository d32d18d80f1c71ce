import { Webhook } from 'standardwebhooks';
import { ConfigError } from '../config';
import type { OwnersFile } from './ownersFile';
import type { WebhookChannel } from './routing';

/** The id of an owner's webhook channel. */
export function ownerChannelId(handle: string, url: string): string {
  return `owner:${handle}:${url}`;
}

/** The webhooks of every owner handle of `schema/owners.yaml`, with their signing secrets. */
export interface OwnerChannels {
  /** The channels of `handle`; none for a handle without webhooks (or not listed). */
  of(handle: string): readonly WebhookChannel[];
  /** The owner channel with this id, or undefined. */
  channel(id: string): WebhookChannel | undefined;
}

/**
 * The owners file's webhooks as channels. Secrets are read from `env` once, here, by each webhook's `secretEnv`.
 * @throws ConfigError naming the variable and the owner when a webhook's secret variable is unset, empty or not
 *   base64 (the message never quotes it).
 */
export function ownerChannels(owners: OwnersFile, env: NodeJS.ProcessEnv): OwnerChannels {
  const byHandle = new Map<string, WebhookChannel[]>();
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
    byHandle.set(owner.handle, list);
    for (const c of list) byId.set(c.id, c);
  }
  return { of: (handle) => byHandle.get(handle) ?? [], channel: (id) => byId.get(id) };
}
