import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { breakingChanges } from '../contract/breakingChanges';
import { loadBuildSql } from '../contract/loadBuildSql';
import type { ProductContract, VersionContract } from '../contract/types';
import { currentVersion, findVersion, qualifiedName } from '../contract/types';
import { DEFAULT_CONFIG } from '../config';
import type { DuckDBOptions } from '../duckdb/openDuckDB';
import { openDuckDB } from '../duckdb/openDuckDB';
import { ErrorCode, TesseraError } from '../errors';
import type { Manifest } from '../snapshot/manifest';
import { SnapshotCache } from '../snapshot/snapshotCache';
import { newSnapshotId } from '../snapshot/snapshotLayout';
import { SnapshotReader } from '../snapshot/snapshotReader';
import type { ObjectStore } from '../storage/objectStore';
import { counted } from './counted';
import { resolveReferences } from './resolveReferences';
import { runQualityTests } from './runQualityTests';
import { schemaHash } from './schemaHash';
import { stageBuild } from './stageBuild';
import { stageInput } from './stageInput';
import { createStagingFolder } from './stagingFolder';
import { uploadSnapshot } from './uploadSnapshot';
import type { PartLayout } from './writeParts';
import { DEFAULT_LAYOUT, writeParts } from './writeParts';

/** What a publish is doing; `upload` events carry bytes. */
export type PublishProgress =
  | { phase: 'read' | 'test' | 'write' | 'commit'; message: string }
  | { phase: 'upload'; message: string; sentBytes: number; totalBytes: number };

/** Everything {@link publishProduct} needs. */
export interface PublishOptions {
  store: ObjectStore;
  contract: ProductContract;
  /** Every known contract, so relationships tests check the referenced product's current version. */
  contracts?: ProductContract[];
  /** Major version to publish. @default the contract's current version */
  version?: number;
  /**
   * Input files: `.csv` (with a header), `.jsonl`/`.ndjson`/`.json` (JSON lines), `.parquet`. None for a product with
   * `build.sql`: the build runs over its inputs' snapshots instead (and needs `contracts`).
   */
  inputs: string[];
  /** For a build: snapshot ids to read instead of the latest, by `<domain>.<product>` (or `.v<N>`). @default none */
  pins?: Record<string, string>;
  /** Recorded in the manifest. @default the OS user name */
  publisher?: string;
  /** The commit time (and snapshot id time). @default now */
  now?: Date;
  onProgress?: (event: PublishProgress) => void;
  /** DuckDB bounds. @default threads and memory from DEFAULT_CONFIG */
  duckdb?: DuckDBOptions;
  /** Parquet layout. @default DEFAULT_LAYOUT */
  layout?: PartLayout;
  /** Cache for the referenced products' files on remote stores. @default a temporary one, removed afterwards */
  cache?: SnapshotCache;
}

/**
 * Publishes one snapshot of a product version: reads the inputs with the contract's types (or, for a product with
 * `build.sql` and no input files, runs its build over the inputs' latest or pinned snapshots and records them in the
 * manifest's `build`: its provenance), runs its quality tests,
 * writes parquet sorted by primary key, uploads it and commits by writing the manifest last. Nothing is visible to
 * readers unless every step succeeds; the staging folder is always removed.
 * @returns the committed manifest.
 * @throws TesseraError BAD_USER_INPUT (no such version), VERSION_RETIRED, CONTRACT_INVALID (a breaking change against
 * the version's latest snapshot, or a build SQL that cannot run), INPUT_INVALID (rows that do not fit, listed by line),
 * QUALITY_TEST_FAILED, SNAPSHOT_NOT_FOUND (a build input never published, or a pinned snapshot that does not exist).
 */
