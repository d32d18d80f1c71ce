import { basename } from 'node:path';
import type { ProductContract, VersionContract } from '../contract/types';
import { isTesseraError } from '../errors';
import type { TestResult } from '../snapshot/manifest';
import { newSnapshotId } from '../snapshot/snapshotLayout';
import type { ObjectStore } from '../storage/objectStore';
import { PUBLISH_FAILURES_PREFIX, publishFailureKey } from './governanceLayout';

/** What `tessera publish` records when it stops with an error: what failed, never a data value of a pii column. */
export interface PublishFailure {
  /** Sorts by time, like a snapshot id. */
  id: string;
  domain: string;
  product: string;
  /** The version being published, when it was known. */
  version?: number;
  failedAt: string;
  publisher: string;
  /** File names of the inputs (no folders). */
  inputs: string[];
  /** The error's code (`INPUT_INVALID`, `QUALITY_TEST_FAILED`, …), `INTERNAL` for an unexpected error. */
  code: string;
  message: string;
}

/** What the publish was doing when it failed. */
export interface FailedPublish {
  contract: ProductContract;
  version?: VersionContract;
  inputs: string[];
  publisher: string;
}

/** One offending input value, as `checkInputRows` reports it. */
interface Offending { file?: string; line?: number; column?: string; value?: string | null; expected?: string }

const WITHHELD = '(value withheld: pii column)';
const MAX_MESSAGE = 4000;

/**
 * The failure's message with no value of a pii column in it. Offending input rows are listed again from their
 * structured form, each pii value replaced; failed quality tests come already without pii values (the publisher
 * withholds them); any other message of a version with pii columns loses its quoted text, which may be input data.
 */
export function safeFailureMessage(err: unknown, version: VersionContract | undefined): string {
  const pii = new Set((version?.columns ?? []).filter((c) => c.pii).map((c) => c.name));
  const message = err instanceof Error ? err.message : String(err);
  if (!isTesseraError(err)) return pii.size ? withoutQuotes(firstLine(message)) : firstLine(message);
  const offending = err.details.offending as Offending[] | undefined;
  if (Array.isArray(offending)) {
    const head = firstLine(message);
    const lines = offending.map((o) => {
      const value = o.column !== undefined && pii.has(o.column) ? WITHHELD : o.value === null || o.value === undefined ? 'null' : JSON.stringify(o.value.slice(0, 80));
      return `  ${o.file ?? ''} line ${o.line ?? '?'}${o.column === undefined ? '' : `, column ${o.column}`}: expected ${o.expected ?? 'a valid value'}, found ${value}`;
    });
    return [head, ...lines].join('\n').slice(0, MAX_MESSAGE);
  }
  const tests = err.details.tests as TestResult[] | undefined;
  if (Array.isArray(tests)) return message.slice(0, MAX_MESSAGE);
  return (pii.size ? withoutQuotes(message) : message).slice(0, MAX_MESSAGE);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function withoutQuotes(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'(?:[^'\\]|\\.)*'/g, "'…'");
}

/**
 * Records a failed publish in the store (`_governance/publish-failures/…`) for the monitor to announce as
 * `publish.failed`. The record names the product, version, inputs (file names only), the error code and a message
 * without pii values (see {@link safeFailureMessage}).
 * @throws what the store throws: the caller reports it and still fails with the original error.
 */
export async function recordPublishFailure(store: ObjectStore, failed: FailedPublish, err: unknown, now = new Date()): Promise<PublishFailure> {
  const record: PublishFailure = {
    id: newSnapshotId(now),
    domain: failed.contract.domain,
    product: failed.contract.product,
    version: failed.version?.version,
    failedAt: now.toISOString(),
    publisher: failed.publisher,
    inputs: failed.inputs.map((i) => basename(i)),
    code: isTesseraError(err) ? err.code : 'INTERNAL',
    message: safeFailureMessage(err, failed.version),
  };
  await store.put(publishFailureKey(record.domain, record.product, record.id), JSON.stringify(record), { ifAbsent: true });
  return record;
}

/**
 * Every publish failure record in the store, oldest first; a record that is not valid JSON is skipped. Records are
 * immutable: `cache` (key → record) spares reading again those read before.
 */
export async function listPublishFailures(store: ObjectStore, cache = new Map<string, PublishFailure | undefined>()): Promise<PublishFailure[]> {
  const objects = await store.list(PUBLISH_FAILURES_PREFIX);
  const records = await Promise.all(objects.filter((o) => o.key.endsWith('.json')).map(async (o) => {
    if (cache.has(o.key)) return cache.get(o.key);
    let record: PublishFailure | undefined;
    try {
      record = JSON.parse(String(await store.get(o.key))) as PublishFailure;
    } catch {
      record = undefined;
    }
    cache.set(o.key, record);
    return record;
  }));
  return records.filter((r): r is PublishFailure => r !== undefined && typeof r.id === 'string').sort((a, b) => a.id.localeCompare(b.id));
}
