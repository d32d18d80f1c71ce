/**
 * Every event type the monitor sends, by family. Owner events concern the team publishing a product (something it
 * must fix); product events concern everyone using it too.
 */
export const EVENT_TYPES = [
  'freshness.warn',
  'freshness.error',
  'freshness.recovered',
  'quality.warned',
  'publish.failed',
  'snapshot.published',
  'version.added',
  'version.deprecated',
  'version.sunset_approaching',
  'version.retired',
] as const;

/** One event type, e.g. `freshness.warn`. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Events only the owner hears of: failures of its own publishing that no consumer can act on. */
export const OWNER_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['quality.warned', 'publish.failed']);

/** Life-cycle events that readers of a version hear of even without subscribing. */
export const READER_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['version.deprecated', 'version.sunset_approaching', 'version.retired']);

/**
 * True when `type` is selected by `pattern`: the exact type, its family (`freshness.*`) or everything (`*`).
 */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}

/** True when `pattern` selects at least one known event type (a typo selects none and is reported). */
export function isKnownEventPattern(pattern: string): boolean {
  return EVENT_TYPES.some((t) => eventTypeMatches(pattern, t));
}
