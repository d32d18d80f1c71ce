import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { startCatalogSubgraph } from '../../../engine/catalog/startCatalogSubgraph';
import type { RunningSubgraph } from '../../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../../engine/config';
import { listDomains, loadContracts } from '../../../engine/contract/loadContracts';
import type { ProductContract } from '../../../engine/contract/types';
import { duckdbType } from '../../../engine/duckdb/duckdbType';
import { openDuckDB } from '../../../engine/duckdb/openDuckDB';
import { quoteIdent } from '../../../engine/duckdb/sqlQuote';
import { schemaHash } from '../../../engine/publish/schemaHash';
import { uploadSnapshot } from '../../../engine/publish/uploadSnapshot';
import { writeParts } from '../../../engine/publish/writeParts';
import type { Manifest } from '../../../engine/snapshot/manifest';
import { newSnapshotId } from '../../../engine/snapshot/snapshotLayout';
import { LocalStore } from '../../../engine/storage/localStore';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import { createDomainSubgraph } from '../../../engine/server/createDomainSubgraph';
import { composeSupergraph } from '../../../gateway/composeSupergraph';
import { readGatewayConfig } from '../../../gateway/gatewayConfig';
import type { RunningGateway } from '../../../gateway/startGateway';
import { startGateway } from '../../../gateway/startGateway';
import { subgraphSdls } from '../../../gateway/subgraphSdls';
import type { Answer } from './startGatewayHub';
import { testConfig } from './startHub';
import { startS3rver } from '../../helpers/startS3rver';

/** A row as DuckDB text per column name (cast to the column's type when committed), or null. */
export type TextRow = Record<string, string | null>;

/** Contracts of our own behind a gateway: each domain's subgraph, the catalog, the gateway, in this process. */
export interface EdgeHub {
  contracts: ProductContract[];
  gateway: RunningGateway;
  ask(query: string, variables?: Record<string, unknown>): Promise<Answer>;
  /**
   * Commits a snapshot of `rows` as a snapshot already in a store would be, written straight with DuckDB (no publish
   * checks, so values a publish would refuse today can be planted), sorted by primary key, with a valid manifest.
   */
  commit(qualified: string, version: number, rows: TextRow[]): Promise<Manifest>;
  stop(): Promise<void>;
}

/**
 * Writes `contracts` (path under schema/ → YAML) to a temporary schema folder and serves them behind a gateway, from
 * `store` (a temporary local folder by default).
 */
export async function startEdgeHub(contractFiles: Record<string, string>, options: { store?: ObjectStore } = {}): Promise<EdgeHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-edges-'));
  const schemaDir = join(dir, 'schema');
  for (const [path, yaml] of Object.entries(contractFiles)) {
    await mkdir(dirname(join(schemaDir, path)), { recursive: true });
    await writeFile(join(schemaDir, path), yaml);
  }
  const domains = [...new Set(Object.keys(contractFiles).map((path) => path.split('/')[0]!))];
  const registry = [...domains, 'platform'].map((d, i) => `  ${d}: { port: ${14101 + i} }`).join('\n');
  await writeFile(join(schemaDir, 'domains.yaml'), `subgraphs:\n${registry}\n`);
  const storeDir = join(dir, 'store');
  const store = options.store ?? new LocalStore(storeDir);
  const contracts = await loadContracts(schemaDir);
  const config = testConfig(join(dir, 'cache'));
  const subgraphs: RunningSubgraph[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(subgraphs.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  let gateway: RunningGateway;
  try {
    const urls: string[] = [];
    for (const domain of await listDomains(schemaDir)) {
      const s = await createDomainSubgraph({ config, domain, contracts, store, port: 0 });
      subgraphs.push(s);
      urls.push(`${domain}=${s.url}`);
    }
    const env = { TESSERA_STORE: storeDir, TESSERA_SCHEMA_DIR: schemaDir, TESSERA_GATEWAY_SECRET: config.gatewaySecret, TESSERA_LOG_LEVEL: 'silent' };
    const catalog = await startCatalogSubgraph(readConfig({ ...env, TESSERA_CACHE_DIR: join(dir, 'catalog-cache') }), 0);
    subgraphs.push(catalog);
    urls.push(`platform=${catalog.url}`);
    const supergraphFile = join(dir, 'supergraph.graphql');
    await writeFile(supergraphFile, composeSupergraph(await subgraphSdls(schemaDir)));
    gateway = await startGateway(readGatewayConfig({
      ...env, TESSERA_SUPERGRAPH_FILE: supergraphFile, TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_MAX_PAGE_SIZE: '100', TESSERA_SUBGRAPH_URLS: urls.join(','),
    }), { port: 0, logger: pino({ level: 'silent' }) });
  } catch (err) {
    await stopAll();
    throw err;
  }
  let clock = Date.UTC(2026, 0, 1);
  return {
    contracts, gateway,
    async ask(query, variables) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return await res.json() as Answer;
    },
    async commit(qualified, version, rows) {
      const contract = contracts.find((c) => `${c.domain}.${c.product}` === qualified)!;
      const v = contract.versions.find((x) => x.version === version)!;
      const stage = await mkdtemp(join(dir, 'stage-'));
      const session = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
      try {
        const db = session.connection;
        const cols = v.columns.map((c) => `${quoteIdent(c.name)} ${duckdbType(c.type)}`).join(', ');
        await db.run(`CREATE TABLE input (${cols})`);
        if (rows.length) {
          const placeholders = v.columns.map((c, i) => `CAST($${i + 1} AS ${duckdbType(c.type)})`).join(', ');
          const insert = await db.prepare(`INSERT INTO input VALUES (${placeholders})`);
          for (const row of rows) {
            v.columns.forEach((c, i) => (row[c.name] === null || row[c.name] === undefined ? insert.bindNull(i + 1) : insert.bindVarchar(i + 1, row[c.name]!)));
            await insert.run();
          }
        }
        await db.run(`CREATE TABLE staged AS SELECT * FROM input ORDER BY ${v.primaryKey.map(quoteIdent).join(', ')}`);
        const files = await writeParts(db, 'staged', stage, { rowGroupSize: 7, rowsPerFile: 1_000_000 }, v.primaryKey[0]);
        const now = new Date((clock += 60_000));
        const manifest: Manifest = {
          formatVersion: 1, domain: contract.domain, product: contract.product, version, snapshotId: newSnapshotId(now),
          publishedAt: now.toISOString(), publisher: 'test', rowCount: rows.length, files, schemaHash: schemaHash(v),
          contract: { product: contract.product, domain: contract.domain, entity: contract.entity, owner: contract.owner,
            description: contract.description, freshness: contract.freshness, lineage: contract.lineage, version: v },
          tests: [],
        };
        await uploadSnapshot(store, stage, manifest);
        return manifest;
      } finally {
        session.close();
        await rm(stage, { recursive: true, force: true });
      }
    },
    async stop() {
      await gateway.stop();
      await stopAll();
    },
  };
}

/** A store for {@link startEdgeHub} and how to stop it. */
export interface StoreUnderTest { store?: ObjectStore; stop(): Promise<void> }

/** The stores the edge tests run on: a local folder (the default) and an S3-protocol server on 127.0.0.1. */
export const EDGE_STORES: [string, () => Promise<StoreUnderTest>][] = [
  ['a local folder', async () => ({ stop: async () => undefined })],
  ['an S3-protocol server', async () => {
    const s3 = await startS3rver('tessera-edges');
    return { store: s3.store('edges'), stop: () => s3.stop() };
  }],
];
