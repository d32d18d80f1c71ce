import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { prepareStore } from './benchStore';
import { gatewayHeaders, graphql } from './hubClient';
import { queryFamilies } from './queries/queryFamilies';
import { startBenchHub } from './startBenchHub';

/**
 * `tsx bench/profileFamily.ts <family> <requests> <orders> <dir>`: V8 CPU profiles of every hub process while one
 * family's gateway requests run one after another (summarise them with bench/summariseProfile.ts).
 */
async function main(): Promise<void> {
  const [id = 'Q4', n = '100', orders = '1000000', dir = 'bench/store/profiles'] = process.argv.slice(2);
  const store = await prepareStore(resolve('bench/store'), Number(orders), 2, (l) => process.stderr.write(`${l}\n`));
  await rm(resolve(dir), { recursive: true, force: true });
  const hub = await startBenchHub({ repoRoot: resolve('.'), storeRoot: store.root, threads: 2, memoryLimit: '2GB', nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`] });
  try {
    const family = queryFamilies(store.sizes).find((f) => f.id === id)!;
    const headers = gatewayHeaders(hub.apiKey);
    for (let i = 0; i < 10; i++) await graphql(hub.gatewayUrl, family.gateway(i), headers);
    await new Promise((r) => setTimeout(r, 8000));
    const started = performance.now();
    for (let i = 0; i < Number(n); i++) await graphql(hub.gatewayUrl, family.gateway(i + 10), headers);
    process.stderr.write(`${id}: ${n} requests, mean ${((performance.now() - started) / Number(n)).toFixed(1)} ms; pids ${hub.processes.map((p) => `${p.name}=${p.pid}`).join(' ')}\n`);
  } finally {
    await hub.stop();
  }
}
void main();
