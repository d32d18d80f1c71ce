import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` as a user runs it (cli/start.ts through tsx), on an empty store and free ports: it publishes the
// sample, starts every subgraph and the gateway, prints the URLs, answers a cross-domain query, and Ctrl-C (SIGINT to
// the whole process group, as a terminal sends it) stops everything.
describe('npm start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-start-'));
    // A copy of the contracts: npm start regenerates stale SDL in place, and the checkout must stay as committed.
    await cp('schema', join(dir, 'schema'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the whole hub from an empty store and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'cli/start.ts'], {
      env: {
        ...process.env, TESSERA_STORE: join(dir, 'data'), TESSERA_CACHE_DIR: join(dir, 'cache'), TESSERA_SAMPLE_SCALE: '400',
        TESSERA_GATEWAY_PORT: '0', TESSERA_SUBGRAPH_PORT: '0', TESSERA_MONITOR_PORT: '0', TESSERA_DUCKDB_THREADS: '1',
        TESSERA_SCHEMA_DIR: join(dir, 'schema'), TESSERA_SUPERGRAPH_FILE: join(dir, 'schema', 'supergraph.graphql'),
      },
      detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !/Press Ctrl-C to stop/.test(output); i++) {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toMatch(/no snapshot of 6 sample product version\(s\): publishing merchandising\.products v1, .*sales\.customer_values v1\./);
      expect(output).toMatch(/published sales\.customer_values v1: 40 rows/);
      expect(output).toMatch(/published sales\.orders v2: 400 rows/);
      const endpoint = /GraphQL endpoint:\s+(\S+)/.exec(output)?.[1];
      expect(endpoint).toBeDefined();
      const subgraphUrls = [...output.matchAll(/subgraph \w+\s+(http:\/\/\S+)/g)].map((m) => m[1]!);
      expect(subgraphUrls).toHaveLength(4);
      const res = await fetch(endpoint!, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ordersV2(first: 2) { nodes { orderId customer { name } } } }' }),
      });
      const body = await res.json() as { data: { ordersV2: { nodes: { customer: { name: string } }[] } } };
      expect(body.data.ordersV2.nodes.map((n) => typeof n.customer.name)).toEqual(['string', 'string']);
      // The monitor's first round judges every sample product version.
      const monitorMetrics = /Monitor metrics:\s+(\S+)/.exec(output)?.[1];
      let text = '';
      for (let i = 0; i < 100 && !/tessera_snapshot_age_seconds\{product="sales.orders",version="2"\}/.test(text); i++) {
        text = await (await fetch(monitorMetrics!)).text();
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(text).toMatch(/tessera_freshness_state\{product="sales.orders",version="2",state="fresh"\} 1/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/Stopped\./);
    const endpoint = /GraphQL endpoint:\s+(\S+)/.exec(output)![1]!;
    const monitorUrl = /Monitor metrics:\s+(\S+)/.exec(output)![1]!;
    for (const url of [endpoint, monitorUrl, ...[...output.matchAll(/subgraph \w+\s+(http:\/\/\S+)/g)].map((m) => m[1]!)]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  }, 180_000);
});
