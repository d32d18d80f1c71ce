import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { SubgraphProcesses } from '../../cli/subgraphProcesses';
import { startSubgraphProcesses } from '../../cli/subgraphProcesses';
import { checkContracts } from '../../engine/check/checkContracts';
import { listDomains, loadContracts } from '../../engine/contract/loadContracts';
import { publishProduct } from '../../engine/publish/publishProduct';
import { generateSampleData } from '../../engine/sample/generateSampleData';
import { LocalStore } from '../../engine/storage/localStore';
import { readGatewayConfig } from '../../gateway/gatewayConfig';
import { regenerateSchema } from '../../gateway/regenerateSchema';
import type { RunningGateway } from '../../gateway/startGateway';
import { startGateway } from '../../gateway/startGateway';
import { subgraphsOf } from '../../gateway/subgraphsOf';
import { freePorts } from '../helpers/freePorts';
import { PARCELS_YAML } from '../helpers/parcelsContract';
import { until } from '../helpers/until';

// A domain team adds a domain to a running hub the way the docs say: a contract, an entry in schema/domains.yaml,
// a publish, regenerated SDL and supergraph, its subgraph started by the generic runner. The gateway, never
// restarted, serves it and every other domain keeps its address. Everything runs on a copy of the schema folder.

interface Body { data?: Record<string, unknown> | null; errors?: { message: string }[] }


