import type { TesseraConfig } from '../config';
import type { ProductContract } from '../contract/types';
import type { ObjectStore } from '../storage/objectStore';
import type { OwnerChannels } from './ownerChannels';
import { ownerRecipients } from './ownerRecipients';
import type { OwnersFile } from './ownersFile';
import type { RecipientSource } from './routing';
import { subscriberRecipients } from './subscriberRecipients';

/** What a recipient source is built from when the monitor starts. */
export interface RecipientSourceContext {
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
  contracts: readonly ProductContract[];
  owners: OwnersFile;
  /** The owners file's webhooks, secrets resolved. */
  ownerChannels: OwnerChannels;
  /** Where secrets are read. */
  env: NodeJS.ProcessEnv;
  /** The monitor's clock. */
  now: () => number;
}

/**
 * Builds one recipient source when the monitor starts: the way routing grows without this folder importing the
 * folders that know other recipients (self-service subscriptions, the usage log's recent readers).
 * @throws whatever makes the source unusable (a startup error stops the monitor with its message).
 */
export type RecipientSourceFactory = (context: RecipientSourceContext) => RecipientSource | Promise<RecipientSource>;

/**
 * The recipient sources of a monitor, in the order routing asks them: the product's owner and the contract's
 * subscribers (from `schema/owners.yaml`), then each of `extra` (see `cli/monitorSources.ts`).
 */
export async function recipientSources(context: RecipientSourceContext, extra: readonly RecipientSourceFactory[] = []): Promise<RecipientSource[]> {
  const built = await Promise.all(extra.map((factory) => factory(context)));
  return [ownerRecipients(context.ownerChannels), subscriberRecipients(context.ownerChannels), ...built];
}
