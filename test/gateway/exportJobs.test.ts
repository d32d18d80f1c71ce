import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { LocalStore } from '../../engine/storage/localStore';
import { readGatewayConfig } from '../../gateway/gatewayConfig';
import type { ExportJob } from '../../gateway/exportJob';
import { EXPORT_JOBS_PREFIX } from '../../gateway/exportJob';
import type { RunningGateway } from '../../gateway/startGateway';
import { startGateway } from '../../gateway/startGateway';
import { publishRows } from '../subgraph/helpers/publishHub';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';

interface JobView { id: string; state: string; statusUrl: string; download?: string; size?: number; progress: { bytesWritten: number }; error?: unknown }

let hub: DataHub;
let gateway: RunningGateway;
let base: string;
const KEYS_FILE = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
writeFileSync(KEYS_FILE, 'keys:\n  - subject: alice\n    key: alice-key\n  - subject: bob\n    key: bob-key\n');
const ALICE = { 'x-api-key': 'alice-key' };
const BOB = { 'x-api-key': 'bob-key' };

/** A gateway of its own over the hub's store and subgraphs, with API keys, that the test may stop and start. */
async function startOwnGateway(): Promise<RunningGateway> {
  const root = (hub.hub.store as LocalStore).root;
  const g = await startGateway(readGatewayConfig({
    TESSERA_STORE: root, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_SUPERGRAPH_FILE: 'schema/supergraph.graphql',
    TESSERA_SUBGRAPH_URLS: Object.entries(hub.urls).map(([n, u]) => `${n}=${u}`).join(','), TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_LOG_LEVEL: 'silent',
    TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0', TESSERA_API_KEYS_FILE: KEYS_FILE,
  }), { port: 0, logger: pino({ level: 'silent' }), checkSupergraph: false });
  base = g.url.replace(/\/graphql$/, '');
  return g;
}

beforeAll(async () => {
  hub = await startDataHub();
  gateway = await startOwnGateway();
});
afterAll(async () => {
  await gateway?.stop();
  await hub?.stop();
});

const BODY = { product: 'sales.orders', columns: ['orderId', 'status', 'amountCents'], where: { status: { in: ['paid', 'shipped'] } }, format: 'csv' };

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function untilJob(id: string, state: string, headers: Record<string, string> = {}): Promise<JobView> {
  for (let i = 0; i < 200; i++) {
    const job = await (await fetch(`${base}/exports/${id}`, { headers })).json() as JobView;
    if (job.state === state) return job;
    if (job.state !== 'running') throw new Error(`job ${id} is ${job.state}: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} still not ${state}`);
}

describe('asynchronous export jobs', () => {
  it('answers 202 with a status URL, survives a gateway restart, and downloads the same bytes as a synchronous export', async () => {
    const sync = Buffer.from(await (await post('/export', BODY)).arrayBuffer());
    const created = await post('/exports', BODY);
    expect(created.status).toBe(202);
    const job = await created.json() as JobView;
    expect(created.headers.get('location')).toBe(`/exports/${job.id}`);
    expect(job).toMatchObject({ state: 'running', statusUrl: `/exports/${job.id}` });
    const done = await untilJob(job.id, 'succeeded');
    const rows = sync.toString('utf8').trim().split('\n').length - 1;
    expect(done).toMatchObject({ size: sync.length, download: `/exports/${job.id}/file`, progress: { bytesWritten: sync.length, rowsWritten: rows } });
    // A publish after the job finished changes nothing in its file.
    await publishRows(hub.hub.store, hub.hub.contracts, 'sales.orders', 2, hub.hub.data.ordersV2.map((o) => ({ ...o, status: 'paid' })));
    await gateway.stop();
    gateway = await startOwnGateway();
    const again = await (await fetch(`${base}/exports/${job.id}`)).json() as JobView;
    expect(again.state).toBe('succeeded');
    const file = await fetch(`${base}${again.download!}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(Buffer.from(await file.arrayBuffer()).equals(sync)).toBe(true);
    expect(Buffer.from(await (await post('/export', BODY)).arrayBuffer()).equals(sync)).toBe(false);
  });

  it('finishes a job whose gateway stopped while it ran, pinned to the snapshots it started with', async () => {
    const created = await (await post('/exports', BODY)).json() as JobView;
    const finished = await untilJob(created.id, 'succeeded');
    const first = Buffer.from(await (await fetch(`${base}${finished.download!}`)).arrayBuffer());
    // As a gateway that died mid-export leaves it: running, silent for a while, no file.
    const store = hub.hub.store;
    const key = `${EXPORT_JOBS_PREFIX}${created.id}/job.json`;
    const stored = JSON.parse((await store.get(key)).toString('utf8')) as ExportJob;
    await store.put(key, JSON.stringify({ ...stored, state: 'running', updatedAt: new Date(Date.now() - 60_000).toISOString(), size: undefined }));
    await store.delete([`${EXPORT_JOBS_PREFIX}${created.id}/file`]);
    await publishRows(store, hub.hub.contracts, 'sales.orders', 2, hub.hub.data.ordersV2.map((o) => ({ ...o, status: 'shipped' })));
    const resumed = await untilJob(created.id, 'succeeded');
    expect(Buffer.from(await (await fetch(`${base}${resumed.download!}`)).arrayBuffer()).equals(first)).toBe(true);
  });

  it('shows a key only its own jobs, cancels, and refuses bad requests before starting a job', async () => {
    const created = await (await post('/exports', BODY, ALICE)).json() as JobView;
    await untilJob(created.id, 'succeeded', ALICE);
    for (const path of [`/exports/${created.id}`, `/exports/${created.id}/file`]) {
      const other = await fetch(`${base}${path}`, { headers: BOB });
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
    expect((await fetch(`${base}/exports/${created.id}`, { method: 'DELETE', headers: BOB })).status).toBe(404);
    const cancelled = await (await fetch(`${base}/exports/${created.id}`, { method: 'DELETE', headers: ALICE })).json() as JobView;
    expect(cancelled.state).toBe('cancelled');
    expect((await fetch(`${base}/exports/${created.id}/file`, { headers: ALICE })).status).toBe(400);
    expect((await post('/exports', { product: 'nowhere.things' }, ALICE)).status).toBe(404);
    expect((await post('/exports', BODY, { ...ALICE, accept: 'application/xml' })).status).toBe(406);
    const get = await fetch(`${base}/exports`, { headers: ALICE });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toEqual({ errors: [{ message: 'expected POST to /exports, got GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
  });

  it('forgets a job and its file once it expired', async () => {
    const created = await (await post('/exports', BODY, ALICE)).json() as JobView;
    await untilJob(created.id, 'succeeded', ALICE);
    const store = hub.hub.store;
    const key = `${EXPORT_JOBS_PREFIX}${created.id}/job.json`;
    const stored = JSON.parse((await store.get(key)).toString('utf8')) as ExportJob;
    await store.put(key, JSON.stringify({ ...stored, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    expect((await fetch(`${base}/exports/${created.id}`, { headers: ALICE })).status).toBe(404);
    expect(await store.list(`${EXPORT_JOBS_PREFIX}${created.id}/`)).toEqual([]);
  });
});
