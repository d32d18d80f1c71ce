import type { ObjectStore } from '../storage/objectStore';
import { ObjectExistsError, ObjectNotFoundError } from '../storage/objectStore';
import type { EventRecipient, StoredEvent } from './governanceEvent';
import {
  DEAD_LETTERS_PREFIX, DELIVERIES_PREFIX, EVENTS_PREFIX, OPEN_PREFIX, claimKey, deadLetterKey, deliveryPrefix, eventKey, finalKey,
  openKey, outcomeKey, recipientKey,
} from './governanceLayout';

/** A claim of one attempt: who makes it and when it started. */
export interface AttemptClaim { by: string; claimedAt: string }

/** The recorded outcome of one attempt. */
export interface AttemptOutcome {
  ok: boolean;
  at: string;
  /** HTTP status of the receiver's answer, when it answered. */
  status?: number;
  /** Why it failed, in a few words (never the receiver's body). */
  error?: string;
  durationMs?: number;
}

/** One attempt of a delivery as the store shows it. */
export interface DeliveryAttempt {
  number: number;
  claim?: AttemptClaim;
  /** Absent while in flight, or when the monitor making it stopped before recording it. */
  outcome?: AttemptOutcome;
}

/** Final states: acknowledged, given up after the last retry, or its channel gone. */
export type FinalState = 'delivered' | 'dead' | 'cancelled';

/** What the store holds for one event's delivery to one channel. */
export interface DeliveryState {
  eventId: string;
  channel: string;
  attempts: DeliveryAttempt[];
  final?: FinalState;
  finalAt?: string;
}

/** The keys of one delivery, as listed, before anything is read. */
export interface ListedDelivery {
  eventId: string;
  channelKey: string;
  claims: Set<number>;
  outcomes: Map<number, string>;
  final?: { state: FinalState; key: string };
  /** The key of its `recipient.json`, for a recipient added after the event was enqueued. */
  addedRecipient?: string;
}

const ATTEMPT = /^attempt-(\d+)\.(claim|ok|failed)\.json$/;
const FINAL = /^final\.(delivered|dead|cancelled)\.json$/;

/**
 * The monitor's durable outbox in the store. Only the store's if-absent PUT is relied on, so any number of monitors
 * share it without sending twice:
 * - enqueue: the event's open marker `open/<id>.json`, then one PUT of `events/<id>.json` (the event, its
 *   recipients): a second detection of the same event finds it there; the marker, written first, means a monitor
 *   stopped in between leaves nothing unsent, and it is deleted once every delivery of the event is final;
 * - attempt `n` of a delivery: whoever PUTs `attempt-n.claim.json` first makes it, then records
 *   `attempt-n.ok.json` or `attempt-n.failed.json`;
 * - the end: `final.delivered|dead|cancelled.json`, after which nothing is sent again; a dead one also leaves a
 *   dead letter in `dead-letters/`.
 * Objects are immutable once written and cached once read.
 */
export class Outbox {
  private readonly events = new Map<string, StoredEvent>();
  private readonly bodies = new Map<string, unknown>();

  constructor(private readonly store: ObjectStore) {}

  /** Ids of every enqueued event. */
  async eventIds(): Promise<Set<string>> {
    const objects = await this.store.list(EVENTS_PREFIX);
    return new Set(objects.map((o) => o.key.slice(EVENTS_PREFIX.length)).filter((k) => k.endsWith('.json')).map((k) => k.slice(0, -'.json'.length)));
  }

  /** Ids of the events with a delivery still open (their open markers). */
  async openEventIds(): Promise<string[]> {
    const objects = await this.store.list(OPEN_PREFIX);
    return objects.map((o) => o.key.slice(OPEN_PREFIX.length)).filter((k) => k.endsWith('.json')).map((k) => k.slice(0, -'.json'.length));
  }

