import { EVENT_TYPES, OWNER_EVENT_TYPES, eventTypeMatches } from '../governance/eventTypes';

/** Most event type patterns one subscription may name. */
const MAX_EVENT_PATTERNS = 20;

/** The event types a key holder may subscribe to: product events (owner-only events go to the owner alone). */
const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = EVENT_TYPES.filter((t) => !OWNER_EVENT_TYPES.has(t));

/**
 * Why a subscription's event type patterns cannot be used, or undefined: 1 to {@link MAX_EVENT_PATTERNS} patterns,
 * each selecting at least one of {@link SUBSCRIBABLE_EVENT_TYPES} (an exact type, a family `version.*`, or `*`).
 */
export function eventPatternsProblem(patterns: readonly string[]): string | undefined {
  if (patterns.length === 0 || patterns.length > MAX_EVENT_PATTERNS) return `expected 1 to ${MAX_EVENT_PATTERNS} event types, got ${patterns.length}`;
  const bad = patterns.find((p) => !SUBSCRIBABLE_EVENT_TYPES.some((t) => eventTypeMatches(p, t)));
  return bad === undefined ? undefined
    : `expected event types among ${SUBSCRIBABLE_EVENT_TYPES.join(', ')} (or a family such as version.*, or *), got ${JSON.stringify(bad.slice(0, 100))}`;
}

/** Whether a subscription with these patterns wants events of `type`. */
export function wantsEvent(patterns: readonly string[], type: string): boolean {
  return !OWNER_EVENT_TYPES.has(type as never) && patterns.some((p) => eventTypeMatches(p, type));
}
