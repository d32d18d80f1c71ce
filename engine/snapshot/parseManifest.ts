import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Manifest } from './manifest';
import schema from './manifest.schema.json';
import { dataCorrupt } from './snapshotErrors';
import type { ProductVersionRef } from './snapshotLayout';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/**
 * Parses the body of `_manifest.json` of snapshot `snapshotId` of `ref` and checks it has every field readers rely on
 * (files with plain names, sizes and sha256 digests; the contract version) and that it describes that snapshot.
 * @throws TesseraError DATA_CORRUPT naming the product, the snapshot and the first field that is wrong.
 */
export function parseManifest(body: Buffer, ref: ProductVersionRef, snapshotId: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw dataCorrupt(ref, snapshotId, `expected its manifest to be JSON, got ${body.length} bytes that do not parse`);
  }
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw dataCorrupt(ref, snapshotId, `expected a manifest with valid fields, got one where ${fieldOf(first?.instancePath ?? '')} ${first?.message ?? 'is invalid'}`);
  }
  const manifest = json as unknown as Manifest;
  if (manifest.domain !== ref.domain || manifest.product !== ref.product || manifest.version !== ref.version || manifest.snapshotId !== snapshotId) {
    throw dataCorrupt(ref, snapshotId, `expected its manifest to describe this snapshot, got one describing another (a manifest copied or written to the wrong place)`);
  }
  return manifest;
}

/** A JSON pointer (`/files/0/sha256`) as a field path (`files[0].sha256`). */
function fieldOf(pointer: string): string {
  const path = pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  return path || 'the top level';
}
