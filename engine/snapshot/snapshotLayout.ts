import { randomBytes } from 'node:crypto';
import { MANIFEST_FILE } from './manifest';

/** Identifies one major version of one product in the store. */
export interface ProductVersionRef {
  domain: string;
  product: string;
  version: number;
}

/** `<domain>/<product>/v<N>/`: the folder holding every snapshot of a product version. */
export function versionPrefix(ref: ProductVersionRef): string {
  return `${ref.domain}/${ref.product}/v${ref.version}/`;
}

/** `<domain>/<product>/v<N>/<snapshotId>/`. */
export function snapshotPrefix(ref: ProductVersionRef, snapshotId: string): string {
  return `${versionPrefix(ref)}${snapshotId}/`;
}

/**
 * `<domain>.<product>@<version>@<snapshotId>`: one snapshot's id within a process (SnapshotRef.id, the served
 * products of a request, the lookup copies' file names).
 */
export function snapshotRefId(ref: ProductVersionRef, snapshotId: string): string {
  return `${ref.domain}.${ref.product}@${ref.version}@${snapshotId}`;
}

/** The key of a snapshot's manifest. */
export function manifestKey(ref: ProductVersionRef, snapshotId: string): string {
  return `${snapshotPrefix(ref, snapshotId)}${MANIFEST_FILE}`;
}

/**
 * A new snapshot id: the UTC time to the millisecond, sortable as text, plus a random suffix so two publishes in the
 * same millisecond still get distinct folders (e.g. `20261121T060132123Z-9f2c4a`).
 */
export function newSnapshotId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** True when `text` has the shape of a snapshot id; ids come from clients, so they are checked before any lookup. */
export function isSnapshotId(text: string): boolean {
  return /^\d{8}T\d{9}Z-[0-9a-f]{6}$/.test(text);
}
