import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { subgraphPort } from '../../engine/subgraph/startDomainSubgraph';
import { gql } from './helpers/signedFetch';

describe('subgraphs/<domain>/index.ts as a process', () => {
  it('listens on TESSERA_SUBGRAPH_PORT, reports ready over IPC, answers, and exits cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-proc-'));
    const child = fork(resolve('subgraphs/customers/index.ts'), [], {
      execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, TESSERA_SUBGRAPH_PORT: '0', TESSERA_STORE: join(dir, 'store'), TESSERA_CACHE_DIR: join(dir, 'cache'),
        TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_LOG_LEVEL: 'silent', APOLLO_TELEMETRY_DISABLED: 'false' },
    });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    try {
      const ready = await new Promise<{ type: string; name: string; url: string }>((res, rej) => {
        const timer = setTimeout(() => rej(new Error('no ready message within 30s')), 30_000);
        child.once('message', (m) => { clearTimeout(timer); res(m as { type: string; name: string; url: string }); });
        child.once('exit', (code) => rej(new Error(`exited early with ${code}`)));
      });
      expect(ready).toMatchObject({ type: 'ready', name: 'customers' });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const r = await gql(ready.url, '{ customersV1 { nodes { customerId } } }');
      expect(r.errors?.[0]?.extensions?.code).toBe('SNAPSHOT_NOT_FOUND');
      expect(stdout).toContain(ready.url);
      const exit = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('defaults the port to the base port plus the domain index', () => {
    expect(subgraphPort({}, 4001, ['catalog', 'customers', 'sales'], 'sales')).toBe(4003);
    expect(subgraphPort({ TESSERA_SUBGRAPH_PORT: '0' }, 4001, ['sales'], 'sales')).toBe(0);
    expect(() => subgraphPort({ TESSERA_SUBGRAPH_PORT: 'x' }, 4001, ['sales'], 'sales')).toThrow('TESSERA_SUBGRAPH_PORT');
  });
});
