import type { ProductContract, VersionContract } from '../contract/types';

/** One parquet file of a snapshot, as recorded in its manifest. */
export interface ManifestFile {
  /** File name relative to the snapshot folder, e.g. `part-00000.parquet`. */
  path: string;
  bytes: number;
  sha256: string;
  rows: number;
  /**
   * Smallest and largest value of the first primary-key column in this file, as text (files are written sorted by the
   * primary key, so their ranges do not overlap). Lets a key lookup open only the files that can hold its keys.
   * Absent in manifests written before it existed, and null bounds for an empty file.
   */
  keyRange?: { min: string | null; max: string | null };
}

/** The outcome of one quality test at publish time. */
export interface TestResult {
  /** e.g. `unique(order_id)`, `not_empty`. */
  name: string;
  kind: string;
  column?: string;
  severity: 'error' | 'warn';
  status: 'pass' | 'fail';
  /** Number of offending rows (or values). */
  failures: number;
  message?: string;
}

/** One input snapshot a built snapshot read: its provenance. */
export interface ManifestBuildInput {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  snapshotId: string;
  publishedAt: string;
}

/** How a snapshot built from SQL was built: the SQL file, a digest of its text, and the input snapshots it read. */
export interface ManifestBuild {
  sql: string;
  sqlSha256: string;
  inputs: ManifestBuildInput[];
}

/**
 * `_manifest.json`, written last in a snapshot folder: its single PUT is the commit. A snapshot without one does not
 * exist for readers.
 */
export interface Manifest {
  formatVersion: 1;
  domain: string;
  product: string;
  version: number;
  snapshotId: string;
  /** ISO timestamp (UTC) of the commit. */
  publishedAt: string;
  publisher: string;
  rowCount: number;
  files: ManifestFile[];
  /** sha256 of the canonical JSON of the version's columns and primary key. */
  schemaHash: string;
  /** The contract as it was published: product header plus this version's block. */
  /** Routing (subscribers, runbook) is left out: it changes without a new snapshot, so the contract file is its source. */
  contract: Omit<ProductContract, 'versions' | 'file' | 'subscribers' | 'runbook'> & { version: VersionContract };
  tests: TestResult[];
  /** Present on a snapshot built from SQL over other products (provenance); absent for one published from files. */
  build?: ManifestBuild;
}

/** The file name of the manifest inside a snapshot folder. */
export const MANIFEST_FILE = '_manifest.json';
