import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gql } from './helpers/signedFetch';

describe('the generic subgraph runner (cli/subgraph.ts <name>) as a process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-proc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env, TESSERA_SUBGRAPH_PORT: '0', TESSERA_STORE: join(dir, 'store'), TESSERA_CACHE_DIR: join(dir, 'cache'),
    TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_LOG_LEVEL: 'silent', APOLLO_TELEMETRY_DISABLED: 'false',
  });

  it('serves any domain by name: listens on TESSERA_SUBGRAPH_PORT, reports ready over IPC, answers, exits cleanly on SIGTERM', async () => {
    const child = fork(resolve('cli/subgraph.ts'), ['customers'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: env() });
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
    }
  });

  it('refuses a name the registry does not declare, naming the registry (tessera serve)', async () => {
    const child = fork(resolve('cli/tessera.js'), ['serve', 'logistics'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: env() });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/subgraph logistics failed to start: expected an entry for subgraph "logistics" in schema\/domains\.yaml \(merchandising, customers, sales, platform\), found none/);
  });
});
