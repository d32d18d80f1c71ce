import type { ProductContract, VersionContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { freshnessOf } from '../snapshot/freshness';
import type { Manifest } from '../snapshot/manifest';
import type { EventData, GovernanceEvent } from './governanceEvent';
import { eventId } from './governanceEvent';
import type { EventType } from './eventTypes';
import type { PublishFailure } from './publishFailure';

/** One product version and its committed snapshots, oldest first. */
export interface VersionHistory {
  contract: ProductContract;
  version: VersionContract;
  snapshots: readonly Manifest[];
}

/** What the monitor knows when it evaluates. */
export interface DetectionInput {
  histories: readonly VersionHistory[];
  failures: readonly PublishFailure[];
  /** Ids of the events already enqueued (a recovery follows only a lapse that was announced). */
  known: ReadonlySet<string>;
  now: number;
  /** The monitor's epoch: publishes and failures before it are history, not news. */
  since: number;
}

/** The notices before a sunset, in days, longest first. */
export const SUNSET_NOTICES = [30, 7] as const;

const DAY_MS = 86_400_000;

function base(contract: ProductContract, version: number): EventData {
  return { product: qualifiedName(contract), version, owner: contract.owner, subscribers: [...contract.subscribers], runbook: contract.runbook ?? null };
}

function event(type: EventType, key: string, timestamp: number, data: EventData): GovernanceEvent {
  return { id: eventId(`${type}/${key}`), type, timestamp: new Date(timestamp).toISOString(), data };
}

function freshnessData(h: VersionHistory, m: Manifest, status: 'fresh' | 'warn' | 'error', at: number): EventData {
  const { warnAfter, errorAfter } = h.contract.freshness;
  return {
    ...base(h.contract, h.version.version), snapshot: m.snapshotId, publishedAt: m.publishedAt,
    freshness: { status, warnAfter, errorAfter, ageSeconds: Math.max(0, Math.floor((at - Date.parse(m.publishedAt)) / 1000)) },
  };
}

/** Warn-severity tests that failed, their messages kept only for columns that are not pii. */
function warnedTests(h: VersionHistory, m: Manifest): NonNullable<EventData['tests']> {
  const pii = new Set(h.version.columns.filter((c) => c.pii).map((c) => c.name));
  return m.tests.filter((t) => t.status === 'fail' && t.severity === 'warn').map((t) => ({
    name: t.name, kind: t.kind, column: t.column ?? null, failures: t.failures,
    message: t.column && pii.has(t.column) ? null : t.message ?? null,
  }));
}

/** The events of one version's snapshots: published, quality warnings, the version's first snapshot, recoveries. */
function snapshotEvents(h: VersionHistory, input: DetectionInput, key: string): GovernanceEvent[] {
  const events: GovernanceEvent[] = [];
  const first = h.snapshots[0];
  if (first && Date.parse(first.publishedAt) >= input.since) {
    events.push(event('version.added', key, Date.parse(first.publishedAt), { ...base(h.contract, h.version.version), snapshot: first.snapshotId, publishedAt: first.publishedAt, status: h.version.status }));
  }
  h.snapshots.forEach((m, i) => {
    const at = Date.parse(m.publishedAt);
    if (at < input.since) return;
    const data = { ...base(h.contract, h.version.version), snapshot: m.snapshotId, publishedAt: m.publishedAt };
    events.push(event('snapshot.published', `${key}/${m.snapshotId}`, at, data));
    const tests = warnedTests(h, m);
    if (tests.length) events.push(event('quality.warned', `${key}/${m.snapshotId}`, at, { ...data, tests }));
    const previous = h.snapshots[i - 1];
    // A recovery answers an announced lapse of the snapshot this one replaced.
    if (previous && input.known.has(eventId(`freshness.warn/${key}/${previous.snapshotId}`))) {
      events.push(event('freshness.recovered', `${key}/${m.snapshotId}`, at, freshnessData(h, m, freshnessOf(h.contract, m.publishedAt, input.now), input.now)));
    }
  });
  return events;
}

/** A lapse of the latest snapshot: a warning past warnAfter, and an error past errorAfter (after its warning). */
function freshnessEvents(h: VersionHistory, input: DetectionInput, key: string): GovernanceEvent[] {
  const latest = h.snapshots[h.snapshots.length - 1];
  if (!latest || h.version.status === 'retired') return [];
  const status = freshnessOf(h.contract, latest.publishedAt, input.now);
  if (status === 'fresh') return [];
  const published = Date.parse(latest.publishedAt);
  const events = [event('freshness.warn', `${key}/${latest.snapshotId}`, published + h.contract.freshness.warnAfterMs, freshnessData(h, latest, 'warn', input.now))];
  if (status === 'error') events.push(event('freshness.error', `${key}/${latest.snapshotId}`, published + h.contract.freshness.errorAfterMs, freshnessData(h, latest, 'error', input.now)));
  return events;
}

/** Deprecation, the notices before its sunset, and retirement, as the contract states them. */
function lifecycleEvents(h: VersionHistory, input: DetectionInput, key: string): GovernanceEvent[] {
  const v = h.version;
  const data: EventData = { ...base(h.contract, v.version), status: v.status, sunset: v.sunset ?? null, deprecationReason: v.deprecationReason ?? null };
  if (v.status === 'retired') return [event('version.retired', key, input.now, data)];
  if (v.status !== 'deprecated') return [];
  const events = [event('version.deprecated', key, input.now, data)];
  if (v.sunset) {
    const daysLeft = Math.ceil((Date.parse(`${v.sunset}T00:00:00Z`) - input.now) / DAY_MS);
    // Only the most urgent notice due: a version deprecated 5 days before its sunset is not told "30 days" too.
    const notice = [...SUNSET_NOTICES].reverse().find((d) => daysLeft > 0 && daysLeft <= d);
    if (notice !== undefined) events.push(event('version.sunset_approaching', `${key}/${v.sunset}/${notice}`, input.now, { ...data, daysBefore: notice, daysLeft }));
  }
  return events;
}

/** The publish failures since the epoch, one event each (its record id is the natural key). */
function failureEvents(input: DetectionInput): GovernanceEvent[] {
  const byId = new Map(input.histories.map((h) => [qualifiedName(h.contract), h.contract]));
  return input.failures.flatMap((f) => {
    const contract = byId.get(`${f.domain}.${f.product}`);
    const at = Date.parse(f.failedAt);
    if (!contract || !(at >= input.since)) return [];
    const version = f.version ?? contract.versions.find((v) => v.status === 'current')?.version ?? 0;
    return [event('publish.failed', f.id, at, {
      ...base(contract, version),
      failure: { id: f.id, code: f.code, message: f.message, publisher: f.publisher, inputs: f.inputs },
    })];
  });
}

/**
 * Every event the current state of the hub implies, each with its deterministic id: the same state evaluated again
 * (by this monitor later, or by another replica) gives the same ids, which the outbox enqueues once. Pure: the
 * caller lists the store. Events come ordered by timestamp (a warning before its error).
 *
 * - `snapshot.published`, `quality.warned` (warn-severity failures), `version.added` (a version's first snapshot):
 *   for publishes at or after `since`.
 * - `freshness.warn` / `freshness.error`: the latest snapshot of a version not retired is past warnAfter / errorAfter.
 * - `freshness.recovered`: a snapshot replacing one whose lapse was announced.
 * - `publish.failed`: a failure record at or after `since`.
 * - `version.deprecated`, `version.retired`, `version.sunset_approaching` (30 and 7 days before the sunset): as the
 *   contract states them; the timestamp is when first seen.
 */
export function detectEvents(input: DetectionInput): GovernanceEvent[] {
  const events: GovernanceEvent[] = [];
  for (const h of input.histories) {
    const key = `${qualifiedName(h.contract)}/v${h.version.version}`;
    events.push(...snapshotEvents(h, input, key), ...freshnessEvents(h, input, key), ...lifecycleEvents(h, input, key));
  }
  events.push(...failureEvents(input));
  return events.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
