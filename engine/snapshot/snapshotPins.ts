/**
 * The snapshot each product version of one request reads, chosen once at the gateway and carried (signed) to every
 * subgraph fetch of the request: snapshot id by {@link pinKey}. Today the gateway pins the latest committed snapshot;
 * another choice (every product as of one instant) only changes how the map is filled, not how it travels or is read.
 */
export type SnapshotPins = Readonly<Record<string, string>>;

/** The key of a product version in {@link SnapshotPins}: `<domain>.<product>@<version>`. */
export function pinKey(qualified: string, version: number): string {
  return `${qualified}@${version}`;
}

/** The pins of one domain's products (what its subgraph may read), or undefined when there are none. */
export function pinsOfDomain(pins: SnapshotPins | undefined, domain: string): SnapshotPins | undefined {
  if (!pins) return undefined;
  const prefix = `${domain}.`;
  const own = Object.entries(pins).filter(([key]) => key.startsWith(prefix));
  return own.length ? Object.fromEntries(own) : undefined;
}

/** The pin of one product version, if the request has one. */
export function pinOf(pins: SnapshotPins, qualified: string, version: number): string | undefined {
  const key = pinKey(qualified, version);
  return Object.hasOwn(pins, key) ? pins[key] : undefined;
}

/**
 * The key of {@link SnapshotPins} that carries a request's instant when it travels in time (an `asOf`, or the
 * `publishedAt` of the snapshot a `snapshot` argument names): its other pins are then each product version's
 * snapshot at that instant, and a product version without a pin is read as of it (never its latest).
 */
export const AS_OF_PIN = '@asOf';

/** The instant a request's pins were chosen at (ISO 8601 UTC), when it travels in time. */
export function pinnedInstant(pins: SnapshotPins): string | undefined {
  return Object.hasOwn(pins, AS_OF_PIN) ? pins[AS_OF_PIN] : undefined;
}
