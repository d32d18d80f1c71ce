import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ProductContract, VersionContract } from '../contract/types';
import { findVersion, qualifiedName } from '../contract/types';
import { columnRenames } from '../contract/columnRenames';
import { quoteIdent, quoteString } from '../duckdb/sqlQuote';
import { fromFiles } from '../duckdb/sqlWriter';
import { ErrorCode, TesseraError } from '../errors';
import { inputSchemas } from '../lineage/inputSchemas';
import { lineageOfSql } from '../lineage/lineageOfSql';
import { rewriteProductTables } from '../lineage/rewriteProductTables';
import type { Manifest, ManifestBuild } from '../snapshot/manifest';
import type { SnapshotCache } from '../snapshot/snapshotCache';
import type { SnapshotReader } from '../snapshot/snapshotReader';

/** What {@link stageBuild} needs besides the DuckDB connection. */
export interface BuildSources {
  /** Every contract of the hub, to resolve the products the SQL names. */
  contracts: readonly ProductContract[];
  reader: SnapshotReader;
  /** Brings the input snapshots' files to local paths, verified. */
  cache: SnapshotCache;
  /** Snapshot ids to build from instead of the latest, by `<domain>.<product>` or `<domain>.<product>.v<N>`. */
  pins: Readonly<Record<string, string>>;
  /** Folder for the build's result file. */
  folder: string;
}

/**
 * Runs a product's build SQL over its inputs' committed snapshots (the latest of each input version, or the pinned
 * one) and writes the result to a parquet file in `folder`, in the contract's column order, for the publish to load,
 * check and test exactly like an input file. Product names in the SQL are rewritten in its parse tree to read the
 * snapshots' files; integer results wider than BIGINT are written as DECIMAL(38,0) so no digit is lost on the way.
 * @returns the result file and the provenance to record in the manifest.
 * @throws TesseraError CONTRACT_INVALID (SQL lineage cannot follow, or names a product, version or column that does not
 * exist or is retired), BAD_USER_INPUT (a pin for a product the build does not read), SNAPSHOT_NOT_FOUND (an input
 * never published, or a pinned snapshot that does not exist), INPUT_INVALID (the query fails, or returns other columns
 * than the contract's).
 */
export async function stageBuild(db: DuckDBConnection, contract: ProductContract, version: VersionContract, sources: BuildSources): Promise<{ file: string; build: ManifestBuild }> {
  const build = contract.build!;
  const sql = build.text;
  const name = qualifiedName(contract);
  if (sql === undefined) throw new TesseraError(ErrorCode.CONTRACT_INVALID, `${contract.file}: the build SQL ${build.sql} was not read`);
  const schemas = inputSchemas(sources.contracts);
  const lineage = await lineageOfSql(db, sql, schemas);
  if (lineage.problems.length || !lineage.statement) {
    throw new TesseraError(ErrorCode.CONTRACT_INVALID, `${build.path}: the build of ${name} cannot run:\n${lineage.problems.map((p) => `  ${p.message}`).join('\n')}`);
  }
  const readNames = lineage.inputs.flatMap((i) => [i.product, `${i.product}.v${i.version}`]);
  for (const pinned of Object.keys(sources.pins)) {
    if (!readNames.includes(pinned)) {
      throw new TesseraError(ErrorCode.BAD_USER_INPUT, `expected --pin to name a product ${build.sql} reads (${lineage.inputs.map((i) => i.product).join(', ')}), got "${pinned}"`);
    }
  }
  const manifests: Manifest[] = [];
  for (const [i, input] of lineage.inputs.entries()) {
    const [domain, product] = input.product.split('.') as [string, string];
    const ref = { domain, product, version: input.version };
    const pin = sources.pins[`${input.product}.v${input.version}`] ?? sources.pins[input.product];
    const manifest = pin ? await sources.reader.manifest(ref, pin) : await sources.reader.latest(ref);
    if (!manifest) {
      throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND, `expected a committed snapshot of ${input.product} v${input.version} to build ${name} from, found none; publish it first`);
    }
    manifests.push(manifest);
    const files = await sources.cache.filesOf(manifest);
    // A snapshot published before a column of the input was renamed holds it under its former name: read as renamed.
    const contractOfInput = sources.contracts.find((c) => qualifiedName(c) === input.product);
    const current = contractOfInput && findVersion(contractOfInput, input.version);
    const renamed = current ? columnRenames(current, manifest.contract?.version?.columns) : [];
    await db.run(`CREATE OR REPLACE VIEW ${quoteIdent(`__input_${i}`)} AS SELECT * FROM ${fromFiles({ files, renamed })}`);
  }
  const tree = rewriteProductTables(lineage.statement, (domain, product, pinned) => {
    const schema = schemas(domain, product, pinned);
    const index = schema.ok ? lineage.inputs.findIndex((x) => x.product === schema.product && x.version === schema.version) : -1;
    return index < 0 ? undefined : `__input_${index}`;
  });
  const text = await deserialize(db, tree);
  const described = await db.runAndReadAll(`DESCRIBE ${text}`).catch((err: Error) => failed(build.sql, err));
  const columns = described.getRowObjectsJson();
  const types = new Map(columns.map((r) => [String(r.column_name).toLowerCase(), String(r.column_type)]));
  const expected = version.columns.map((c) => c.name);
  const returned = columns.map((r) => String(r.column_name));
  if (expected.length !== returned.length || expected.some((n) => !types.has(n.toLowerCase()))) {
    throw new TesseraError(ErrorCode.INPUT_INVALID, `${build.sql}: expected the query to return the columns of ${name} v${version.version} (${expected.join(', ')}), got ${returned.join(', ') || 'none'}`);
  }
  const file = join(sources.folder, `${basename(build.sql, '.sql')}.parquet`);
  const select = version.columns.map((c) => {
    const wide = /^U?HUGEINT$/.test(types.get(c.name.toLowerCase()) ?? '');
    return wide ? `CAST(${quoteIdent(c.name)} AS DECIMAL(38,0)) AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
  }).join(', ');
  await db.run(`COPY (SELECT ${select} FROM (${text})) TO ${quoteString(file)} (FORMAT parquet)`).catch((err: Error) => failed(build.sql, err));
  return {
    file,
    build: {
      sql: build.sql, sqlSha256: createHash('sha256').update(sql).digest('hex'),
      inputs: manifests.map((m) => ({ product: qualifiedName(m), version: m.version, snapshotId: m.snapshotId, publishedAt: m.publishedAt })),
    },
  };
}

/** SQL text from a parse tree, by DuckDB's own `json_deserialize_sql`. */
async function deserialize(db: DuckDBConnection, statement: unknown): Promise<string> {
  const tree = JSON.stringify({ error: false, statements: [statement] });
  const reader = await db.runAndReadAll('SELECT json_deserialize_sql($1::JSON) AS sql', [tree]);
  return String(reader.getRowObjectsJson()[0]?.sql);
}

function failed(sqlFile: string, err: Error): never {
  // DuckDB's messages can be long and multi-line; the first line says what went wrong.
  throw new TesseraError(ErrorCode.INPUT_INVALID, `${sqlFile}: the build query failed: ${err.message.split('\n')[0] ?? err.message}`);
}
