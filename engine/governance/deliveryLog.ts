import type { ObjectStore } from '../storage/objectStore';
import type { EventRecipient, StoredEvent } from './governanceEvent';
import { channelKey } from './governanceLayout';
import type { DeliveryAttempt, FinalState } from './outbox';
import { mapInBatches } from './mapInBatches';
import { Outbox } from './outbox';

/** One delivery as the catalog shows it. */
export interface DeliveryView {
  eventId: string;
  recipient: EventRecipient;
  state: 'pending' | FinalState;
  attempts: (DeliveryAttempt & { result: 'success' | 'failure' | 'in_flight' | 'lost' })[];
  finishedAt?: string;
}

/** What to list. */
export interface EventFilter {
  /** `<domain>.<product>` */
  product?: string;
  type?: string;
  /** @default 20 */
  first?: number;
}

/** Events read from the store at a time: the first catalog query of a process reads the whole history once. */
const READ_BATCH = 32;

/**
 * Reads the monitor's outbox for the catalog: the enqueued events, newest first, and each one's deliveries with
 * every attempt and its result. Read-only; events and outcomes are immutable, so what was read once is cached.
 */
export class DeliveryLog {
  private readonly outbox: Outbox;

  /** @param leaseMs how long a claimed attempt without an outcome is in flight before it counts as lost. */
  constructor(store: ObjectStore, private readonly leaseMs: number, private readonly now: () => number = Date.now) {
    this.outbox = new Outbox(store);
  }

  /** The events matching `filter`, newest first, at most `first` (0 to 1000). */
  async events(filter: EventFilter = {}): Promise<StoredEvent[]> {
    const first = Math.max(0, Math.min(filter.first ?? 20, 1000));
    const events = await mapInBatches([...await this.outbox.eventIds()], READ_BATCH, (id) => this.outbox.event(id));
    return events
      .filter((e): e is StoredEvent => e !== undefined)
      .filter((e) => (filter.product === undefined || e.data.product === filter.product) && (filter.type === undefined || e.type === filter.type))
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.enqueuedAt.localeCompare(a.enqueuedAt) || b.sequence - a.sequence)
      .slice(0, first);
  }

  /** Every delivery of one event, in the order of its recipients (those added since it was enqueued last). */
  async deliveries(event: StoredEvent): Promise<DeliveryView[]> {
    const listed = await this.outbox.deliveries({ eventId: event.id });
    const now = this.now();
    const recipients = await this.outbox.recipients(event, listed);
    return Promise.all(recipients.map(async (recipient): Promise<DeliveryView> => {
      const state = await this.outbox.state(event.id, recipient.channel, listed.get(`${event.id}/${channelKey(recipient.channel)}`));
      return {
        eventId: event.id, recipient, state: state.final ?? 'pending', finishedAt: state.finalAt,
        attempts: state.attempts.map((a) => ({
          ...a,
          result: a.outcome ? (a.outcome.ok ? 'success' : 'failure')
            : Date.parse(a.claim?.claimedAt ?? '') + this.leaseMs > now ? 'in_flight' : 'lost',
        })),
      };
    }));
  }
}