describe('adding a domain to a running hub', () => {
  let dir: string;
  let schema: string;
  let env: NodeJS.ProcessEnv;
  let subgraphs: SubgraphProcesses | undefined;
  let gateway: RunningGateway | undefined;
  let logistics: ChildProcess | undefined;
  const ask = async (query: string): Promise<Body> => (await fetch(gateway!.url, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
  })).json() as Promise<Body>;
  const readyz = async (): Promise<{ supergraph: string; subgraphs: Record<string, string> }> =>
    (await fetch(gateway!.url.replace(/\/graphql$/, '/readyz'))).json() as Promise<{ supergraph: string; subgraphs: Record<string, string> }>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-add-domain-'));
    schema = join(dir, 'schema');
    await cp('schema', schema, { recursive: true });
    // The copy declares free ports instead of the committed ones, each subgraph's own, as a team would.
    const names = [...await listDomains(schema), 'platform'];
    const ports = await freePorts(names.length + 1);
    await writeFile(join(schema, 'domains.yaml'), `subgraphs:\n${names.map((n, i) => `  ${n}: { port: ${ports[i]} }\n`).join('')}`);
    await writeFile(join(dir, 'logistics-port'), String(ports[names.length]));
    await regenerateSchema(schema, join(schema, 'supergraph.graphql'));
    await generateSampleData({ store: new LocalStore(join(dir, 'data')), schemaDir: schema, scale: 200 });
    env = {
      ...process.env, TESSERA_STORE: join(dir, 'data'), TESSERA_SCHEMA_DIR: schema, TESSERA_CACHE_DIR: join(dir, 'cache'),
      TESSERA_SUPERGRAPH_FILE: join(schema, 'supergraph.graphql'), TESSERA_SUPERGRAPH_POLL_MS: '50', TESSERA_LOG_LEVEL: 'warn',
      TESSERA_DUCKDB_THREADS: '1', TESSERA_DUCKDB_MEMORY_LIMIT: '256MB', TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_CONTRACTS_POLL_MS: '200',
      // A loaded machine may take long to answer a first query; this test is about addresses, not latency.
      TESSERA_SUBGRAPH_TIMEOUT_MS: '60000',
    };
    subgraphs = await startSubgraphProcesses(await listDomains(schema), env);
    gateway = await startGateway(readGatewayConfig(env), { port: 0, logger: pino({ level: 'silent' }) });
  }, 180_000);
  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    if (logistics && logistics.exitCode === null) {
      const exited = new Promise((r) => logistics!.once('exit', r));
      logistics.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the new domain without a restart, and every other domain keeps its address', async () => {
    const supergraphFile = join(schema, 'supergraph.graphql');
    const before = subgraphsOf(await readFile(supergraphFile, 'utf8'));
    const pids = { ...subgraphs!.pids };
    const orders = await until('sales to answer', async () => {
      const body = await ask('{ ordersV2(first: 2, orderBy: [{ field: ORDER_ID }]) { nodes { orderId } } }');
      return body.errors ? undefined : body;
    });
    const orderIds = (orders.data!.ordersV2 as { nodes: { orderId: string }[] }).nodes.map((n) => n.orderId);
    expect(orderIds).toHaveLength(2);

    // 1. The contract: tessera check refuses it until the registry declares the domain's address.
    await mkdir(join(schema, 'logistics'));
    await writeFile(join(schema, 'logistics', 'parcels.yaml'), PARCELS_YAML);
    expect((await checkContracts(schema)).findings.map((f) => f.rule)).toEqual(['registry/missing_domain']);
    const port = Number(await readFile(join(dir, 'logistics-port'), 'utf8'));
    await writeFile(join(schema, 'domains.yaml'), `${await readFile(join(schema, 'domains.yaml'), 'utf8')}  logistics: { port: ${port} }\n`);
    expect((await checkContracts(schema)).findings).toEqual([]);

    // 2. Publish, regenerate the SDL and the supergraph.
    const contracts = await loadContracts(schema);
    const input = join(dir, 'parcels.csv');
    await writeFile(input, `parcel_id,order_id,carrier,shipped_at\nP-1,${orderIds[0]},dhl,2026-01-02T10:00:00Z\nP-2,${orderIds[1]},ups,2026-01-03T11:00:00Z\n`);
    await publishProduct({ store: new LocalStore(join(dir, 'data')), contract: contracts.find((c) => c.domain === 'logistics')!, contracts, inputs: [input], duckdb: { threads: 1 } });
    expect(await regenerateSchema(schema, supergraphFile)).toEqual([join(schema, 'logistics', 'subgraph.graphql'), supergraphFile]);

    // 3. The supergraph names a subgraph that does not answer yet: refused, the previous one stays in service.
    const refused = await until('the supergraph to be refused', async () => {
      const r = await readyz();
      return /rejected a change/.test(r.supergraph) ? r : undefined;
    });
    expect(refused.supergraph).toMatch(/logistics did not/);
    expect((await until('an answer', () => ask('{ parcelsV1 { nodes { parcelId } } }'))).errors?.[0]?.message).toMatch(/parcelsV1/);

    // 4. The generic runner starts the new domain on its declared port; the gateway loads the supergraph by itself.
    logistics = fork(resolve('cli/subgraph.ts'), ['logistics'], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<{ url: string }>((res, rej) => {
      logistics!.once('message', (m) => res(m as { url: string }));
      logistics!.once('exit', (code) => rej(new Error(`the logistics subgraph exited with ${code}`)));
    });
    expect(ready.url).toBe(`http://127.0.0.1:${port}/graphql`);
    const served = await until('the new domain to be served', async () => {
      const body = await ask(`{ parcelsV1(orderBy: [{ field: PARCEL_ID }]) { nodes { parcelId carrier order { orderId } } } }`);
      return body.errors ? undefined : body;
    });
    expect(served.data).toEqual({ parcelsV1: { nodes: [
      { parcelId: 'P-1', carrier: 'dhl', order: { orderId: orderIds[0] } }, { parcelId: 'P-2', carrier: 'ups', order: { orderId: orderIds[1] } },
    ] } });
    expect(await until('readiness', readyz)).toMatchObject({ supergraph: 'ok', subgraphs: { logistics: 'ok', sales: 'ok', customers: 'ok', platform: 'ok' } });

    // Every other subgraph: the same address in the new supergraph, the same process, still answering through it.
    const after = subgraphsOf(await readFile(supergraphFile, 'utf8'));
    expect(after.filter((s) => s.name !== 'logistics')).toEqual(before);
    expect(after.find((s) => s.name === 'logistics')?.url).toBe(ready.url);
    expect(subgraphs!.pids).toEqual(pids);
    const again = await until('an answer', () => ask('{ ordersV2(first: 2, orderBy: [{ field: ORDER_ID }]) { nodes { orderId customer { name } } } dataProducts { id } }'));
    expect(again.errors).toBeUndefined();
    expect((again.data!.ordersV2 as { nodes: { orderId: string }[] }).nodes.map((n) => n.orderId)).toEqual(orderIds);

    // The platform catalog, never restarted either, lists the new domain's product with its snapshot.
    const listed = await until('the catalog to list the new product', async () => {
      const body = await ask('{ dataProduct(id: "logistics.parcels") { owner versions { version latestSnapshot { rowCount } } } }');
      return body.data?.dataProduct ? body.data.dataProduct : undefined;
    });
    expect(listed).toMatchObject({ versions: [{ version: 1, latestSnapshot: { rowCount: '2' } }] });
  }, 180_000);
});
