import { randomBytes } from 'node:crypto';
import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { freshnessOf } from '../snapshot/freshness';
import type { SnapshotReader } from '../snapshot/snapshotReader';
import type { ObjectStore } from '../storage/objectStore';
import { ObjectExistsError } from '../storage/objectStore';
import type { VersionHistory } from './detectEvents';
import { detectEvents } from './detectEvents';
import { READER_EVENT_TYPES } from './eventTypes';
import type { GovernanceEvent, StoredEvent } from './governanceEvent';
import { compareStoredEvents } from './governanceEvent';
import { MONITOR_EPOCH_KEY, channelKey } from './governanceLayout';
import { mapInBatches } from './mapInBatches';
import type { MonitorMetrics } from './monitorMetrics';
import type { DeliveryState, ListedDelivery } from './outbox';
import { Outbox } from './outbox';
import type { PublishFailure } from './publishFailure';
import { listPublishFailures } from './publishFailure';
import type { RecipientSource } from './routing';
import { findChannel, routeEvent } from './routing';
import { sendWebhook } from './sendWebhook';
import { groupBy } from '../groupBy';

/** How deliveries are retried. */
export interface DeliveryPolicy {
  maxAttempts: number;
  /** Wait before the first retry; doubled for each further one. */
  backoffMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  /** How long a claimed attempt without an outcome belongs to its claimer. */
  leaseMs: number;
}

/** What a monitor works with. */
export interface MonitorOptions {
  store: ObjectStore;
  reader: SnapshotReader;
  contracts: readonly ProductContract[];
  /** Where events go: the owners file first, then any other source. */
  sources: readonly RecipientSource[];
  policy: DeliveryPolicy;
  metrics?: MonitorMetrics;
  /** Named in attempt claims. @default a random id */
  replicaId?: string;
  /** Called with what went wrong in one delivery or evaluation, without stopping the others. */
  onError?: (what: string, err: unknown) => void;
  /** @default Date.now */
  now?: () => number;
  /**
   * How often the life-cycle events still true (a version deprecated, its sunset notice, its retirement) are routed
   * again, so recipients that appeared since (a new reader of the version) are told too. @default 300000
   */
  rerouteMs?: number;
}

/** Open events looked at a time (each is a read and a listing). */
const OPEN_BATCH = 32;

/**
 * The wait before the retry that follows `failed` failed attempts, counted from the start of the last one:
 * backoff × 2^(failed − 1), capped.
 */
export function retryDelay(policy: DeliveryPolicy, failed: number): number {
  return Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** Math.max(0, failed - 1));
}

/** What a delivery state means now: finished, to attempt now, or to look at again at `at`. */
export type DeliveryStep =
  | { kind: 'finish'; state: 'delivered' | 'dead' }
  | { kind: 'attempt'; number: number }
  | { kind: 'wait'; until: number };

/**
 * The next step of a delivery. An attempt claimed but without an outcome is in flight until its lease ends, and
 * then counts as failed (the monitor making it stopped); its receiver may have had it, so the retry sends the same id.
 */
export function nextStep(state: DeliveryState, policy: DeliveryPolicy, now: number): DeliveryStep {
  if (state.attempts.some((a) => a.outcome?.ok)) return { kind: 'finish', state: 'delivered' };
  let failed = 0;
  let lastFailure = 0;
  for (const a of state.attempts) {
    if (a.outcome) {
      failed++;
      lastFailure = Math.max(lastFailure, Date.parse(a.outcome.at));
    } else {
      const leaseEnd = Date.parse(a.claim?.claimedAt ?? '') + policy.leaseMs;
      if (!(leaseEnd <= now)) return { kind: 'wait', until: Number.isFinite(leaseEnd) ? leaseEnd : now + policy.leaseMs };
      failed++;
      lastFailure = Math.max(lastFailure, leaseEnd);
    }
  }
  if (failed >= policy.maxAttempts) return { kind: 'finish', state: 'dead' };
  const last = state.attempts[state.attempts.length - 1]?.number ?? 0;
  const due = failed === 0 ? now : lastFailure + retryDelay(policy, failed);
  return due <= now ? { kind: 'attempt', number: last + 1 } : { kind: 'wait', until: due };
}

