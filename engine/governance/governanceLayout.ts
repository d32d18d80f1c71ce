import { createHash } from 'node:crypto';

/**
 * Where the governance loop keeps its state in the store, beside the products (a domain name is snake_case and never
 * starts with `_`, so no product folder can collide, and garbage collection only touches snapshot folders).
 */
export const GOVERNANCE_PREFIX = '_governance/';

/** Written once, if absent, by the first monitor to start: history older than it is not announced. */
export const MONITOR_EPOCH_KEY = `${GOVERNANCE_PREFIX}monitor-epoch.json`;

/** Every enqueued event, one object per event id: its single if-absent PUT is the enqueue. */
export const EVENTS_PREFIX = `${GOVERNANCE_PREFIX}events/`;

/**
 * One marker per event with a delivery still open, written before the event itself and deleted once every delivery
 * of it is final: what a monitor's round lists, so its work follows what is open, not the whole history.
 */
export const OPEN_PREFIX = `${GOVERNANCE_PREFIX}open/`;

/** One object per dead-lettered delivery, `<eventId>.<channelKey>.json`: what the dead-letter gauge counts. */
export const DEAD_LETTERS_PREFIX = `${GOVERNANCE_PREFIX}dead-letters/`;

/** Every delivery's claims, outcomes and final state: `<eventId>/<channelKey>/…`. */
export const DELIVERIES_PREFIX = `${GOVERNANCE_PREFIX}deliveries/`;

/** Failure records of `tessera publish`: `<domain>/<product>/<failureId>.json`. */
export const PUBLISH_FAILURES_PREFIX = `${GOVERNANCE_PREFIX}publish-failures/`;

/** The key of one event. */
export function eventKey(eventId: string): string {
  return `${EVENTS_PREFIX}${eventId}.json`;
}

/** The open marker of one event. */
export function openKey(eventId: string): string {
  return `${OPEN_PREFIX}${eventId}.json`;
}

/** The dead letter of one delivery. */
export function deadLetterKey(eventId: string, channelId: string): string {
  return `${DEAD_LETTERS_PREFIX}${eventId}.${channelKey(channelId)}.json`;
}

/** A key-safe, stable name for a channel id (ids hold URLs): 16 bytes of its sha256, hex. */
export function channelKey(channelId: string): string {
  return createHash('sha256').update(channelId).digest('hex').slice(0, 32);
}

/** `<DELIVERIES_PREFIX><eventId>/<channelKey>/`: the folder of one event's delivery to one channel. */
export function deliveryPrefix(eventId: string, channelId: string): string {
  return `${DELIVERIES_PREFIX}${eventId}/${channelKey(channelId)}/`;
}

/** Attempt numbers are zero-padded so that keys sort in attempt order. */
function attempt(n: number): string {
  return `attempt-${String(n).padStart(4, '0')}`;
}

/** The claim of attempt `n` (1-based): whoever PUTs it first, if absent, makes the attempt. */
export function claimKey(prefix: string, n: number): string {
  return `${prefix}${attempt(n)}.claim.json`;
}

/** The recorded outcome of attempt `n`; its name says whether it was acknowledged. */
export function outcomeKey(prefix: string, n: number, ok: boolean): string {
  return `${prefix}${attempt(n)}.${ok ? 'ok' : 'failed'}.json`;
}

/** A recipient added to an event after it was enqueued (a recent reader since), in its delivery's folder. */
export function recipientKey(prefix: string): string {
  return `${prefix}recipient.json`;
}

/** The final state of a delivery, written once. */
export function finalKey(prefix: string, state: 'delivered' | 'dead' | 'cancelled'): string {
  return `${prefix}final.${state}.json`;
}

/** The key of one publish failure record. */
export function publishFailureKey(domain: string, product: string, failureId: string): string {
  return `${PUBLISH_FAILURES_PREFIX}${domain}/${product}/${failureId}.json`;
}
