import { createHash, randomBytes } from 'node:crypto';
import { GOVERNANCE_PREFIX } from '../governance/governanceLayout';
import type { ObjectStore } from '../storage/objectStore';
import { ObjectNotFoundError } from '../storage/objectStore';
import type { SealedSecret } from './webhookSecret';
import { generateWebhookSecret, openSecret, sealingKey, sealSecret } from './webhookSecret';

/** Where self-service subscriptions live in the store: one JSON object per subscription, in a folder per key holder. */
const SUBSCRIPTIONS_PREFIX = `${GOVERNANCE_PREFIX}subscriptions/`;

/** Most subscriptions one key holder may have at once. */
export const MAX_SUBSCRIPTIONS_PER_SUBJECT = 50;

/** A key holder's webhook subscription to one product's events, as it is shown (never with its secret). */
export interface WebhookSubscription {
  /** `sub_` and 24 hex digits. */
  id: string;
  /** The API key's subject that created it: only it sees and deletes it. */
  subject: string;
  /** `<domain>.<product>` */
  product: string;
  url: string;
  /** Event types it wants: exact (`snapshot.published`), a family (`version.*`) or `*`. */
  eventTypes: string[];
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** A subscription as the store holds it: with its signing secret sealed (see webhookSecret.ts). */
interface StoredSubscription extends WebhookSubscription {
  secret: SealedSecret;
}

/** Thrown by {@link SubscriptionStore.create} when the key holder already has the most subscriptions allowed. */
export class TooManySubscriptionsError extends Error {
  constructor(readonly limit: number) {
    super(`expected at most ${limit} subscriptions per key, got one more; delete one first`);
    this.name = 'TooManySubscriptionsError';
  }
}

/** The folder of one key holder's subscriptions: a digest of the subject, so no subject text lands in a key. */
function subjectPrefix(subject: string): string {
  return `${SUBSCRIPTIONS_PREFIX}${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 32)}/`;
}

const isRecordKey = (key: string): boolean => /\/sub_[0-9a-f]{24}\.json$/.test(key);

const shown = ({ id, subject, product, url, eventTypes, createdAt }: StoredSubscription): WebhookSubscription =>
  ({ id, subject, product, url, eventTypes: [...eventTypes], createdAt });

/**
 * Self-service webhook subscriptions in the store. A subscription is created once and never changed (deleting and
 * creating again replaces it), so records read are cached by key; listings are not. Its signing secret is generated
 * here, returned once by {@link create} and stored sealed with a key derived from the gateway secret; the
 * monitor opens it with {@link secretOfListed} to sign deliveries.
 */
export class SubscriptionStore {
  private listing: Promise<WebhookSubscription[]> | undefined;

  private readonly key: Buffer;
  private readonly records = new Map<string, Promise<StoredSubscription>>();

  constructor(private readonly store: ObjectStore, gatewaySecret: string, private readonly now: () => Date = () => new Date()) {
    this.key = sealingKey(gatewaySecret);
  }

  /**
   * Creates a subscription (its input already validated) and returns it with its signing secret, the only time the
   * secret is shown.
   * @throws TooManySubscriptionsError past {@link MAX_SUBSCRIPTIONS_PER_SUBJECT}; whatever the store throws.
   */
  async create(input: Omit<WebhookSubscription, 'id' | 'createdAt'>): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const own = await this.list(input.subject);
    if (own.length >= MAX_SUBSCRIPTIONS_PER_SUBJECT) throw new TooManySubscriptionsError(MAX_SUBSCRIPTIONS_PER_SUBJECT);
    const id = `sub_${randomBytes(12).toString('hex')}`;
    const secret = generateWebhookSecret();
    const record: StoredSubscription = {
      id, subject: input.subject, product: input.product, url: input.url, eventTypes: [...input.eventTypes],
      createdAt: this.now().toISOString(), secret: sealSecret(secret, this.key, id),
    };
    await this.store.put(`${subjectPrefix(input.subject)}${id}.json`, JSON.stringify(record), { ifAbsent: true });
    return { subscription: shown(record), secret };
  }

  /** The subscriptions of one key holder, oldest first. */
  async list(subject: string): Promise<WebhookSubscription[]> {
    return (await this.read(subjectPrefix(subject))).filter((r) => r.subject === subject).map(shown);
  }

  /** Deletes one of a key holder's own subscriptions; false when it has none with that id (another's included). */
  async delete(subject: string, id: string): Promise<boolean> {
    if (!/^sub_[0-9a-f]{24}$/.test(id)) return false;
    const key = `${subjectPrefix(subject)}${id}.json`;
    const found = await this.record(key).then((r) => r.subject === subject, (err: unknown) => {
      if (err instanceof ObjectNotFoundError) return false;
      throw err;
    });
    if (!found) return false;
    await this.store.delete([key]);
    this.records.delete(key);
    return true;
  }

  /** Every subscription of every key holder, oldest first (for routing: filter by product and event type). */
  all(): Promise<WebhookSubscription[]> {
    // Callers at the same moment (the attempts of one monitor round) share one listing; the next call lists again, so
    // a subscription deleted meanwhile is gone for it.
    this.listing ??= this.read(SUBSCRIPTIONS_PREFIX).then((records) => records.map(shown)).finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  /**
   * The signing secret of a subscription just listed (by {@link all} or {@link list}), without listing again: for
   * routing one event to many subscriptions. Undefined when it was deleted since.
   * @throws Error when the secret cannot be opened (the gateway secret changed since it was sealed).
   */
  async secretOfListed(subscription: WebhookSubscription): Promise<string | undefined> {
    const record = await this.record(`${subjectPrefix(subscription.subject)}${subscription.id}.json`).catch((err: unknown) => {
      if (err instanceof ObjectNotFoundError) return undefined;
      throw err;
    });
    return record && openSecret(record.secret, this.key, record.id);
  }

  private async read(prefix: string): Promise<StoredSubscription[]> {
    const keys = (await this.store.list(prefix)).map((o) => o.key).filter(isRecordKey);
    const live = new Set(keys);
    for (const cached of this.records.keys()) if (cached.startsWith(prefix) && !live.has(cached)) this.records.delete(cached);
    const records = await Promise.all(keys.map((k) => this.record(k).catch((err: unknown) => {
      // Deleted between the listing and the read.
      if (err instanceof ObjectNotFoundError) return undefined;
      throw err;
    })));
    return records.filter((r): r is StoredSubscription => r !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private record(key: string): Promise<StoredSubscription> {
    let found = this.records.get(key);
    if (!found) {
      found = this.store.get(key).then((body) => JSON.parse(body.toString('utf8')) as StoredSubscription);
      found.catch(() => this.records.delete(key));
      this.records.set(key, found);
    }
    return found;
  }
}