/**
 * The governance monitor: evaluates the hub (contracts, snapshots, publish failures) into events, enqueues them in
 * the store's outbox with their recipients, and delivers them as Standard Webhooks with retries. It keeps nothing
 * of its own between runs: every decision is read from the store, and every write that could race with another
 * replica is an if-absent PUT, so replicas never enqueue or attempt the same thing twice.
 */
export class Monitor {
  private readonly outbox: Outbox;
  private readonly replicaId: string;
  private readonly now: () => number;
  private readonly failureCache = new Map<string, PublishFailure | undefined>();
  private epoch: number | undefined;
  private known: Set<string> | undefined;
  private nextReroute = 0;

  constructor(private readonly options: MonitorOptions) {
    this.outbox = new Outbox(options.store);
    this.replicaId = options.replicaId ?? `monitor-${randomBytes(4).toString('hex')}`;
    this.now = options.now ?? Date.now;
  }

  /** The time from which publishes are news: written by the first monitor ever started on this store. */
  async since(): Promise<number> {
    if (this.epoch !== undefined) return this.epoch;
    const startedAt = new Date(this.now()).toISOString();
    try {
      await this.options.store.put(MONITOR_EPOCH_KEY, JSON.stringify({ startedAt }), { ifAbsent: true });
      this.epoch = Date.parse(startedAt);
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      const stored = JSON.parse(String(await this.options.store.get(MONITOR_EPOCH_KEY))) as { startedAt?: string };
      this.epoch = Date.parse(stored.startedAt ?? startedAt);
    }
    return this.epoch;
  }

  /**
   * Ids of the events enqueued: listed from the store once, then kept up to date by this monitor's own enqueues (an
   * event another replica enqueued first is learnt when its if-absent PUT here fails), so a round does not list the
   * whole history.
   */
  private async knownIds(): Promise<Set<string>> {
    this.known ??= await this.outbox.eventIds();
    return this.known;
  }

  /** Every version of every contract with its snapshots, oldest first. */
  private async histories(): Promise<VersionHistory[]> {
    return Promise.all(this.options.contracts.flatMap((contract) => contract.versions.map(async (version) => ({
      contract, version,
      snapshots: await this.options.reader.listSnapshots({ domain: contract.domain, product: contract.product, version: version.version }),
    }))));
  }

  /** Detects the events of the hub's current state and enqueues those not enqueued yet; returns those it enqueued. */
  async evaluate(): Promise<StoredEvent[]> {
    const [histories, failures, known, since] = await Promise.all([
      this.histories(), listPublishFailures(this.options.store, this.failureCache), this.knownIds(), this.since(),
    ]);
    const now = this.now();
    this.options.metrics?.observe(histories.map((h) => {
      const latest = h.snapshots[h.snapshots.length - 1];
      return { product: qualifiedName(h.contract), version: h.version.version, publishedAt: latest ? Date.parse(latest.publishedAt) : undefined, freshness: freshnessOf(h.contract, latest?.publishedAt, now) };
    }));
    const enqueued: StoredEvent[] = [];
    const standing: GovernanceEvent[] = [];
    for (const [sequence, event] of detectEvents({ histories, failures, known, now, since }).entries()) {
      if (known.has(event.id)) {
        if (READER_EVENT_TYPES.has(event.type)) standing.push(event);
        continue;
      }
      const channels = await routeEvent(event, this.options.sources);
      const stored: StoredEvent = {
        ...event, enqueuedAt: new Date(now).toISOString(), sequence,
        recipients: channels.map((c) => ({ channel: c.id, recipient: c.recipient, url: c.url })),
      };
      known.add(event.id);
      if (await this.outbox.enqueue(stored, new Date(now))) {
        enqueued.push(stored);
        this.options.metrics?.events.inc({ type: event.type });
      }
    }
    // The interval starts with this monitor: a restarted one routes what still stands again at its first round.
    if (now >= this.nextReroute) {
      this.nextReroute = now + (this.options.rerouteMs ?? 300_000);
      for (const event of standing) await this.reroute(event.id, now);
    }
    return enqueued;
  }

