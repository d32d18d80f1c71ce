import { createHash } from 'node:crypto';
import type { EventType } from './eventTypes';

/** Where an event is delivered: one channel of one recipient, as recorded in the outbox at enqueue time. */
export interface EventRecipient {
  /** The channel's stable id (see `WebhookChannel.id`). */
  channel: string;
  /** Who it belongs to: an owner handle, or what another source names its recipients by. */
  recipient: string;
  url: string;
}

/** What an event is about: always a product version and its owner, and what else its type knows. */
export interface EventData {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  owner: string;
  /** The contract's subscribers (owner handles). */
  subscribers: string[];
  runbook: string | null;
  /** The snapshot the event concerns, where there is one. */
  snapshot?: string;
  publishedAt?: string;
  /** freshness.*: the SLO and how old the latest snapshot was when judged. */
  freshness?: { status: 'fresh' | 'warn' | 'error'; warnAfter: string; errorAfter: string; ageSeconds: number };
  /** quality.warned: the failed warn-severity tests (messages never quote values of pii columns). */
  tests?: { name: string; kind: string; column: string | null; failures: number; message: string | null }[];
  /** publish.failed: what failed, without data values of pii columns. */
  failure?: { id: string; code: string; message: string; publisher: string; inputs: string[] };
  /** version.*: the version's life cycle as the contract states it. */
  status?: 'current' | 'deprecated' | 'retired';
  sunset?: string | null;
  deprecationReason?: string | null;
  /** version.sunset_approaching: the notice (30 or 7 days) and the whole days left when it was raised. */
  daysBefore?: number;
  daysLeft?: number;
}

/**
 * One governance event as the Standard Webhooks body carries it (`{ type, timestamp, data }`) plus its id, the
 * `webhook-id` of every delivery. The id is a function of what happened (the natural key), so the same event
 * detected again, by this monitor or another replica, has the same id and is enqueued once.
 */
export interface GovernanceEvent {
  id: string;
  type: EventType;
  /** ISO 8601 UTC: when it happened (a publish, an SLO lapse), or when it was first seen for life-cycle events. */
  timestamp: string;
  data: EventData;
}

/** An event as the outbox stores it: the event, who it goes to, and when it was enqueued. */
export interface StoredEvent extends GovernanceEvent {
  recipients: EventRecipient[];
  enqueuedAt: string;
  /** Its place among the events detected in the same evaluation: orders events of the same timestamp. */
  sequence: number;
}

/** Delivery order: by timestamp, then by when and in which order they were detected (a publish before a recovery). */
export function compareStoredEvents(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp.localeCompare(b.timestamp) || a.enqueuedAt.localeCompare(b.enqueuedAt) || a.sequence - b.sequence;
}

/**
 * The event id of a natural key (`snapshot.published/sales.orders/v2/<snapshot>`): `evt_` and 32 hex digits of its
 * sha256, safe in a store key and a header.
 */
export function eventId(naturalKey: string): string {
  return `evt_${createHash('sha256').update(naturalKey).digest('hex').slice(0, 32)}`;
}

/** The Standard Webhooks body of an event: exactly `{ type, timestamp, data }`, serialised once. */
export function webhookBody(event: GovernanceEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}
