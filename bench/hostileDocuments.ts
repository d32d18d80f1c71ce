/**
 * Worst answer time of small hostile GraphQL documents (each a few KB at most) against the whole hub: sample data at a
 * small scale in a temporary local folder, every subgraph as its own process, the gateway in this process. Each
 * document is sent `--repeat` times (default 20) one after another while `/livez` is polled; prints, per document, its
 * size, status and code, the worst and median answer times and the worst `/livez` time seen meanwhile.
 *
 *   npx tsx bench/hostileDocuments.ts [--repeat 20]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore } from '../engine/storage/localStore';
import {
  aliasBomb, deepNesting, deepValue, fragmentBomb, fragmentChain, fragmentCycle, hostileDocuments, hugeLiteral, repeatedFields,
} from '../test/gateway/helpers/hostileDocuments';
import { startHub } from '../test/e2e/helpers/startHub';
import { summarise } from './lib/latency';

/** Hostile documents over the product types, where the query planner crosses subgraphs. */
function productDocuments(): { name: string; query: string }[] {
  const relay = 'nodes { orderId customer { customerId ordersV2(first: 2) { nodes { orderId } } } }';
  return [
    { name: 'fragment bomb on orders, 40 levels', query: fragmentBomb(40, 'OrderV2Connection', relay).replace('dataProducts', 'ordersV2(first: 1)') },
    { name: 'fragment bomb on orders under the cap (8 levels)', query: fragmentBomb(8, 'OrderV2Connection', relay).replace('dataProducts', 'ordersV2(first: 1)') },
    { name: 'orders ↔ customers nested 12 deep', query: `{ ordersV2(first: 1) { nodes { ${'customer { ordersV2(first: 1) { nodes { '.repeat(5)}orderId${' } } }'.repeat(5)} } } }` },
    { name: '30 aliases of orders with customers', query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ordersV2(first: 3) { ${relay} }`).join(' ')} }` },
    { name: 'aggregates grouped by key, 30 aliases', query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ordersV2Aggregate(groupBy: [ORDER_ID]) { count }`).join(' ')} }` },
    { name: 'variable defaults 1000 × 1000', query: 'query($n: Int = 1000) { customersV1(first: $n) { nodes { ordersV2(first: $n) { nodes { orderId } } } } }' },
  ];
}

function catalogDocuments(): { name: string; query: string }[] {
  return [
    ...hostileDocuments(),
    { name: 'nested fields, 3000 deep', query: deepNesting(3000) },
    { name: 'aliases, 3000', query: aliasBomb(3000) },
    { name: 'same field 400 times', query: repeatedFields(400) },
    { name: 'string literal of 60,000', query: hugeLiteral(60_000) },
    { name: 'list value 5000 deep', query: deepValue(5000) },
    { name: 'fragment cycle of 200', query: fragmentCycle(200) },
    { name: 'fragment chain of 3000', query: fragmentChain(3000) },
    { name: 'mutation', query: 'mutation { whoami { subject } }' },
  ];
}

async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await call();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--repeat');
  const repeat = at > 0 ? Number(process.argv[at + 1]) : 20;
  const dir = await mkdtemp(join(tmpdir(), 'tessera-hostile-'));
  const hub = await startHub(new LocalStore(dir), { TESSERA_STORE: dir });
  try {
    const rows: string[] = ['| document | bytes | status, code | worst ms | median ms | worst /livez ms |', '|---|---|---|---|---|---|'];
    let worst = { ms: 0, name: '' };
    for (const { name, query } of [...productDocuments(), ...catalogDocuments()]) {
      const times: number[] = [];
      let livez = 0;
      let outcome = '';
      for (let i = 0; i < repeat; i++) {
        const probe = timed(() => fetch(new URL('/livez', hub.gateway.url)).then((r) => r.text()));
        const [answer, ms] = await timed(async () => {
          const res = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
          const body = await res.json() as { errors?: { extensions?: { code?: string } }[] };
          return `${res.status} ${body.errors?.[0]?.extensions?.code ?? 'ok'}`;
        });
        livez = Math.max(livez, (await probe)[1]);
        times.push(ms);
        outcome = answer;
      }
      const stats = summarise(times);
      if (stats.max > worst.ms) worst = { ms: stats.max, name };
      rows.push(`| ${name} | ${Buffer.byteLength(query)} | ${outcome} | ${stats.max.toFixed(1)} | ${stats.p50.toFixed(1)} | ${livez.toFixed(1)} |`);
    }
    console.log(rows.join('\n'));
    console.log(`\nworst answer: ${worst.ms.toFixed(1)} ms (${worst.name}), ${repeat} requests per document`);
  } finally {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