  /** When an event's open marker was written, or undefined when it has none (or an unreadable one). */
  async openedAt(id: string): Promise<number | undefined> {
    try {
      const body = JSON.parse(String(await this.store.get(openKey(id)))) as { openedAt?: string };
      return body.openedAt ? Date.parse(body.openedAt) : undefined;
    } catch (err) {
      if (err instanceof ObjectNotFoundError || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  /** Writes an event's open marker: the next rounds look at its deliveries until every one is final. */
  private async reopen(id: string, now: Date): Promise<void> {
    await this.store.put(openKey(id), JSON.stringify({ openedAt: now.toISOString() }));
  }

  /** Deletes an event's open marker (every delivery of it is final) and forgets the event. */
  async close(id: string): Promise<void> {
    await this.store.delete([openKey(id)]);
    this.events.delete(id);
  }

  /** How many deliveries are dead-lettered. */
  async deadLetterCount(): Promise<number> {
    return (await this.store.list(DEAD_LETTERS_PREFIX)).length;
  }

  /**
   * Enqueues an event with its recipients; false when it was already there (enqueued before, or by another monitor).
   * The open marker goes first (a second enqueue of a closed event reopens it until the next round finds it final).
   */
  async enqueue(event: StoredEvent, now = new Date()): Promise<boolean> {
    await this.reopen(event.id, now);
    try {
      await this.store.put(eventKey(event.id), JSON.stringify(event), { ifAbsent: true });
      this.events.set(event.id, event);
      return true;
    } catch (err) {
      if (err instanceof ObjectExistsError) return false;
      throw err;
    }
  }

  /** One enqueued event, or undefined when there is none with this id. */
  async event(id: string): Promise<StoredEvent | undefined> {
    const cached = this.events.get(id);
    if (cached) return cached;
    try {
      const event = JSON.parse(String(await this.store.get(eventKey(id)))) as StoredEvent;
      this.events.set(id, event);
      return event;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return undefined;
      throw err;
    }
  }

  /** The deliveries of one event with at least one object in the store, by `<eventId>/<channelKey>`, from one listing. */
  async deliveries(options: { eventId: string }): Promise<Map<string, ListedDelivery>> {
    const prefix = `${DELIVERIES_PREFIX}${options.eventId}/`;
    const listed = new Map<string, ListedDelivery>();
    for (const o of await this.store.list(prefix)) {
      const [eventId, chan, name] = o.key.slice(DELIVERIES_PREFIX.length).split('/');
      if (!eventId || !chan || !name) continue;
      const id = `${eventId}/${chan}`;
      const d = listed.get(id) ?? { eventId, channelKey: chan, claims: new Set<number>(), outcomes: new Map<number, string>() };
      listed.set(id, d);
      const attempt = ATTEMPT.exec(name);
      const final = FINAL.exec(name);
      if (attempt) {
        if (attempt[2] === 'claim') d.claims.add(Number(attempt[1]));
        else d.outcomes.set(Number(attempt[1]), o.key);
      } else if (final) {
        d.final = { state: final[1] as FinalState, key: o.key };
      } else if (name === 'recipient.json') {
        d.addedRecipient = o.key;
      }
    }
    return listed;
  }

  /**
   * Adds a recipient to an enqueued event (one that became a recipient since: a recent reader of its version),
   * reopening the event first; false when it was added before.
   */
  async addRecipient(eventId: string, recipient: EventRecipient, now = new Date()): Promise<boolean> {
    await this.reopen(eventId, now);
    try {
      await this.store.put(recipientKey(deliveryPrefix(eventId, recipient.channel)), JSON.stringify(recipient), { ifAbsent: true });
      return true;
    } catch (err) {
      if (err instanceof ObjectExistsError) return false;
      throw err;
    }
  }

  /**
   * Every recipient of an event: those it was enqueued with, then those added since (in the order of their channel
   * keys), each channel once. `listed` is the event's delivery listing ({@link deliveries} with its `eventId`).
   */
  async recipients(event: StoredEvent, listed: ReadonlyMap<string, ListedDelivery>): Promise<EventRecipient[]> {
    const all = [...event.recipients];
    const seen = new Set(all.map((r) => r.channel));
    for (const d of listed.values()) {
      if (d.eventId !== event.id || !d.addedRecipient) continue;
      const added = await this.read<EventRecipient>(d.addedRecipient);
      if (added && !seen.has(added.channel)) {
        seen.add(added.channel);
        all.push(added);
      }
    }
    return all;
  }

  /**
   * The full state of one delivery (claims, outcomes, final), reading what the caller's listing of the event named
   * (`found`; undefined for a delivery with no object yet).
   */
  async state(eventId: string, channel: string, found: ListedDelivery | undefined): Promise<DeliveryState> {
    const prefix = deliveryPrefix(eventId, channel);
    const numbers = [...new Set([...(found?.claims ?? []), ...(found?.outcomes.keys() ?? [])])].sort((a, b) => a - b);
    const attempts = await Promise.all(numbers.map(async (n): Promise<DeliveryAttempt> => {
      const outcome = found?.outcomes.get(n);
      return {
        number: n,
        claim: found?.claims.has(n) ? await this.read<AttemptClaim>(claimKey(prefix, n)) : undefined,
        outcome: outcome ? await this.read<AttemptOutcome>(outcome) : undefined,
      };
    }));
    const final = found?.final ? await this.read<{ at: string }>(found.final.key) : undefined;
    return { eventId, channel, attempts, final: found?.final?.state, finalAt: final?.at };
  }

  /** Claims attempt `n` of a delivery; false when another monitor (or an earlier run) claimed it first. */
  async claim(eventId: string, channel: string, n: number, by: string, now = new Date()): Promise<boolean> {
    try {
      await this.store.put(claimKey(deliveryPrefix(eventId, channel), n), JSON.stringify({ by, claimedAt: now.toISOString() } satisfies AttemptClaim), { ifAbsent: true });
      return true;
    } catch (err) {
      if (err instanceof ObjectExistsError) return false;
      throw err;
    }
  }

  /** Records the outcome of attempt `n` (by whoever claimed it). */
  async recordOutcome(eventId: string, channel: string, n: number, outcome: AttemptOutcome): Promise<void> {
    await this.putOnce(outcomeKey(deliveryPrefix(eventId, channel), n, outcome.ok), outcome);
  }

  /** Records a delivery's final state; a dead one is also left as a dead letter. */
  async finish(eventId: string, channel: string, state: FinalState, now = new Date()): Promise<void> {
    if (state === 'dead') await this.putOnce(deadLetterKey(eventId, channel), { eventId, channel, at: now.toISOString() });
    await this.putOnce(finalKey(deliveryPrefix(eventId, channel), state), { at: now.toISOString() });
  }

  private async putOnce(key: string, body: unknown): Promise<void> {
    try {
      await this.store.put(key, JSON.stringify(body), { ifAbsent: true });
    } catch (err) {
      // Written already (a retry of this very write): the first one stands.
      if (!(err instanceof ObjectExistsError)) throw err;
    }
  }

  private async read<T>(key: string): Promise<T | undefined> {
    if (this.bodies.has(key)) return this.bodies.get(key) as T;
    try {
      const body = JSON.parse(String(await this.store.get(key))) as T;
      this.bodies.set(key, body);
      return body;
    } catch (err) {
      if (err instanceof ObjectNotFoundError || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }
}