export async function publishProduct(options: PublishOptions): Promise<Manifest> {
  const { store, contract } = options;
  const name = qualifiedName(contract);
  const version = options.version === undefined ? currentVersion(contract) : findVersion(contract, options.version);
  if (!version) {
    throw new TesseraError(ErrorCode.BAD_USER_INPUT,
      `expected a version of ${name} (${contract.versions.map((v) => v.version).join(', ')}), got ${options.version}`);
  }
  if (version.status === 'retired') {
    throw new TesseraError(ErrorCode.VERSION_RETIRED, `${name} v${version.version} is retired; publish a current version instead`);
  }
  const building = !options.inputs.length && contract.build !== undefined;
  if (!options.inputs.length && !building) throw new TesseraError(ErrorCode.BAD_USER_INPUT, 'expected at least one input file, got none');
  if (building && !options.contracts) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `expected the hub's contracts to build ${name} from its inputs, got none`);
  if (!building && options.pins && Object.keys(options.pins).length) {
    throw new TesseraError(ErrorCode.BAD_USER_INPUT, `expected --pin only for a product built from SQL without --input, got it for ${name} with input files`);
  }
  const ref = { domain: contract.domain, product: contract.product, version: version.version };
  const reader = new SnapshotReader(store);
  const previous = await reader.latestReadable(ref);
  const breaking = previous ? breakingChanges(previous.contract.version, version) : [];
  if (breaking.length) {
    throw new TesseraError(ErrorCode.CONTRACT_INVALID, `${contract.file}: ${name} v${version.version} changed incompatibly ` +
      `since snapshot ${previous?.snapshotId}:\n${breaking.map((b) => `  ${b.message} [${b.rule}]`).join('\n')}`);
  }
  const report = options.onProgress ?? (() => undefined);
  const staging = await createStagingFolder();
  const stage = staging.path;
  const session = await openDuckDB({
    threads: DEFAULT_CONFIG.duckdbThreads, memoryLimit: DEFAULT_CONFIG.duckdbMemoryLimit, ...options.duckdb,
    tempDirectory: join(stage, 'spill'),
  }).catch(async (err: unknown) => {
    await staging.remove();
    throw err;
  });
  try {
    const db = session.connection;
    const cache = options.cache ?? new SnapshotCache(store, { dir: join(stage, 'references'), maxBytes: Number.MAX_SAFE_INTEGER });
    let inputs = options.inputs;
    let build: Manifest['build'];
    if (building) {
      report({ phase: 'read', message: `building ${name} v${version.version} from ${contract.build!.sql}` });
      const built = await stageBuild(db, await loadBuildSql(contract), version, {
        contracts: options.contracts!, reader, cache, pins: options.pins ?? {}, folder: stage,
      });
      inputs = [built.file];
      build = built.build;
    } else {
      report({ phase: 'read', message: `reading ${counted(options.inputs.length, 'input file')} as ${name} v${version.version}` });
    }
    const rows = await stageInput(db, version, inputs, 'staged');
    report({ phase: 'test', message: `running ${counted(version.tests.length, 'quality test')} on ${counted(rows, 'row')}` });
    const tests = await runQualityTests(db, 'staged', version, resolveReferences(store, reader, cache, options.contracts));
    report({ phase: 'write', message: 'writing parquet sorted by primary key' });
    const parts = join(stage, 'parts');
    await mkdir(parts);
    const files = await writeParts(db, 'staged', parts, options.layout ?? DEFAULT_LAYOUT, version.primaryKey[0]);
    session.close();
    const now = options.now ?? new Date();
    const manifest: Manifest = {
      formatVersion: 1, domain: contract.domain, product: contract.product, version: version.version,
      snapshotId: newSnapshotId(now), publishedAt: now.toISOString(),
      publisher: options.publisher ?? userInfo().username, rowCount: rows, files,
      schemaHash: schemaHash(version), contract: manifestContract(contract, version), tests, ...(build ? { build } : {}),
    };
    await uploadSnapshot(store, parts, manifest, (sentBytes, totalBytes) =>
      report({ phase: 'upload', message: `uploading ${counted(files.length, 'file')}`, sentBytes, totalBytes }));
    report({ phase: 'commit', message: `committed snapshot ${manifest.snapshotId} (${counted(rows, 'row')})` });
    return manifest;
  } finally {
    session.close();
    await staging.remove();
  }
}

/** The contract as a manifest records it: the product header and the published version's block. */
function manifestContract(c: ProductContract, version: VersionContract): Manifest['contract'] {
  return {
    product: c.product, domain: c.domain, entity: c.entity, owner: c.owner, description: c.description,
    freshness: c.freshness, lineage: c.lineage, version,
  };
}