  /** Adds to an enqueued event the channels routing gives it now and did not when it was enqueued. */
  private async reroute(id: string, now: number): Promise<void> {
    const event = await this.outbox.event(id);
    if (!event) return;
    const have = new Set((await this.outbox.recipients(event, await this.outbox.deliveries({ eventId: id }))).map((r) => r.channel));
    for (const c of await routeEvent(event, this.options.sources)) {
      if (!have.has(c.id)) await this.outbox.addRecipient(id, { channel: c.id, recipient: c.recipient, url: c.url }, new Date(now));
    }
  }

  /**
   * Makes every delivery attempt that is due, one channel's deliveries in event order, channels side by side. Only
   * events with an open marker are looked at; an event whose deliveries are all final is closed (its marker deleted).
   * @returns when the next attempt is due (ms since the epoch), or undefined when nothing is waiting.
   */
  async deliver(): Promise<number | undefined> {
    const open: { event: StoredEvent; channel: string; listed: ListedDelivery | undefined }[] = [];
    await mapInBatches(await this.outbox.openEventIds(), OPEN_BATCH, async (id) => {
      const event = await this.outbox.event(id);
      if (!event) {
        // A marker whose event was never written: its monitor stopped in between; the event is detected again.
        const openedAt = await this.outbox.openedAt(id);
        if (openedAt === undefined || openedAt + this.options.policy.leaseMs <= this.now()) await this.outbox.close(id);
        return;
      }
      const listed = await this.outbox.deliveries({ eventId: id });
      const unfinished = (await this.outbox.recipients(event, listed))
        .map((r) => ({ event, channel: r.channel, listed: listed.get(`${id}/${channelKey(r.channel)}`) }))
        .filter((o) => !o.listed?.final);
      if (!unfinished.length) {
        await this.outbox.close(id);
        return;
      }
      open.push(...unfinished);
    });
    this.options.metrics?.observeOutbox(open.length, await this.outbox.deadLetterCount());
    const byChannel = groupBy(open.sort((a, b) => compareStoredEvents(a.event, b.event)), (o) => o.channel);
    let next: number | undefined;
    await Promise.all([...byChannel.values()].map(async (list) => {
      for (const { event, channel, listed } of list) {
        try {
          const at = await this.advance(event, channel, listed);
          if (at !== undefined) next = next === undefined ? at : Math.min(next, at);
        } catch (err) {
          this.options.onError?.(`delivering ${event.type} ${event.id} to ${channel}`, err);
        }
      }
    }));
    return next;
  }

  /** One delivery's due step; returns when to look at it again, or undefined when it is finished. */
  private async advance(event: StoredEvent, channel: string, listed: ListedDelivery | undefined): Promise<number | undefined> {
    const { policy, metrics } = this.options;
    const step = nextStep(await this.outbox.state(event.id, channel, listed), policy, this.now());
    if (step.kind === 'wait') return step.until;
    if (step.kind === 'finish') {
      await this.outbox.finish(event.id, channel, step.state, new Date(this.now()));
      metrics?.deliveries.inc({ state: step.state });
      return undefined;
    }
    const target = await findChannel(channel, this.options.sources);
    if (!target) {
      // Removed from the owners file, or unsubscribed, since the event was enqueued.
      await this.outbox.finish(event.id, channel, 'cancelled', new Date(this.now()));
      metrics?.deliveries.inc({ state: 'cancelled' });
      return undefined;
    }
    if (!await this.outbox.claim(event.id, channel, step.number, this.replicaId, new Date(this.now()))) return this.now() + policy.leaseMs;
    const outcome = await sendWebhook(event, target.url, target.secret, policy.timeoutMs, new Date(this.now()));
    await this.outbox.recordOutcome(event.id, channel, step.number, outcome);
    metrics?.attempts.inc({ outcome: outcome.ok ? 'success' : 'failure' });
    if (outcome.ok || step.number >= policy.maxAttempts) {
      const state = outcome.ok ? 'delivered' : 'dead';
      await this.outbox.finish(event.id, channel, state, new Date(this.now()));
      metrics?.deliveries.inc({ state });
      return undefined;
    }
    return Date.parse(outcome.at) + retryDelay(policy, step.number);
  }
}
