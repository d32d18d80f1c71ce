import type { ObjectStore } from '../storage/objectStore';
import { ObjectNotFoundError } from '../storage/objectStore';
import { ErrorCode, isTesseraError, TesseraError } from '../errors';
import type { Manifest } from './manifest';
import { MANIFEST_FILE } from './manifest';
import { parseManifest } from './parseManifest';
import type { ProductVersionRef } from './snapshotLayout';
import { isSnapshotId, manifestKey, versionPrefix } from './snapshotLayout';

/**
 * Reads committed snapshots of product versions. Only folders with a manifest count, so a publish that died before
 * its commit is invisible. Manifests are immutable and cached once read.
 */
export class SnapshotReader {
  private readonly manifests = new Map<string, Manifest>();

  constructor(readonly store: ObjectStore) {}

  /** Ids of every committed snapshot of a product version, oldest first. */
  async listSnapshotIds(ref: ProductVersionRef): Promise<string[]> {
    const prefix = versionPrefix(ref);
    const objects = await this.store.list(prefix);
    return objects
      .map((o) => o.key.slice(prefix.length).split('/'))
      .filter((parts) => parts.length === 2 && parts[1] === MANIFEST_FILE && isSnapshotId(parts[0]!))
      .map((parts) => parts[0]!)
      .sort();
  }

  /** Every committed snapshot's manifest, oldest first. */
  async listSnapshots(ref: ProductVersionRef): Promise<Manifest[]> {
    const ids = await this.listSnapshotIds(ref);
    return Promise.all(ids.map((id) => this.manifest(ref, id)));
  }

  /** The newest committed snapshot, or undefined when the version was never published. */
  async latest(ref: ProductVersionRef): Promise<Manifest | undefined> {
    const ids = await this.listSnapshotIds(ref);
    const last = ids[ids.length - 1];
    return last === undefined ? undefined : this.manifest(ref, last);
  }

  /**
   * The newest committed snapshot whose manifest can be read, passing over damaged ones (DATA_CORRUPT): for a
   * publisher comparing its contract with what was published, so a damaged latest snapshot does not block the publish
   * that replaces it. Readers serving data use {@link latest}, which never falls back to older data.
   */
  async latestReadable(ref: ProductVersionRef): Promise<Manifest | undefined> {
    const ids = await this.listSnapshotIds(ref);
    for (let i = ids.length - 1; i >= 0; i--) {
      try {
        return await this.manifest(ref, ids[i]!);
      } catch (err) {
        if (!isTesseraError(err, ErrorCode.DATA_CORRUPT)) throw err;
      }
    }
    return undefined;
  }

  /**
   * The snapshot in force at `asOf`: the newest one published at or before it. Manifests are read newest first, so
   * a recent time reads one or two. `ids` (oldest first) spares a listing when the caller already has one.
   * @throws TesseraError SNAPSHOT_NOT_FOUND when none had been published by then.
   */
  async asOf(ref: ProductVersionRef, asOf: Date, ids?: readonly string[]): Promise<Manifest> {
    const listed = ids ?? await this.listSnapshotIds(ref);
    for (let i = listed.length - 1; i >= 0; i--) {
      const m = await this.manifest(ref, listed[i]!);
      if (Date.parse(m.publishedAt) <= asOf.getTime()) return m;
    }
    const first = listed.length ? (await this.manifest(ref, listed[0]!)).publishedAt : undefined;
    throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND,
      `expected a time at or after the first snapshot of ${ref.domain}.${ref.product} v${ref.version}` +
      `${first ? ` (${first})` : ' (none published yet)'}, got asOf ${asOf.toISOString()}`);
  }

  /**
   * The manifest of one snapshot.
   * @throws TesseraError SNAPSHOT_NOT_FOUND for a malformed or unknown id, DATA_CORRUPT for a manifest that is not
   *   JSON, lacks a field readers rely on or describes another snapshot.
   */
  async manifest(ref: ProductVersionRef, snapshotId: string): Promise<Manifest> {
    const key = manifestKey(ref, snapshotId);
    const cached = this.manifests.get(key);
    if (cached) return cached;
    if (!isSnapshotId(snapshotId)) {
      throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND,
        `expected a snapshot id like 20261121T060132123Z-9f2c4a, got "${snapshotId}"`);
    }
    let body: Buffer;
    try {
      body = await this.store.get(key);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) {
        throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND,
          `no committed snapshot "${snapshotId}" of ${ref.domain}.${ref.product} v${ref.version}`);
      }
      throw err;
    }
    const manifest = parseManifest(body, ref, snapshotId);
    this.manifests.set(key, manifest);
    return manifest;
  }
}
