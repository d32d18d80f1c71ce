import type { CallerIdentity } from '../../engine/auth/callerIdentity';
import { ANONYMOUS } from '../../engine/auth/callerIdentity';
import type { SnapshotPins } from '../../engine/snapshot/snapshotPins';
import { pinnedInstant } from '../../engine/snapshot/snapshotPins';

/**
 * How long before now an instant must lie for what it pins to be final: a publish records its time before its
 * commit lands, so a snapshot may still appear at an instant of the last minutes.
 */
export const SETTLED_AFTER_MS = 15 * 60_000;

/** A year, the longest `max-age` caches are asked to honour. */
const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The `Cache-Control` of a cacheable answer: `private` when a key was used (another caller may not be granted the
 * same), else `public`; `max-age` of a year and `immutable` when the request travelled to a settled instant (its
 * snapshots can never change), else `no-cache` (revalidate with the ETag: a new snapshot makes a new answer).
 */
export function answerCacheControl(identity: CallerIdentity, pins: SnapshotPins, now = Date.now()): string {
  const scope = identity.subject === ANONYMOUS.subject ? 'public' : 'private';
  const instant = pinnedInstant(pins);
  const settled = instant !== undefined && Date.parse(instant) <= now - SETTLED_AFTER_MS;
  return settled ? `${scope}, max-age=${YEAR_SECONDS}, immutable` : `${scope}, no-cache`;
}
